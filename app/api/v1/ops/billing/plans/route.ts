import { opsCreatePlanVersionOperation, opsListPlansOperation } from "@/lib/contracts/ops-billing";
import { createPlanVersion, listPlans, toPlan } from "@/lib/server/billing/price-book";
import { getDatabase } from "@/lib/server/db/get-database";
import { adminRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/billing/plans — every plan at its latest version.
export const GET = adminRoute(opsListPlansOperation, async () => {
  const { db } = await getDatabase();
  return { items: (await listPlans(db)).map(toPlan) };
});

// POST /api/v1/ops/billing/plans — a new plan or the next version of one; provisioning uses it from now on.
export const POST = adminRoute(opsCreatePlanVersionOperation, async ({ body, actor, audit }) => {
  const { db } = await getDatabase();
  const { name, includedCreditMinor, ...quota } = body;
  const plan = await createPlanVersion(db, { planName: name, ...quota, includedCreditMinor: BigInt(includedCreditMinor) }, actor.email);
  audit.target = `plan:${plan.planName}:${plan.version}`;
  return toPlan(plan);
});
