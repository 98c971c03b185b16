import "server-only";
import type { ResourceAmounts } from "@/lib/contracts/tenant-metrics";

/** The sum of each metric over the items; null for a metric none of them has (unknown, not zero). */
export function sumAmounts(items: readonly ResourceAmounts[]): ResourceAmounts {
  const sum = (metric: keyof ResourceAmounts) => (items.some((item) => item[metric] !== null) ? items.reduce((acc, item) => acc + (item[metric] ?? 0), 0) : null);
  return { cpuCores: sum("cpuCores"), memoryBytes: sum("memoryBytes") };
}

/** The newest present value, or null. */
export function lastPresent(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}
