import { signupOperation } from "@/lib/contracts/auth";
import { newSessionCookie } from "@/lib/server/auth/session-cookie";
import { signUp } from "@/lib/server/auth/sign-up";
import { toUser } from "@/lib/server/auth/users";
import { route } from "@/lib/server/http/route";
import { getTenantDetail } from "@/lib/server/tenancy/tenants";

export const dynamic = "force-dynamic";

// POST /api/v1/signup — account + tenant (or invitation), session cookie, namespace provisioned before answering.
export const POST = route(signupOperation, async ({ body, request, ip, audit, setCookies }) => {
  audit.actor = { kind: "anonymous", label: body.email };
  const result = await signUp(body, { ip, userAgent: request.headers.get("user-agent") });
  audit.actor = { kind: "user", userId: result.user.id, email: result.user.email, name: result.user.name, platformAdmin: false, sessionId: result.session.id };
  audit.tenant = { id: result.tenant.id, slug: result.tenant.slug };
  audit.target = `user:${result.user.id}`;
  audit.details = { tenantStatus: result.tenant.status, viaInvitation: Boolean(body.invitationToken) };
  setCookies.push(newSessionCookie(request, result.session));
  return { user: toUser(result.user), tenant: await getTenantDetail(result.tenant.id, result.role) };
});
