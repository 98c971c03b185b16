"use client";

import { QueryPanel } from "@/components/ops/query-panel";
import { TenantRefCell } from "@/components/ops/tenant-ref-cell";
import { Table, Td, Th } from "@/components/ui/table";
import { formatRelative } from "@/lib/client/format-timestamp";
import { useWarningEvents } from "@/lib/client/use-ops-monitoring";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

/** The last hour's Warning events in every tenant, newest first. */
export function WarningEventsPanel() {
  const t = useT();
  const locale = useLocale();
  const query = useWarningEvents();
  return (
    <QueryPanel
      title={t("opsOverview.warningsHeading")}
      query={query}
      testId="panel-warning-events"
      isEmpty={(d) => d.items.length === 0}
      empty={t("opsOverview.warningsEmpty")}
      status={(d) => (d.total > d.items.length ? t("opsOverview.shown", { shown: d.items.length, total: d.total }) : null)}
    >
      {(d) => (
        <Table caption={t("opsOverview.warningsHeading")}>
          <thead>
            <tr>
              <Th>{t("opsOverview.tenant")}</Th>
              <Th>{t("opsOverview.object")}</Th>
              <Th>{t("opsOverview.message")}</Th>
              <Th className="text-right">{t("opsOverview.count")}</Th>
              <Th>{t("opsOverview.lastSeen")}</Th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((event, index) => (
              <tr key={`${event.namespace}/${event.object.kind}/${event.object.name}/${event.reason}/${index}`} data-testid="warning-event-row">
                <Td>
                  <TenantRefCell tenant={event.tenant} namespace={event.namespace} />
                </Td>
                <Td className="font-mono text-xs">
                  {event.object.kind}/{event.object.name}
                </Td>
                <Td>
                  <span className="block font-medium">{event.reason}</span>
                  <span className="block max-w-96 truncate text-xs text-muted-foreground" title={event.message}>
                    {event.message}
                  </span>
                </Td>
                <Td className="text-right tabular-nums">{event.count}</Td>
                <Td className="whitespace-nowrap text-muted-foreground">{event.lastSeenAt ? formatRelative(event.lastSeenAt, locale) : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </QueryPanel>
  );
}
