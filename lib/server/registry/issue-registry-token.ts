import "server-only";
import { and, eq } from "drizzle-orm";
import type { RegistryToken } from "@/lib/contracts/images";
import type { TenantRole } from "@/lib/contracts/permissions";
import { verifyAgainstDummy, verifyPassword } from "@/lib/server/auth/password-hash";
import { findUserByEmail, normalizeEmail } from "@/lib/server/auth/users";
import { getDatabase } from "@/lib/server/db/get-database";
import { repositories } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { limitSignIn } from "@/lib/server/http/rate-limit";
import { resolveApiKey, API_KEY_PREFIX } from "@/lib/server/tenancy/api-keys";
import { isBlockedWhileSuspended, roleHasPermission } from "@/lib/server/tenancy/role-permissions";
import { findMembershipRole, findTenantBySlug } from "@/lib/server/tenancy/tenants";
import { resolveRegistryRobot, robotUsername, ROBOT_USER_PREFIX } from "./registry-robots";
import { registrySettings } from "./registry-settings";
import { splitRepositoryName } from "./split-repository-name";
import { signRegistryToken, type RegistryAccess } from "./sign-registry-token";
import { loadTokenSigningKey } from "./token-signing-key";

/** Who asked for a registry token. */
export type RegistryClient =
  | { kind: "user"; userId: string; email: string }
  | { kind: "api_key"; tenantId: string; role: TenantRole; name: string }
  /** A tenant's pull-secret robot: pull on the tenant's repositories and public ones, never more. */
  | { kind: "robot"; tenantId: string; slug: string }
  | { kind: "anonymous" };

const WRONG_CREDENTIALS = "The email and password, or the API key, are wrong.";

/**
 * The caller behind `Authorization: Basic`: an API key as the password (any user name, as `docker login -u x
 * -p apk_…`), else an email and password checked like a sign-in (same throttle, same cost for unknown emails).
 * No header is an anonymous client. Accounts with two-factor authentication must use an API key: a password
 * alone is not enough for them anywhere.
 */
export async function authenticateRegistryClient(authorization: string | null, ip: string): Promise<RegistryClient> {
  if (!authorization) return { kind: "anonymous" };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
  if (!match) throw new ApiError("unauthorized", "Send the credentials as HTTP Basic (docker login does).");
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new ApiError("unauthorized", WRONG_CREDENTIALS);
  const username = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (username.startsWith(ROBOT_USER_PREFIX)) {
    const robot = await resolveRegistryRobot(username, secret);
    if (!robot) throw new ApiError("unauthorized", "The robot credential is not valid: it is unknown or was rotated.");
    return { kind: "robot", ...robot };
  }
  if (secret.startsWith(API_KEY_PREFIX)) {
    const key = await resolveApiKey(secret);
    if (!key) throw new ApiError("unauthorized", "The API key is not valid: it is unknown, revoked or expired.");
    return { kind: "api_key", tenantId: key.tenantId, role: key.role, name: key.name };
  }
  const email = normalizeEmail(username);
  await limitSignIn(ip, email);
  const user = await findUserByEmail(email);
  const passwordOk = user ? await verifyPassword(secret, user.passwordHash) : await verifyAgainstDummy(secret);
  if (!user || !passwordOk) throw new ApiError("unauthorized", WRONG_CREDENTIALS);
  if (user.totpEnabledAt) throw new ApiError("unauthorized", "This account uses two-factor authentication: log in to the registry with an API key as the password.");
  return { kind: "user", userId: user.id, email: user.email };
}

/** `repository:acme/web:pull,push` → its parts; names may not hold ':' but the type may carry `(class)`. */
export function parseScope(scope: string): RegistryAccess | null {
  const first = scope.indexOf(":");
  const last = scope.lastIndexOf(":");
  if (first < 0 || last === first) return null;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(",").filter(Boolean) };
}

