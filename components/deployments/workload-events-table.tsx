"use client";

import { QueryError } from "@/components/layout/query-error";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useWorkloadEvents } from "@/lib/client/use-workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** Kubernetes events of the workload, its ReplicaSets and pods, newest first, as `kubectl get events` lists them. */
export function WorkloadEventsTable({ tenant, name }: { tenant: string; name: string }) {
  const t = useT();
  const locale = useLocale();
  const events = useWorkloadEvents(tenant, name);
  if (events.isPending) return <LoadingBlock label={t("common.loading")} lines={3} />;
  if (events.isError) return <QueryError title={t("deploymentDetail.eventsLoadFailed")} error={events.error} onRetry={() => events.refetch()} />;
  if (events.data.items.length === 0) {
    return (
      <EmptyState icon={<Icon name="activity" />} title={t("deploymentDetail.noEventsTitle")} headingLevel={3}>
        <p>{t("deploymentDetail.noEventsBody")}</p>
      </EmptyState>
    );
  }
  return (
    <Table caption={t("deploymentDetail.eventsHeading")}>
      <thead>
        <tr>
          <Th>{t("deploymentDetail.eventType")}</Th>
          <Th>{t("deploymentDetail.eventReason")}</Th>
          <Th>{t("deploymentDetail.eventMessage")}</Th>
          <Th>{t("deploymentDetail.eventObject")}</Th>
          <Th>{t("deploymentDetail.eventLastSeen")}</Th>
        </tr>
      </thead>
      <tbody>
        {events.data.items.map((event, index) => (
          <tr key={`${event.object}-${event.reason}-${event.lastSeen ?? index}-${index}`}>
            <Td>
              <Badge tone={event.type === "Warning" ? "warning" : "neutral"}>{event.type}</Badge>
            </Td>
            <Td className="font-medium whitespace-nowrap">{event.reason}</Td>
            <Td className="min-w-64">
              {event.message}
              {event.count > 1 ? <span className="ml-1 text-xs text-muted-foreground">{t("deploymentDetail.eventCount", { count: event.count })}</span> : null}
            </Td>
            <Td className="font-mono text-xs text-muted-foreground">{event.object}</Td>
            <Td className="whitespace-nowrap text-muted-foreground" title={event.lastSeen ? formatDateTime(event.lastSeen, locale) : undefined}>
              {event.lastSeen ? formatRelative(event.lastSeen, locale) : "—"}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
