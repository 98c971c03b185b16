import "server-only";
import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { ApiKey, CreateApiKeyRequest, CreatedApiKey } from "@/lib/contracts/api-keys";
import { roleRank, type TenantRole } from "@/lib/contracts/permissions";
import { hashToken, newSecretToken } from "@/lib/server/auth/secret-token";
import { getDatabase } from "@/lib/server/db/get-database";
import { apiKeys, tenants, users } from "@/lib/server/db/schema";
import { accessMemo, forgetAccess } from "@/lib/server/auth/access-memo";
import { ApiError } from "@/lib/server/http/api-error";
import type { ResolvedTenant } from "./tenants";

export const API_KEY_PREFIX = "apk_";
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** Last use is recorded at most this often, so a busy CI key does not write on every request. */
const LAST_USED_INTERVAL_MS = 60_000;

type Row = typeof apiKeys.$inferSelect;

function toApiKey(row: Row, createdBy: string | null): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role as TenantRole,
    createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(tenant: ResolvedTenant): Promise<ApiKey[]> {
  const { db } = await getDatabase();
  const now = new Date();
  const rows = await db
    .select({ key: apiKeys, createdBy: users.email })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(and(eq(apiKeys.tenantId, tenant.id), isNull(apiKeys.revokedAt), or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now))))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map((row) => toApiKey(row.key, row.createdBy));
}

/**
 * Creates a key for the tenant. Its role may not outrank the creator's (an API key acting as creator may mint
 * keys only up to its own role), so a key can never be a way up.
 */
export async function createApiKey(
  tenant: ResolvedTenant,
  creator: { userId: string | null; email: string | null; role: TenantRole },
  request: CreateApiKeyRequest,
): Promise<CreatedApiKey> {
  if (roleRank(request.role) < roleRank(creator.role)) {
    throw new ApiError("forbidden", `A key cannot have a stronger role than its creator: you are ${creator.role}, the key asks for ${request.role}.`);
  }
  const { db } = await getDatabase();
  const key = newSecretToken(API_KEY_PREFIX);
  const expiresAt = request.expiresInDays ? new Date(Date.now() + request.expiresInDays * 86_400_000) : null;
  const [row] = await db
    .insert(apiKeys)
    .values({ tenantId: tenant.id, name: request.name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashToken(key), role: request.role, createdBy: creator.userId, expiresAt })
    .returning();
  return { ...toApiKey(row, creator.email), key };
}

export async function revokeApiKey(tenant: ResolvedTenant, id: string): Promise<Row> {
  const { db } = await getDatabase();
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.tenantId, tenant.id), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  forgetAccess();
  if (!row) throw new ApiError("not_found", `API key ${id} not found in tenant ${tenant.slug}`);
  return row;
}

const apiKeyMemo = accessMemo<{ key: Row; tenantStatus: string }>();

export interface ResolvedApiKey {
  id: string;
  name: string;
  tenantId: string;
  role: TenantRole;
}

/** The live key a bearer token names, or null (unknown, revoked, expired, or its tenant deleted). */
export async function resolveApiKey(token: string): Promise<ResolvedApiKey | null> {
  if (!token.startsWith(API_KEY_PREFIX) || token.length > 200) return null;
  const { db } = await getDatabase();
  const now = new Date();
  const keyHash = hashToken(token);
  const row = await apiKeyMemo.remember(keyHash, async () => {
    const [match] = await db
      .select({ key: apiKeys, tenantStatus: tenants.status })
      .from(apiKeys)
      .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
      .where(eq(apiKeys.keyHash, keyHash))
      .limit(1);
    return match ?? null;
  });
  if (!row || row.key.revokedAt || (row.key.expiresAt && row.key.expiresAt <= now) || row.tenantStatus === "deleted") return null;
  if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() >= LAST_USED_INTERVAL_MS) {
    const cutoff = new Date(now.getTime() - LAST_USED_INTERVAL_MS);
    row.key.lastUsedAt = now;
    // The condition makes concurrent requests write once per interval, not once each.
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.key.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))));
  }
  return { id: row.key.id, name: row.key.name, tenantId: row.key.tenantId, role: row.key.role as TenantRole };
}
