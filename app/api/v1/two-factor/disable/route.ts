import { disableTwoFactorOperation } from "@/lib/contracts/auth";
import { disableTwoFactor } from "@/lib/server/auth/two-factor";
import { getUserOrThrow } from "@/lib/server/auth/users";
import { userRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// POST /api/v1/two-factor/disable — needs the password and a current code (or a backup code).
export const POST = userRoute(disableTwoFactorOperation, async ({ actor, body, audit }) => {
  audit.target = `user:${actor.userId}`;
  await disableTwoFactor(await getUserOrThrow(actor.userId), body.password, body.code);
  return { ok: true as const };
});
