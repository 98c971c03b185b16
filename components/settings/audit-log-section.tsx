"use client";

import { QueryError } from "@/components/layout/query-error";
import { useState } from "react";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/client/format-timestamp";
import { useAuditLog } from "@/lib/client/use-audit-log";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import type { AuditEntry } from "@/lib/contracts/audit";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

const PAGE_SIZE = 25;
const resultTones: Record<AuditEntry["result"], BadgeTone> = { success: "success", failure: "danger", denied: "warning" };

/**
 * The tenant's audit log, newest first, a page at a time. The API pages by cursor, so going back means
 * remembering the cursors already used (a stack), not computing offsets.
 */
export function AuditLogSection({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const mayRead = can("audit:read");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useAuditLog(tenant, cursor, PAGE_SIZE, { enabled: mayRead });

  const heading = (
    <div>
      <h2 id="audit-heading" className="text-base font-semibold">
        {t("audit.heading")}
      </h2>
      <p className="mt-1 text-sm text-muted-foreground">{t("audit.description")}</p>
    </div>
  );

  let body;
  if (accessPending) body = <LoadingBlock label={t("common.loading")} lines={4} />;
  else if (!mayRead) body = <Notice>{t("audit.cannotRead")}</Notice>;
  else if (page.isPending) body = <LoadingBlock label={t("common.loading")} lines={6} />;
  else if (page.isError)
    body = (
      <QueryError title={t("audit.loadFailed")} error={page.error} onRetry={() => page.refetch()} />
    );
  else if (page.data.items.length === 0 && cursors.length === 1)
    body = (
      <EmptyState icon={<Icon name="activity" />} title={t("audit.emptyTitle")} headingLevel={3}>
        <p>{t("audit.emptyBody")}</p>
      </EmptyState>
    );
  else
    body = (
      <div className="space-y-3">
        <Table caption={t("audit.heading")} className={page.isPlaceholderData ? "opacity-60" : undefined}>
          <thead>
            <tr>
              <Th>{t("audit.time")}</Th>
              <Th>{t("audit.actor")}</Th>
              <Th>{t("audit.action")}</Th>
              <Th>{t("audit.target")}</Th>
              <Th>{t("audit.result")}</Th>
              <Th>{t("audit.ip")}</Th>
            </tr>
          </thead>
          <tbody>
            {page.data.items.map((entry) => (
              <tr key={entry.id}>
                <Td className="whitespace-nowrap text-muted-foreground" title={entry.at}>
                  {formatDateTime(entry.at, locale)}
                </Td>
                <Td>
                  <span className="block">{entry.actor.label ?? t(`audit.actors.${entry.actor.type}`)}</span>
                  {entry.actor.type === "api_key" ? <span className="text-xs text-muted-foreground">{t("audit.actors.api_key")}</span> : null}
                </Td>
                <Td className="font-mono text-xs">{entry.action}</Td>
                <Td className="max-w-56 truncate font-mono text-xs text-muted-foreground" title={entry.target ?? undefined}>
                  {entry.target ?? "—"}
                </Td>
                <Td>
                  <Badge tone={resultTones[entry.result]}>{t(`audit.results.${entry.result}`)}</Badge>
                </Td>
                <Td className="font-mono text-xs text-muted-foreground" title={entry.requestId ? t("audit.requestId", { id: entry.requestId }) : undefined}>
                  {entry.ip ?? "—"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <nav aria-label={t("audit.pagination")} className="flex items-center justify-between gap-3">
          <p className="text-sm text-muted-foreground">{t("audit.page", { page: cursors.length })}</p>
          <div className="flex gap-2">
            <Button size="sm" disabled={cursors.length === 1 || page.isFetching} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
              {t("audit.newer")}
            </Button>
            <Button
              size="sm"
              disabled={!page.data.nextCursor || page.isFetching}
              onClick={() => {
                const next = page.data.nextCursor;
                if (next) setCursors((stack) => [...stack, next]);
              }}
            >
              {t("audit.older")}
            </Button>
          </div>
        </nav>
      </div>
    );

  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      {heading}
      {body}
    </section>
  );
}
