import { getInvoiceOperation } from "@/lib/contracts/billing-usage";
import { toInvoice } from "@/lib/server/billing/billing-usage";
import { getInvoiceOrThrow } from "@/lib/server/billing/invoices";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/invoices/{id} — one month's invoice (id YYYY-MM) with its lines.
export const GET = tenantRoute(getInvoiceOperation, async ({ tenant, params }) => toInvoice(await getInvoiceOrThrow((await getDatabase()).db, tenant.id, params.id)));
