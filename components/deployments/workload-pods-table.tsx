"use client";

import { QueryError } from "@/components/layout/query-error";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useWorkloadPods } from "@/lib/client/use-workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

function statusTone(status: string, ready: boolean): BadgeTone {
  if (status === "Running") return ready ? "success" : "warning";
  if (/Err|BackOff|Failed|Error|OOM/i.test(status)) return "danger";
  if (status === "Completed" || status === "Succeeded") return "neutral";
  return "info";
}

/** The workload's pods as `kubectl get pods` shows them: status, readiness, restarts, node, age and revision. */
export function WorkloadPodsTable({ tenant, name }: { tenant: string; name: string }) {
  const t = useT();
  const locale = useLocale();
  const pods = useWorkloadPods(tenant, name);
  if (pods.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (pods.isError) return <QueryError title={t("deploymentDetail.podsLoadFailed")} error={pods.error} onRetry={() => pods.refetch()} />;
  if (pods.data.items.length === 0) {
    return (
      <EmptyState icon={<Icon name="box" />} title={t("deploymentDetail.noPodsTitle")} headingLevel={3}>
        <p>{t("deploymentDetail.noPodsBody")}</p>
      </EmptyState>
    );
  }
  return (
    <Table caption={t("deploymentDetail.podsHeading")}>
      <thead>
        <tr>
          <Th>{t("deploymentDetail.podName")}</Th>
          <Th>{t("deploymentDetail.podStatus")}</Th>
          <Th className="text-right">{t("deploymentDetail.podReady")}</Th>
          <Th className="text-right">{t("deploymentDetail.podRestarts")}</Th>
          <Th>{t("deploymentDetail.podNode")}</Th>
          <Th>{t("deploymentDetail.podAge")}</Th>
          <Th className="text-right">{t("deploymentDetail.podRevision")}</Th>
        </tr>
      </thead>
      <tbody>
        {pods.data.items.map((pod) => (
          <tr key={pod.name} data-testid="pod-row" data-status={pod.status} data-ready={pod.ready}>
            <Td className="font-mono text-xs">{pod.name}</Td>
            <Td>
              <span className="inline-flex flex-col gap-0.5">
                <Badge tone={statusTone(pod.status, pod.ready)}>{pod.status}</Badge>
                {pod.message ? <span className="max-w-xs text-xs text-muted-foreground">{pod.message}</span> : null}
              </span>
            </Td>
            <Td className="text-right tabular-nums">
              {`${pod.readyContainers}/${pod.containers}`}
            </Td>
            <Td className="text-right tabular-nums">{pod.restarts}</Td>
            <Td className="text-muted-foreground">{pod.node ?? "—"}</Td>
            <Td className="whitespace-nowrap text-muted-foreground" title={formatDateTime(pod.createdAt, locale)}>
              {formatRelative(pod.createdAt, locale)}
            </Td>
            <Td className="text-right tabular-nums">{pod.revision ?? "—"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
