import "server-only";
import type { TenantRole } from "@/lib/contracts/permissions";

/** Who is calling, resolved on the server from the session cookie or the API key, never from request fields. */
export type Actor =
  | {
      kind: "user";
      userId: string;
      email: string;
      name: string;
      platformAdmin: boolean;
      /** The session the request came with. */
      sessionId: string;
    }
  | {
      kind: "api_key";
      apiKeyId: string;
      name: string;
      /** A key belongs to exactly one tenant and acts there with its own role. */
      tenantId: string;
      role: TenantRole;
    };

export type UserActor = Extract<Actor, { kind: "user" }>;

/** Kubernetes identity of an actor: users as apiary:user:<id>, keys as apiary:apikey:<id>. */
export function kubernetesUserOf(actor: Actor): string {
  return actor.kind === "user" ? `apiary:user:${actor.userId}` : `apiary:apikey:${actor.apiKeyId}`;
}
