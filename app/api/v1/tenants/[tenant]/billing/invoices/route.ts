import { listInvoicesOperation } from "@/lib/contracts/billing-usage";
import { toInvoiceSummary } from "@/lib/server/billing/billing-usage";
import { listInvoices } from "@/lib/server/billing/invoices";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/invoices — monthly invoices, newest first (the current month as a draft).
export const GET = tenantRoute(listInvoicesOperation, async ({ tenant }) => ({
  items: (await listInvoices((await getDatabase()).db, tenant.id)).map(toInvoiceSummary),
}));
