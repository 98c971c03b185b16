import { latestPoint } from "@/components/metrics/chart-rows";
import type { TenantMetrics } from "@/lib/contracts/tenant-metrics";

/** The newest measured CPU and memory of an answer: what "using now" next to the quota bars says. */
export function usingNowOf(data: TenantMetrics): { cpuCores: number | null; memoryBytes: number | null } {
  return {
    cpuCores: latestPoint(data.series.timestamps, data.series.cpuCores)?.value ?? null,
    memoryBytes: latestPoint(data.series.timestamps, data.series.memoryBytes)?.value ?? null,
  };
}
