import "server-only";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import { downsampleSeries } from "./downsample-series";
import { meanOf, readTargetSeries } from "./read-target-series";

const TOP = 5;
/** Points per workload sparkline: enough to show a shape, small enough for ten of them on the overview. */
export const SPARKLINE_POINTS = 60;

/** The namespace's workloads ranked by average CPU and by average memory over the range, five each. */
export async function topWorkloadsOf(cache: WatchCache, namespace: string, range: MetricsRange, nowMs: number) {
  const workloads = [
    ...cache.list("deployments", namespace).map((object) => ({ kind: "Deployment" as const, name: object.metadata?.name ?? "" })),
    ...cache.list("statefulsets", namespace).map((object) => ({ kind: "StatefulSet" as const, name: object.metadata?.name ?? "" })),
  ];
  const usage = await Promise.all(
    workloads.map(async ({ kind, name }) => {
      const { series } = await readTargetSeries(`workload:${namespace}/${kind}/${name}`, range, nowMs);
      const cpu = downsampleSeries(series.timestamps, series.cpuCores, SPARKLINE_POINTS);
      const memory = downsampleSeries(series.timestamps, series.memoryBytes, SPARKLINE_POINTS);
      return {
        name,
        kind,
        cpuCores: meanOf(series.cpuCores),
        memoryBytes: meanOf(series.memoryBytes),
        sparkline: { timestamps: cpu.timestamps, cpuCores: cpu.values, memoryBytes: memory.values },
      };
    }),
  );
  const by = (metric: "cpuCores" | "memoryBytes") =>
    usage
      .filter((workload) => workload[metric] !== null)
      .sort((a, b) => b[metric]! - a[metric]! || a.name.localeCompare(b.name))
      .slice(0, TOP);
  return { byCpu: by("cpuCores"), byMemory: by("memoryBytes") };
}
