import { revokeSessionOperation } from "@/lib/contracts/auth";
import { deleteUserSession } from "@/lib/server/auth/sessions";
import { ApiError } from "@/lib/server/http/api-error";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// DELETE /api/v1/sessions/{id} — end one of the caller's own sessions (another user's id is simply not found).
export const DELETE = userRoute(revokeSessionOperation, async ({ actor, params, audit }) => {
  audit.target = `session:${params.id}`;
  const ended = /^[0-9a-f-]{36}$/i.test(params.id) && (await deleteUserSession(actor.userId, params.id));
  if (!ended) throw new ApiError("not_found", `Session ${params.id.slice(0, 40)} not found.`);
  return { ok: true as const };
});
