import { opsGetRevenueSummaryOperation } from "@/lib/contracts/ops-billing";
import { getRevenueSummary } from "@/lib/server/billing/billing-reports";
import { getDatabase } from "@/lib/server/db/get-database";
import { adminRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/billing/revenue — usage charged, uncollected, cash and promotions over a period (default: this month).
export const GET = adminRoute(opsGetRevenueSummaryOperation, async ({ query }) => {
  const now = new Date();
  const from = query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const to = query.to ? new Date(query.to) : now;
  return getRevenueSummary((await getDatabase()).db, { from, to });
});
