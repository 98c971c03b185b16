import { starRepositoryOperation, unstarRepositoryOperation } from "@/lib/contracts/images";
import type { Actor } from "@/lib/server/auth/actor";
import { ApiError } from "@/lib/server/http/api-error";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { starTenantRepository } from "@/lib/server/registry/repositories";

export const dynamic = "force-dynamic";

function personOf(actor: Actor): string {
  if (actor.kind !== "user") throw new ApiError("forbidden", "Stars belong to people: sign in to the console to star a repository.");
  return actor.userId;
}

// PUT /api/v1/tenants/{tenant}/repositories/{repo}/star — one star per person; starring twice changes nothing.
export const PUT = tenantRoute(starRepositoryOperation, async ({ tenant, params, actor }) => starTenantRepository(tenant, params.repo, personOf(actor), true));

// DELETE /api/v1/tenants/{tenant}/repositories/{repo}/star — removes the caller's star, if any.
export const DELETE = tenantRoute(unstarRepositoryOperation, async ({ tenant, params, actor }) => starTenantRepository(tenant, params.repo, personOf(actor), false));
