import { listCatalogueOperation } from "@/lib/contracts/images";
import { routeWith } from "@/lib/server/http/route";
import { resolveIdentity } from "@/lib/server/http/identity";
import { assertMayBrowseCatalogue, listCatalogue } from "@/lib/server/registry/catalogue";

export const dynamic = "force-dynamic";

// GET /api/v1/catalogue — public repositories of every tenant. Declared public because anonymous callers may
// browse it when the operator allows anonymous pulls; otherwise the caller must be signed in.
export const GET = routeWith(
  listCatalogueOperation,
  async ({ request }) => {
    const identity = await resolveIdentity(request);
    assertMayBrowseCatalogue(identity !== null);
    return { viewerUserId: identity?.actor.kind === "user" ? identity.actor.userId : null };
  },
  async ({ query, viewerUserId }) => listCatalogue(query, viewerUserId),
);
