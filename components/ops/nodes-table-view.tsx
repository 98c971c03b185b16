"use client";

import { Fragment, type ReactNode } from "react";

import { capacityPercent } from "@/components/ops/capacity-percent";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/client/format-timestamp";
import type { ClusterMetrics } from "@/lib/contracts/tenant-metrics";
import { formatMetricValue, type MetricUnit } from "@/lib/format/format-metric-value";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type Node = ClusterMetrics["nodes"][number];

function Triple({ node, metric, unit }: { node: Node; metric: "cpuCores" | "memoryBytes"; unit: MetricUnit }) {
  const locale = useLocale();
  const percent = capacityPercent(node.used[metric], node.allocatable[metric]);
  return (
    <span className="font-mono text-xs tabular-nums">
      <span className={node.stale ? "text-muted-foreground line-through" : "text-foreground"}>{formatMetricValue(node.used[metric], unit, locale)}</span>
      {" / "}
      {formatMetricValue(node.requested[metric], unit, locale)}
      {" / "}
      {formatMetricValue(node.allocatable[metric], unit, locale)}
      {percent !== null ? <span className="ml-1 text-muted-foreground">({percent}%)</span> : null}
    </span>
  );
}

/**
 * The nodes with used / requested / allocatable, pods and scrape state. A stale node is marked in words and colour,
 * with its last error and last successful scrape, and its used figures are struck through: they are old, not current.
 */
export function NodesTableView({ nodes, expanded, onToggle, renderCharts }: { nodes: readonly Node[]; expanded: string | null; onToggle: (node: string) => void; renderCharts: (node: string) => ReactNode }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("opsNodes.tableCaption")}>
      <thead>
        <tr>
          <Th>{t("opsNodes.name")}</Th>
          <Th>{t("opsNodes.cpu")}</Th>
          <Th>{t("opsNodes.memory")}</Th>
          <Th className="text-right">{t("opsNodes.pods")}</Th>
          <Th>{t("opsNodes.scrape")}</Th>
          <Th>
            <span className="sr-only">{t("common.actions")}</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => {
          const open = expanded === node.name;
          return (
            <Fragment key={node.name}>
              <tr data-testid="node-row" data-node={node.name} data-stale={node.stale} className={node.stale ? "bg-amber-500/5" : undefined}>
                <Td className="font-mono text-sm font-medium">{node.name}</Td>
                <Td>
                  <Triple node={node} metric="cpuCores" unit="cores" />
                </Td>
                <Td>
                  <Triple node={node} metric="memoryBytes" unit="bytes" />
                </Td>
                <Td className="text-right tabular-nums" data-testid="node-pods">
                  {node.pods}
                </Td>
                <Td>
                  {node.stale ? (
                    <div className="space-y-1" data-testid="node-stale">
                      <Badge tone="warning">{t("opsNodes.scrapeStale")}</Badge>
                      <span className="sr-only">{t("opsNodes.staleExplained")}</span>
                      {node.lastError ? (
                        <span className="block max-w-64 truncate text-xs text-danger" title={node.lastError}>
                          {node.lastError}
                        </span>
                      ) : null}
                      <span className="block text-xs text-muted-foreground">{node.lastScrapeAt ? t("opsNodes.lastSuccess", { time: formatDateTime(node.lastScrapeAt, locale) }) : t("opsNodes.neverScraped")}</span>
                    </div>
                  ) : node.lastScrapeAt ? (
                    <Badge tone="success">{t("opsNodes.scrapeOk")}</Badge>
                  ) : (
                    <span className="text-xs text-muted-foreground">{t("opsNodes.neverScraped")}</span>
                  )}
                </Td>
                <Td className="text-right">
                  <Button variant="secondary" size="sm" aria-expanded={open} aria-controls={`node-charts-${node.name}`} onClick={() => onToggle(node.name)}>
                    {open ? t("opsNodes.hideCharts", { node: node.name }) : t("opsNodes.showCharts", { node: node.name })}
                  </Button>
                </Td>
              </tr>
              {open ? (
                <tr id={`node-charts-${node.name}`}>
                  <Td colSpan={6} className="bg-muted/30">
                    {renderCharts(node.name)}
                  </Td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </Table>
  );
}
