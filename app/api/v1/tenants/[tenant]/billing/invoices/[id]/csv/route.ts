import { getInvoiceCsvOperation } from "@/lib/contracts/billing-usage";
import { getInvoiceOrThrow, invoiceToCsv } from "@/lib/server/billing/invoices";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/invoices/{id}/csv — the invoice as a CSV download.
export const GET = tenantRoute(getInvoiceCsvOperation, async ({ tenant, params }) => {
  const invoice = await getInvoiceOrThrow((await getDatabase()).db, tenant.id, params.id);
  return new Response(invoiceToCsv(invoice, tenant.slug), {
    headers: {
      "content-type": getInvoiceCsvOperation.responseContentType!,
      "content-disposition": `attachment; filename="apiary-${tenant.slug}-${invoice.id}.csv"`,
      "cache-control": "no-store",
    },
  });
});
