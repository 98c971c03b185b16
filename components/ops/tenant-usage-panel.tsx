"use client";

import { useState } from "react";

import { QueryPanel } from "@/components/ops/query-panel";
import { SelectField } from "@/components/ui/select-field";
import { Table, Td, Th } from "@/components/ui/table";
import { useTenantUsage } from "@/lib/client/use-ops-monitoring";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { formatMetricValue } from "@/lib/format/format-metric-value";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";
import { formatAge } from "@/components/metrics/data-age";

type Sort = "cpu" | "memory" | "pods";

/** Tenants ranked by CPU, memory or pods over the chosen range. */
export function TenantUsagePanel({ range }: { range: MetricsRange }) {
  const t = useT();
  const locale = useLocale();
  const [sort, setSort] = useState<Sort>("cpu");
  const query = useTenantUsage(range, sort);
  return (
    <QueryPanel
      title={t("opsOverview.tenantsHeading")}
      query={query}
      testId="panel-tenant-usage"
      isEmpty={(d) => d.items.length === 0}
      empty={t("opsOverview.tenantsEmpty")}
      status={(d) => (
        <span className="inline-flex items-center gap-3">
          {d.total > d.items.length ? <span>{t("opsOverview.shown", { shown: d.items.length, total: d.total })}</span> : null}
          {d.ageSeconds !== null ? <span>{t("opsOverview.updatedAgo", { age: formatAge(t, d.ageSeconds) })}</span> : null}
          <SelectField
            id="tenant-usage-sort"
            label={t("opsOverview.sortLabel")}
            hideLabel
            value={sort}
            onChange={(event) => setSort(event.target.value as Sort)}
            options={[
              { value: "cpu", label: `${t("opsOverview.sortLabel")}: ${t("opsOverview.sortCpu")}` },
              { value: "memory", label: `${t("opsOverview.sortLabel")}: ${t("opsOverview.sortMemory")}` },
              { value: "pods", label: `${t("opsOverview.sortLabel")}: ${t("opsOverview.sortPods")}` },
            ]}
          />
        </span>
      )}
    >
      {(d) => (
        <Table caption={t("opsOverview.tenantsHeading")}>
          <thead>
            <tr>
              <Th>{t("opsOverview.tenant")}</Th>
              <Th className="text-right">{t("opsOverview.cpuAverage")}</Th>
              <Th className="text-right">{t("opsOverview.memoryAverage")}</Th>
              <Th className="text-right">{t("opsOverview.requestedColumn")}</Th>
              <Th className="text-right">{t("opsOverview.pods")}</Th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((item) => (
              <tr key={item.namespace} data-testid="tenant-usage-row">
                <Td>
                  <span className="block font-medium">{item.tenant.name}</span>
                  <span className="font-mono text-xs text-muted-foreground">{item.namespace}</span>
                </Td>
                <Td className="text-right font-mono tabular-nums">{formatMetricValue(item.used.cpuCores, "cores", locale)}</Td>
                <Td className="text-right font-mono tabular-nums">{formatMetricValue(item.used.memoryBytes, "bytes", locale)}</Td>
                <Td className="text-right font-mono text-xs tabular-nums text-muted-foreground">
                  {formatMetricValue(item.requested.cpuCores, "cores", locale)} · {formatMetricValue(item.requested.memoryBytes, "bytes", locale)}
                </Td>
                <Td className="text-right tabular-nums">{item.pods}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </QueryPanel>
  );
}
