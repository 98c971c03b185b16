import "server-only";
import { WINDOW_METRICS, type WindowMetric } from "./metric-window";

// The rollup tables' column names per metric (lib/server/db/schema.ts metricRollups1m/1h): `<metric>_avg` and
// `<metric>_max` in snake case, e.g. cpuCores → cpu_cores_avg.

export const ROLLUP_SERIES_PREFIXES = ["workload:", "namespace:", "node:", "cluster"] as const;

function snake(metric: WindowMetric): string {
  return metric.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export const ROLLUP_COLUMNS: readonly { metric: WindowMetric; avg: string; max: string; avgKey: `${WindowMetric}Avg`; maxKey: `${WindowMetric}Max` }[] =
  WINDOW_METRICS.map((metric) => ({ metric, avg: `${snake(metric)}_avg`, max: `${snake(metric)}_max`, avgKey: `${metric}Avg`, maxKey: `${metric}Max` }));

/** Series kept in the database: workloads, namespaces, nodes and the cluster; pods are too many. */
export function isRolledUpSeries(key: string): boolean {
  return ROLLUP_SERIES_PREFIXES.some((prefix) => key.startsWith(prefix));
}
