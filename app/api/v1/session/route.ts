import { getSessionOperation, signInOperation, signOutOperation } from "@/lib/contracts/auth";
import { clearSessionCookieHeader, newSessionCookie, readSessionCookie } from "@/lib/server/auth/session-cookie";
import { deleteSessionByToken, sessionLifetimeMs } from "@/lib/server/auth/sessions";
import { signIn } from "@/lib/server/auth/sign-in";
import { buildWhoAmI } from "@/lib/server/auth/who-am-i";
import { getUserOrThrow } from "@/lib/server/auth/users";
import { route } from "@/lib/server/http/route";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// POST /api/v1/session — sign in; always a new session id (rotation), the old cookie's session is ended.
export const POST = route(signInOperation, async ({ body, request, ip, audit, setCookies }) => {
  audit.actor = { kind: "anonymous", label: body.email };
  const { user, session } = await signIn(body, { ip, userAgent: request.headers.get("user-agent") });
  const previous = readSessionCookie(request);
  if (previous) await deleteSessionByToken(previous);
  audit.actor = { kind: "user", userId: user.id, email: user.email, name: user.name, platformAdmin: user.platformAdmin, sessionId: session.id };
  audit.target = `session:${session.id}`;
  setCookies.push(newSessionCookie(request, session));
  const now = new Date();
  const idleExpiresAt = new Date(Math.min(now.getTime() + sessionLifetimeMs().idleMs, session.expiresAt.getTime()));
  return buildWhoAmI(user, { id: session.id, createdAt: now, idleExpiresAt, expiresAt: session.expiresAt });
});

// GET /api/v1/session — who am I.
export const GET = userRoute(getSessionOperation, async ({ actor, session }) => {
  const user = await getUserOrThrow(actor.userId);
  return buildWhoAmI(user, { id: session.session.id, createdAt: session.session.createdAt, idleExpiresAt: session.idleExpiresAt, expiresAt: session.session.expiresAt });
});

// DELETE /api/v1/session — sign out: the session ends on the server, the cookie is cleared.
export const DELETE = route(signOutOperation, async ({ request, audit, setCookies }) => {
  const token = readSessionCookie(request);
  const ended = token ? await deleteSessionByToken(token) : null;
  if (!ended) audit.skip = true;
  else audit.target = `session:${ended}`;
  setCookies.push(clearSessionCookieHeader(request));
  return { ok: true as const };
});
