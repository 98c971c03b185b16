import { deleteRepositoryTagOperation } from "@/lib/contracts/images";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { deleteRepositoryTag } from "@/lib/server/registry/repositories";

export const dynamic = "force-dynamic";

// DELETE /api/v1/tenants/{tenant}/repositories/{repo}/tags/{tag} — the registry deletes the manifest by digest.
export const DELETE = tenantRoute(deleteRepositoryTagOperation, async ({ tenant, params, audit }) => {
  const deleted = await deleteRepositoryTag(tenant, params.repo, params.tag);
  audit.details = { digest: deleted.digest, tags: deleted.tags };
  return { ok: true as const };
});
