import { enrolTwoFactorOperation } from "@/lib/contracts/auth";
import { enrolTwoFactor } from "@/lib/server/auth/two-factor";
import { getUserOrThrow } from "@/lib/server/auth/users";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// POST /api/v1/two-factor/enrol — a new TOTP secret, shown once; inactive until confirmed.
export const POST = userRoute(enrolTwoFactorOperation, async ({ actor, body, audit }) => {
  audit.target = `user:${actor.userId}`;
  return enrolTwoFactor(await getUserOrThrow(actor.userId), body.password);
});
