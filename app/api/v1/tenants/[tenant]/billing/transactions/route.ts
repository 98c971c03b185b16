import { listTenantTransactionsOperation } from "@/lib/contracts/billing";
import { listTenantTransactions } from "@/lib/server/billing/billing-reports";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/transactions — money in and out, newest first, cursor-paged.
export const GET = tenantRoute(listTenantTransactionsOperation, async ({ tenant, query }) => listTenantTransactions((await getDatabase()).db, tenant.id, query));
