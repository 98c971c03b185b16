import { z } from "zod";
import { defineOperation } from "./api-operation";
import { Done, Timestamp } from "./common";
import { TenantRole } from "./permissions";

// API keys for automation: `Authorization: Bearer apk_…` on any /api/v1 route of the key's tenant, with the
// key's role. The key is shown once at creation and stored only as a SHA-256 hash.

export const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The first characters of the key, to recognise it (`apk_AbCd1234`). */
    prefix: z.string(),
    role: TenantRole,
    createdBy: z.string().nullable().describe("Email of the member who created it."),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    /** Updated at most once a minute. */
    lastUsedAt: Timestamp.nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.infer<typeof ApiKey>;

export const ApiKeyList = z.object({ items: z.array(ApiKey) }).meta({ id: "ApiKeyList" });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const CreateApiKeyRequest = z
  .object({
    name: z.string().trim().min(1, "required").max(100, "at most 100 characters"),
    /** At most the creator's own role. */
    role: TenantRole,
    expiresInDays: z.number().int().min(1).max(3650).optional().describe("Days until the key stops working; none = never."),
  })
  .meta({ id: "CreateApiKeyRequest" });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

export const CreatedApiKey = ApiKey.extend({
  /** The key itself. Shown only in this answer; Apiary keeps only its hash. */
  key: z.string(),
}).meta({ id: "CreatedApiKey" });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const listApiKeysOperation = defineOperation({
  id: "listApiKeys",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/api-keys",
  summary: "The tenant's active API keys (never the keys themselves)",
  tag: "API keys",
  access: "signed-in",
  permission: "api-keys:read",
  response: ApiKeyList,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const createApiKeyOperation = defineOperation({
  id: "createApiKey",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/api-keys",
  summary: "Create an API key; the answer holds the key, shown once",
  description: "The key's role may not be stronger than the creator's.",
  tag: "API keys",
  access: "signed-in",
  permission: "api-keys:write",
  body: CreateApiKeyRequest,
  response: CreatedApiKey,
  successStatus: 201,
  errors: ["unauthorized", "forbidden", "not_found"],
});

export const revokeApiKeyOperation = defineOperation({
  id: "revokeApiKey",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/api-keys/{id}",
  summary: "Revoke an API key; it stops working at once",
  tag: "API keys",
  access: "signed-in",
  permission: "api-keys:write",
  response: Done,
  errors: ["unauthorized", "forbidden", "not_found"],
});
