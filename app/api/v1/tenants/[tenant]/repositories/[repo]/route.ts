import { updateRepositoryOperation } from "@/lib/contracts/images";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { updateRepository } from "@/lib/server/registry/repositories";

export const dynamic = "force-dynamic";

// PATCH /api/v1/tenants/{tenant}/repositories/{repo} — public/private and description.
export const PATCH = tenantRoute(updateRepositoryOperation, async ({ tenant, params, body, audit, actor }) => {
  audit.details = { ...body, description: body.description === undefined ? undefined : "(changed)" };
  return updateRepository(tenant, params.repo, body, actor.kind === "user" ? actor.userId : null);
});
