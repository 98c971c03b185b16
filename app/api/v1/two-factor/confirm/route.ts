import { confirmTwoFactorOperation } from "@/lib/contracts/auth";
import { confirmTwoFactor } from "@/lib/server/auth/two-factor";
import { getUserOrThrow } from "@/lib/server/auth/users";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// POST /api/v1/two-factor/confirm — a code from the authenticator turns two-factor on; backup codes, shown once.
export const POST = userRoute(confirmTwoFactorOperation, async ({ actor, body, audit }) => {
  audit.target = `user:${actor.userId}`;
  return confirmTwoFactor(await getUserOrThrow(actor.userId), body.code);
});
