import { starCatalogueRepositoryOperation, unstarCatalogueRepositoryOperation } from "@/lib/contracts/images";
import { userRoute } from "@/lib/server/http/user-route";
import { starCatalogueRepository } from "@/lib/server/registry/catalogue";

export const dynamic = "force-dynamic";

// PUT /api/v1/catalogue/{tenant}/{repo}/star — a person's star on a public repository of any tenant.
export const PUT = userRoute(starCatalogueRepositoryOperation, async ({ params, actor, audit }) => {
  audit.target = `repository:${params.tenant}/${params.repo}`;
  return starCatalogueRepository(params.tenant, params.repo, actor.userId, true);
});

// DELETE /api/v1/catalogue/{tenant}/{repo}/star — removes that star, if any.
export const DELETE = userRoute(unstarCatalogueRepositoryOperation, async ({ params, actor, audit }) => {
  audit.target = `repository:${params.tenant}/${params.repo}`;
  return starCatalogueRepository(params.tenant, params.repo, actor.userId, false);
});
