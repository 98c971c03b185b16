import { getTenantBalanceOperation } from "@/lib/contracts/billing";
import { getTenantBalance } from "@/lib/server/billing/billing-reports";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/balance — prepaid balance, floor, currency and billing state.
export const GET = tenantRoute(getTenantBalanceOperation, async ({ tenant }) => getTenantBalance((await getDatabase()).db, tenant.id));
