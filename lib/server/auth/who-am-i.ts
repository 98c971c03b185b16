import "server-only";
import type { WhoAmI } from "@/lib/contracts/auth";
import { listTenantsOfUser } from "@/lib/server/tenancy/tenants";
import { toUser, type UserRow } from "./users";

export async function buildWhoAmI(user: UserRow, session: { id: string; createdAt: Date; idleExpiresAt: Date; expiresAt: Date }): Promise<WhoAmI> {
  return {
    user: toUser(user),
    tenants: await listTenantsOfUser(user.id),
    platformAdmin: user.platformAdmin,
    session: {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      idleExpiresAt: session.idleExpiresAt.toISOString(),
      expiresAt: session.expiresAt.toISOString(),
    },
  };
}
