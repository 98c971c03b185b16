import { getTenantPriceCardOperation } from "@/lib/contracts/billing-prices";
import { priceCardAt } from "@/lib/server/billing/price-book";
import { getDatabase } from "@/lib/server/db/get-database";
import { tenantRoute } from "@/lib/server/http/tenant-route";

export const dynamic = "force-dynamic";

// GET /api/v1/tenants/{tenant}/billing/prices — the price card in force now (rates only).
export const GET = tenantRoute(getTenantPriceCardOperation, async () => {
  const card = await priceCardAt((await getDatabase()).db, new Date());
  return {
    version: card.version,
    currency: card.currency,
    cpuMicroMinorPerVcpuHour: card.cpuMicroMinorPerVcpuHour.toString(),
    memoryMicroMinorPerGiBHour: card.memoryMicroMinorPerGiBHour.toString(),
    volumeMicroMinorPerGiBMonth: card.volumeMicroMinorPerGiBMonth.toString(),
    effectiveFrom: card.effectiveFrom.toISOString(),
  };
});
