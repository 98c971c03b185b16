import { registryTokenOperation } from "@/lib/contracts/images";
import { route } from "@/lib/server/http/route";
import { issueRegistryToken } from "@/lib/server/registry/issue-registry-token";
import { registryErrorResponse } from "@/lib/server/registry/registry-error-response";

export const dynamic = "force-dynamic";

// GET /api/v1/registry/token — Docker token auth: the registry's `auth.token.realm`. Every `scope` counts.
export const GET = route(registryTokenOperation, async ({ request, ip, requestId }) => {
  try {
    return await issueRegistryToken({ authorization: request.headers.get("authorization"), ip, scopes: new URL(request.url).searchParams.getAll("scope") });
  } catch (error) {
    return registryErrorResponse(error, requestId);
  }
});
