import { createApiKeyOperation, listApiKeysOperation } from "@/lib/contracts/api-keys";
import { tenantRoute } from "@/lib/server/http/tenant-route";
import { createApiKey, listApiKeys } from "@/lib/server/tenancy/api-keys";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/api-keys — active keys: prefix, name, role, dates, last use; never the key.
export const GET = tenantRoute(listApiKeysOperation, async ({ tenant }) => ({ items: await listApiKeys(tenant) }));

// POST /api/v1/tenants/{tenant}/api-keys — a new key, in this answer only; no stronger than its creator.
export const POST = tenantRoute(createApiKeyOperation, async ({ tenant, actor, role, body, audit }) => {
  const created = await createApiKey(
    tenant,
    { userId: actor.kind === "user" ? actor.userId : null, email: actor.kind === "user" ? actor.email : null, role },
    body,
  );
  audit.target = `api_key:${created.id}`;
  audit.details = { name: body.name, role: body.role, expiresInDays: body.expiresInDays ?? null };
  return created;
});