/** The actions a role grants on a repository of its own tenant. Distribution's `*` stands for all of them. */
function actionsOfRole(role: TenantRole, suspended: boolean): Set<string> {
  const allowed = new Set<string>();
  if (roleHasPermission(role, "images:read")) allowed.add("pull");
  const writable = (permission: "images:write" | "images:delete") => roleHasPermission(role, permission) && !(suspended && isBlockedWhileSuspended(permission));
  if (writable("images:write")) allowed.add("push");
  if (writable("images:delete")) {
    allowed.add("delete");
    allowed.add("*");
  }
  return allowed;
}

/**
 * What the client may do on one requested scope: the requested actions its role allows on its own tenant's
 * repository, pull on a public repository for anyone signed in (and anonymous clients when the operator allows
 * it), nothing otherwise — an empty grant, so the registry refuses without telling whether the repository exists.
 */
export async function grantRegistryAccess(client: RegistryClient, requested: RegistryAccess): Promise<RegistryAccess> {
  const none = { ...requested, actions: [] };
  const match = requested.type === "repository" ? splitRepositoryName(requested.name) : null;
  if (!match) return none;
  const tenant = await findTenantBySlug(match.slug);
  if (!tenant) return none;
  let role: TenantRole | null = null;
  if (client.kind === "user") role = await findMembershipRole(tenant.id, client.userId);
  if (client.kind === "api_key" && client.tenantId === tenant.id) role = client.role;
  const allowed = role ? actionsOfRole(role, tenant.status === "suspended") : new Set<string>();
  // The robot only ever pulls: its pods need images, and a leaked pull secret must not be a way to push.
  if (client.kind === "robot" && client.tenantId === tenant.id) allowed.add("pull");
  if (!allowed.has("pull") && (client.kind !== "anonymous" || registrySettings().anonymousPull)) {
    const { db } = await getDatabase();
    const [repository] = await db
      .select({ public: repositories.public })
      .from(repositories)
      .where(and(eq(repositories.tenantId, tenant.id), eq(repositories.name, match.name)))
      .limit(1);
    if (repository?.public) allowed.add("pull");
  }
  return { ...requested, actions: requested.actions.filter((action) => allowed.has(action)) };
}

function subjectOf(client: RegistryClient): string {
  if (client.kind === "user") return client.email;
  if (client.kind === "api_key") return `api-key:${client.name}`;
  if (client.kind === "robot") return robotUsername(client.slug);
  return "";
}

/** GET /api/v1/registry/token: authenticates the client and signs a token with what each scope grants it. */
export async function issueRegistryToken(input: { authorization: string | null; ip: string; scopes: string[] }): Promise<RegistryToken> {
  const client = await authenticateRegistryClient(input.authorization, input.ip);
  const access: RegistryAccess[] = [];
  for (const scope of input.scopes.slice(0, 20)) {
    const requested = parseScope(scope);
    if (requested) access.push(await grantRegistryAccess(client, requested));
  }
  const settings = registrySettings();
  const signed = signRegistryToken(await loadTokenSigningKey(settings.dataDir), {
    subject: subjectOf(client),
    audience: settings.service,
    access,
    ttlSeconds: settings.tokenTtlSeconds,
  });
  return { token: signed.token, access_token: signed.token, expires_in: signed.expiresIn, issued_at: signed.issuedAt.toISOString() };
}

/** The subject of Apiary's own tokens; never a user's (emails hold '@') or a key's (`api-key:`). */
export const APIARY_REGISTRY_SUBJECT = "apiary";

/** A token for Apiary's own calls to the registry (tag deletes, manifest reads): whatever the caller names. */
export async function apiaryRegistryToken(access: RegistryAccess[]): Promise<string> {
  const settings = registrySettings();
  return signRegistryToken(await loadTokenSigningKey(settings.dataDir), { subject: APIARY_REGISTRY_SUBJECT, audience: settings.service, access, ttlSeconds: 60 }).token;
}
