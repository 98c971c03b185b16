import { changePasswordOperation } from "@/lib/contracts/auth";
import { changePassword } from "@/lib/server/auth/change-password";
import { getUserOrThrow } from "@/lib/server/auth/users";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// POST /api/v1/password — change the password; every other session of the user ends.
export const POST = userRoute(changePasswordOperation, async ({ actor, body, ip, audit }) => {
  audit.target = `user:${actor.userId}`;
  const endedSessions = await changePassword(await getUserOrThrow(actor.userId), actor.sessionId, body, ip);
  audit.details = { endedSessions };
  return { ok: true as const, endedSessions };
});
