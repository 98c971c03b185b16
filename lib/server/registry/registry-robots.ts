import "server-only";
import { timingSafeEqual } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { hashToken, newSecretToken } from "@/lib/server/auth/secret-token";
import { getDatabase } from "@/lib/server/db/get-database";
import { registryRobots, tenants } from "@/lib/server/db/schema";

/** The user name of a tenant's robot is `robot$<slug>`, as Harbor names its robots; `$` never appears in an email. */
export const ROBOT_USER_PREFIX = "robot$";
/** Robot secrets carry a prefix of their own, so they are recognisable by secret scanners and never taken for an API key. */
const ROBOT_SECRET_PREFIX = "rbs_";

export function robotUsername(slug: string): string {
  return `${ROBOT_USER_PREFIX}${slug}`;
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The robot secret provisioning should write: the one already in the cluster (`current`) while it is still the
 * robot's, else a new one whose hash replaces the stored one. So a re-run keeps the credential, and a Secret lost
 * or edited in the cluster heals with a fresh credential (the old one, if any, stops working).
 */
export async function ensureRegistryRobotSecret(tenantId: string, current: string | null): Promise<string> {
  const { db } = await getDatabase();
  const [row] = await db.select({ secretHash: registryRobots.secretHash }).from(registryRobots).where(eq(registryRobots.tenantId, tenantId));
  if (row && current && sameHash(hashToken(current), row.secretHash)) return current;
  return (await rotateRegistryRobotSecret(tenantId)).secret;
}

/** A new robot secret; the previous one stops working at once, since only the stored hash is ever checked. */
export async function rotateRegistryRobotSecret(tenantId: string): Promise<{ secret: string; rotatedAt: Date }> {
  const { db } = await getDatabase();
  const secret = newSecretToken(ROBOT_SECRET_PREFIX);
  const now = new Date();
  await db
    .insert(registryRobots)
    .values({ tenantId, secretHash: hashToken(secret), createdAt: now, rotatedAt: now })
    .onConflictDoUpdate({ target: registryRobots.tenantId, set: { secretHash: hashToken(secret), rotatedAt: now } });
  return { secret, rotatedAt: now };
}

/** The tenant whose robot presents these credentials, or null (not a robot name, wrong secret, tenant deleted). */
export async function resolveRegistryRobot(username: string, secret: string): Promise<{ tenantId: string; slug: string } | null> {
  if (!username.startsWith(ROBOT_USER_PREFIX) || secret.length > 200) return null;
  const slug = username.slice(ROBOT_USER_PREFIX.length);
  const { db } = await getDatabase();
  const [row] = await db
    .select({ tenantId: tenants.id, slug: tenants.slug, secretHash: registryRobots.secretHash })
    .from(registryRobots)
    .innerJoin(tenants, eq(tenants.id, registryRobots.tenantId))
    .where(and(eq(tenants.slug, slug), ne(tenants.status, "deleted")))
    .limit(1);
  if (!row || !sameHash(hashToken(secret), row.secretHash)) return null;
  return { tenantId: row.tenantId, slug: row.slug };
}
