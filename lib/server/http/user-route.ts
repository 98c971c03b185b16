import "server-only";
import type { z } from "zod";
import type { ApiOperation } from "@/lib/contracts/api-operation";
import type { UserActor } from "@/lib/server/auth/actor";
import type { ResolvedSession } from "@/lib/server/auth/sessions";
import { ApiError } from "./api-error";
import { routeWith, type AuthorizeInput, type RouteContext, type RouteResult } from "./route";

export type UserRouteContext<Q, B> = Omit<RouteContext<Q, B>, "actor"> & { actor: UserActor; session: ResolvedSession };

async function authorizeUser({ identity }: AuthorizeInput): Promise<{ actor: UserActor; session: ResolvedSession }> {
  if (!identity) throw new ApiError("unauthorized", "Sign in first.");
  if (identity.actor.kind !== "user" || !identity.session) {
    throw new ApiError("forbidden", "API keys cannot do this: it concerns a person's account. Sign in to the console instead.");
  }
  return { actor: identity.actor, session: identity.session };
}

/** A route about the signed-in person (their session, password, two-factor): a session cookie, not an API key. */
export function userRoute<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
  handler: (context: UserRouteContext<z.infer<Q>, z.infer<B>>) => Promise<RouteResult<z.infer<R>>>,
) {
  if (operation.access !== "signed-in" && operation.access !== "platform-admin") throw new Error(`userRoute(${operation.id}) needs access "signed-in"`);
  return routeWith(operation, authorizeUser, handler as never);
}

/** A platform-admin route (access "platform-admin" is enforced by the pipeline); the actor is the admin. */
export function adminRoute<Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  operation: ApiOperation<Q, B, R>,
  handler: (context: UserRouteContext<z.infer<Q>, z.infer<B>>) => Promise<RouteResult<z.infer<R>>>,
) {
  if (operation.access !== "platform-admin") throw new Error(`adminRoute(${operation.id}) needs access "platform-admin"`);
  return routeWith(operation, authorizeUser, handler as never);
}
