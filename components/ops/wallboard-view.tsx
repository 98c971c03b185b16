"use client";

import type { ReactNode } from "react";

import { formatAge } from "@/components/metrics/data-age";
import { CHART_COLORS, TimeSeriesChart } from "@/components/metrics/time-series-chart";
import { capacityPercent } from "@/components/ops/capacity-percent";
import { clusterFreshness } from "@/components/ops/cluster-capacity-panel";
import { cx } from "@/components/ui/cx";
import type { OpsRolloutList, OpsWarningEventList, TroubledPodList } from "@/lib/contracts/ops-monitoring";
import type { ClusterMetrics } from "@/lib/contracts/tenant-metrics";
import { formatMetricValue } from "@/lib/format/format-metric-value";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

export type WallboardData = {
  cluster: ClusterMetrics | undefined;
  /** When the cluster's answer arrived in this browser. */
  clusterReceivedAt: number;
  troubled: TroubledPodList | undefined;
  warnings: OpsWarningEventList | undefined;
  rollouts: OpsRolloutList | undefined;
};

export type WallboardConnection = {
  /** A refresh failed: the figures shown are the last ones that arrived. */
  lost: boolean;
  /** When the newest answer of any panel arrived (ms since the epoch); 0 before the first. */
  lastUpdateMs: number;
  nowMs: number;
  refreshSeconds: number;
};

function Tile({ label, value, detail, tone = "neutral", testId }: { label: string; value: ReactNode; detail?: ReactNode; tone?: "neutral" | "warning" | "danger" | "good"; testId: string }) {
  return (
    <div
      data-testid={testId}
      className={cx(
        "flex min-w-0 flex-col justify-between gap-2 rounded-2xl border bg-surface p-5 shadow-xs",
        tone === "danger" ? "border-danger/60" : tone === "warning" ? "border-amber-500/60" : "border-border",
      )}
    >
      <span className="text-lg font-medium text-muted-foreground lg:text-2xl">{label}</span>
      <span
        data-testid={`${testId}-value`}
        className={cx("font-mono text-5xl font-semibold tabular-nums tracking-tight lg:text-7xl", tone === "danger" ? "text-danger" : tone === "warning" ? "text-amber-600 dark:text-amber-400" : "text-foreground")}
      >
        {value}
      </span>
      {detail ? <span className="text-base text-muted-foreground lg:text-xl">{detail}</span> : null}
    </div>
  );
}

/**
 * What the wallboard shows, from whatever data it has: the last answers stay up when a refresh fails, under a banner
 * saying the connection is lost and how old the figures are. Large type, meant to be read across a room.
 */
export function WallboardView({ data, connection }: { data: WallboardData; connection: WallboardConnection }) {
  const t = useT();
  const locale = useLocale();
  const dash = t("opsWall.unavailable");
  const { cluster, troubled, warnings, rollouts } = data;
  const age = connection.lastUpdateMs > 0 ? formatAge(t, (connection.nowMs - connection.lastUpdateMs) / 1000) : null;
  const stale = cluster?.nodes.filter((node) => node.stale).length ?? 0;
  const resource = (metric: "cpuCores" | "memoryBytes", unit: "cores" | "bytes") => {
    if (!cluster) return { value: dash, detail: undefined };
    const used = capacityPercent(cluster.capacity.used[metric], cluster.capacity.allocatable[metric]);
    const requested = capacityPercent(cluster.capacity.requested[metric], cluster.capacity.allocatable[metric]);
    return {
      value: used === null ? dash : `${used}%`,
      detail: (
        <>
          {requested !== null ? t("opsWall.requestedPercent", { percent: requested }) : null}
          {requested !== null ? " · " : null}
          {t("opsWall.ofAllocatable", { value: formatMetricValue(cluster.capacity.allocatable[metric], unit, locale) })}
        </>
      ),
    };
  };
  const cpu = resource("cpuCores", "cores");
  const memory = resource("memoryBytes", "bytes");
  const count = (list: { total: number } | undefined) => (list ? list.total : dash);

  return (
    <div className="flex flex-1 flex-col gap-4 lg:gap-6" data-testid="wallboard" data-connection={connection.lost ? "lost" : "ok"}>
      <div
        role="status"
        aria-live="polite"
        data-testid="wall-connection"
        className={cx("rounded-xl px-4 py-2 text-lg font-medium lg:text-2xl", connection.lost ? "bg-danger text-white" : "text-muted-foreground")}
      >
        {connection.lost
          ? t("opsWall.connectionLost", { age: age ?? dash })
          : age !== null
            ? t("opsWall.updated", { age, seconds: connection.refreshSeconds })
            : t("opsWall.loading")}
      </div>
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4 lg:gap-6">
        <Tile
          testId="wall-nodes"
          label={t("opsWall.nodesUp")}
          value={cluster ? `${cluster.nodes.length - stale}/${cluster.nodes.length}` : dash}
          detail={cluster ? (stale > 0 ? t("opsWall.nodesStale", { n: stale }) : t("opsWall.allScraped")) : undefined}
          tone={stale > 0 ? "warning" : "neutral"}
        />
        <Tile testId="wall-cpu" label={t("opsWall.cpu")} value={cpu.value} detail={cpu.detail} />
        <Tile testId="wall-memory" label={t("opsWall.memory")} value={memory.value} detail={memory.detail} />
        <Tile testId="wall-pods" label={t("opsWall.pods")} value={cluster ? cluster.nodes.reduce((sum, node) => sum + node.pods, 0) : dash} />
        <Tile testId="wall-troubled" label={t("opsWall.troubledPods")} value={count(troubled)} tone={troubled && troubled.total > 0 ? "danger" : "neutral"} />
        <Tile testId="wall-rollouts" label={t("opsWall.rollouts")} value={count(rollouts)} />
        <Tile testId="wall-warnings" label={t("opsWall.warnings")} value={count(warnings)} tone={warnings && warnings.total > 0 ? "warning" : "neutral"} />
      </div>
      {cluster ? (
        <TimeSeriesChart
          title={t("opsWall.clusterCpu")}
          unit="cores"
          testId="wall-chart-cpu"
          timestamps={cluster.series.timestamps}
          lines={[{ key: "used", label: t("opsOverview.used"), values: cluster.series.cpuCores, color: CHART_COLORS.primary }]}
          references={cluster.capacity.allocatable.cpuCores !== null ? [{ key: "allocatable", label: t("opsOverview.allocatable"), value: cluster.capacity.allocatable.cpuCores, color: CHART_COLORS.limit }] : []}
          freshness={clusterFreshness(cluster, data.clusterReceivedAt)}
        />
      ) : null}
    </div>
  );
}
