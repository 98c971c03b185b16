"use client";

import { QueryPanel } from "@/components/ops/query-panel";
import { TenantRefCell } from "@/components/ops/tenant-ref-cell";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { formatRelative } from "@/lib/client/format-timestamp";
import { useTroubledPods } from "@/lib/client/use-ops-monitoring";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** Pods that failed, are stuck (CrashLoopBackOff, image pull errors) or restarted in the last hour, in every tenant. */
export function TroubledPodsPanel() {
  const t = useT();
  const locale = useLocale();
  const query = useTroubledPods();
  return (
    <QueryPanel
      title={t("opsOverview.troubledHeading")}
      query={query}
      testId="panel-troubled-pods"
      isEmpty={(d) => d.items.length === 0}
      empty={t("opsOverview.troubledEmpty")}
      status={(d) => (d.total > d.items.length ? t("opsOverview.shown", { shown: d.items.length, total: d.total }) : null)}
    >
      {(d) => (
        <Table caption={t("opsOverview.troubledHeading")}>
          <thead>
            <tr>
              <Th>{t("opsOverview.tenant")}</Th>
              <Th>{t("opsOverview.pod")}</Th>
              <Th>{t("opsOverview.reason")}</Th>
              <Th className="text-right">{t("opsOverview.restarts")}</Th>
              <Th>{t("opsOverview.since")}</Th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((pod) => (
              <tr key={`${pod.namespace}/${pod.name}`} data-testid="troubled-pod-row">
                <Td>
                  <TenantRefCell tenant={pod.tenant} namespace={pod.namespace} />
                </Td>
                <Td>
                  <span className="block font-mono text-xs">{pod.name}</span>
                  <span className="text-xs text-muted-foreground">
                    {pod.workload ? `${pod.workload.kind} ${pod.workload.name}` : "—"}
                    {pod.node ? ` · ${pod.node}` : ""}
                  </span>
                </Td>
                <Td>
                  <Badge tone={pod.reason === "Restarted" ? "warning" : "danger"}>{pod.reason}</Badge>
                  {pod.message ? (
                    <span className="mt-1 block max-w-72 truncate text-xs text-muted-foreground" title={pod.message}>
                      {pod.message}
                    </span>
                  ) : null}
                </Td>
                <Td className="text-right tabular-nums">{pod.restarts}</Td>
                <Td className="whitespace-nowrap text-muted-foreground">{pod.since ? formatRelative(pod.since, locale) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </QueryPanel>
  );
}
