import { getBillingUsageOperation } from "@/lib/contracts/billing-usage";
import { billingRulesFromEnv, getBillingUsage } from "@/lib/server/billing/billing-usage";
import { getDatabase } from "@/lib/server/db/get-database";
import { getEnv } from "@/lib/server/env";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/usage?range=24h|7d|30d — usage and cost by workload, burn rate, days left, state.
export const GET = tenantRoute(getBillingUsageOperation, async ({ tenant, query }) =>
  getBillingUsage((await getDatabase()).db, tenant.id, query.range, billingRulesFromEnv(getEnv())),
);
