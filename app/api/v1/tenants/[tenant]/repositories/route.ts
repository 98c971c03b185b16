import { createRepositoryOperation, listRepositoriesOperation } from "@/lib/contracts/images";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { createRepository, listRepositories } from "@/lib/server/registry/repositories";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/repositories — from the database the registry's events keep in step.
export const GET = tenantRoute(listRepositoriesOperation, async ({ tenant, query, actor }) =>
  listRepositories(tenant, query, actor.kind === "user" ? actor.userId : null),
);

// POST /api/v1/tenants/{tenant}/repositories — an empty repository (private unless asked), ready for a push.
export const POST = tenantRoute(createRepositoryOperation, async ({ tenant, body, audit }) => {
  audit.target = `repository:${tenant.slug}/${body.name}`;
  return createRepository(tenant, body);
});
