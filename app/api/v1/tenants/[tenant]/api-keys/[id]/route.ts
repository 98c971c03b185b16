import { revokeApiKeyOperation } from "@/lib/contracts/api-keys";
import { ApiError } from "@/lib/server/http/api-error";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { revokeApiKey } from "@/lib/server/tenancy/api-keys";

export const dynamic = "force-dynamic";

// DELETE /api/v1/tenants/{tenant}/api-keys/{id} — the key stops working at once.
export const DELETE = tenantRoute(revokeApiKeyOperation, async ({ tenant, params, audit }) => {
  audit.target = `api_key:${params.id.slice(0, 40)}`;
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) throw new ApiError("not_found", `API key ${params.id.slice(0, 40)} not found in tenant ${tenant.slug}`);
  const revoked = await revokeApiKey(tenant, params.id);
  audit.details = { name: revoked.name };
  return { ok: true as const };
});
