import { opsListTenantsByBalanceOperation } from "@/lib/contracts/ops-billing";
import { listTenantsByBalance } from "@/lib/server/billing/billing-reports";
import { getDatabase } from "@/lib/server/db/get-database";
import { adminRoute } from "@/lib/server/http/user-route";

export const dynamic = "force-dynamic";

// GET /api/v1/ops/billing/tenants — tenants by prepaid balance, lowest first unless asked otherwise.
export const GET = adminRoute(opsListTenantsByBalanceOperation, async ({ query }) => listTenantsByBalance((await getDatabase()).db, query));
