"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

import { StreamIndicator } from "@/components/deployments/stream-indicator";
import { WorkloadStateBadge } from "@/components/deployments/workload-state-badge";
import { QueryError } from "@/components/layout/query-error";
import { Button } from "@/components/ui/button";
import { CursorPager } from "@/components/ui/cursor-pager";
import { buttonStyles } from "@/components/ui/button-styles";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { LoadingBlock } from "@/components/ui/loading-block";
import { SelectField } from "@/components/ui/select-field";
import { Table, Td, Th } from "@/components/ui/table";
import { TextField } from "@/components/ui/text-field";
import { useCursorPages } from "@/lib/client/use-cursor-pages";
import { formatCpuMillicores, formatMemoryMiB } from "@/lib/client/format-quantity";
import { formatDateTime, formatRelative } from "@/lib/client/format-timestamp";
import { useTenantChanges } from "@/lib/client/use-tenant-changes";
import { useWorkloads } from "@/lib/client/use-workloads";
import { WorkloadState } from "@/lib/contracts/workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

export const WORKLOADS_PAGE_SIZE = 25;
/** Typing pauses this long before the list is asked again, so each keystroke does not cost a request. */
const SEARCH_DELAY_MS = 300;

/** The tenant's Deployments and StatefulSets: search, filter by state, page through; kept live by the change stream. */
export function WorkloadList({ tenant }: { tenant: string }) {
  const t = useT();
  const locale = useLocale();
  const stream = useTenantChanges(tenant);
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<WorkloadState | "">("");
  // Cursors of the pages before the current one, so "Previous" needs no cursor from the server.
  const pages = useCursorPages();
  const { cursor, reset: resetPages } = pages;
  const workloads = useWorkloads(tenant, { q, status, cursor, limit: WORKLOADS_PAGE_SIZE });

  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(search.trim());
      resetPages();
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, resetPages]);

  const stateOptions = [
    { value: "", label: t("deployments.allStates") },
    ...WorkloadState.options.map((state) => ({ value: state, label: t(`workloadStates.${state}`) })),
  ];

  const controls = (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <TextField
        id="workload-search"
        label={t("deployments.search")}
        className="flex-1"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder={t("deployments.searchPlaceholder")}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <SelectField
        id="workload-state-filter"
        label={t("deployments.stateFilter")}
        className="sm:w-56"
        options={stateOptions}
        value={status}
        onChange={(event) => {
          const value = event.target.value;
          setStatus(value === "" ? "" : WorkloadState.parse(value));
          resetPages();
        }}
      />
      <div className="pb-2 sm:ml-2">
        <StreamIndicator status={stream} />
      </div>
    </div>
  );

  let body;
  if (workloads.isPending) {
    body = <LoadingBlock label={t("common.loading")} lines={4} />;
  } else if (workloads.isError) {
    body = <QueryError title={t("deployments.loadFailed")} error={workloads.error} onRetry={() => workloads.refetch()} />;
  } else if (workloads.data.items.length === 0 && (q || status)) {
    body = (
      <EmptyState
        icon={<Icon name="layers" />}
        title={t("deployments.noMatchTitle")}
        headingLevel={3}
        actions={
          <Button
            onClick={() => {
              setSearch("");
              setStatus("");
              resetPages();
            }}
          >
            {t("deployments.clearFilters")}
          </Button>
        }
      >
        <p>{t("deployments.noMatchBody")}</p>
      </EmptyState>
    );
  } else if (workloads.data.items.length === 0) {
    body = (
      <EmptyState
        icon={<Icon name="layers" />}
        title={t("deployments.emptyTitle")}
        headingLevel={3}
        actions={
          <>
            <Link href={`/${tenant}/images`} className={buttonStyles()}>
              {t("deployments.openHub")}
            </Link>
            <Link href={`/${tenant}/deployments/new`} className={buttonStyles({ variant: "primary" })}>
              {t("deployments.deploy")}
            </Link>
          </>
        }
      >
        <p>{t("deployments.emptyBody")}</p>
      </EmptyState>
    );
  } else {
    const { items, total, nextCursor } = workloads.data;
    const from = pages.pageIndex * WORKLOADS_PAGE_SIZE + 1;
    const to = from + items.length - 1;
    body = (
      <div className="space-y-3">
        <Table caption={t("deployments.listHeading")}>
          <thead>
            <tr>
              <Th>{t("deployments.name")}</Th>
              <Th>{t("deployments.kind")}</Th>
              <Th>{t("deployments.state")}</Th>
              <Th>{t("deployments.image")}</Th>
              <Th className="text-right">{t("deployments.ready")}</Th>
              <Th>{t("deployments.age")}</Th>
              <Th className="text-right">{t("deployments.requests")}</Th>
            </tr>
          </thead>
          <tbody className={workloads.isPlaceholderData ? "opacity-60" : undefined}>
            {items.map((workload) => (
              <tr key={workload.name} data-testid="workload-row" data-name={workload.name}>
                <Td className="font-medium">
                  <Link href={`/${tenant}/deployments/${encodeURIComponent(workload.name)}`} className="text-foreground underline-offset-4 hover:underline">
                    {workload.name}
                  </Link>
                </Td>
                <Td className="text-muted-foreground">{workload.kind}</Td>
                <Td>
                  <WorkloadStateBadge state={workload.state} reason={workload.reason} />
                </Td>
                <Td className="max-w-xs truncate font-mono text-xs" title={workload.image}>
                  {workload.image}
                </Td>
                <Td className="text-right tabular-nums">
                  {`${workload.replicas.ready}/${workload.replicas.desired}`}
                </Td>
                <Td className="whitespace-nowrap text-muted-foreground" title={formatDateTime(workload.createdAt, locale)}>
                  {formatRelative(workload.createdAt, locale)}
                </Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  {t("deployments.requestsValue", {
                    cpu: formatCpuMillicores(workload.cpuRequestMillicores, locale),
                    memory: formatMemoryMiB(workload.memoryRequestMiB, locale),
                  })}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <CursorPager
          label={t("deployments.pagination")}
          summary={t("deployments.pageSummary", { from, to, total })}
          previousLabel={t("deployments.previous")}
          nextLabel={t("deployments.next")}
          hasPrevious={pages.hasPrevious}
          nextCursor={nextCursor}
          loading={workloads.isPlaceholderData}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      </div>
    );
  }

  return (
    <section aria-labelledby="workloads-heading" className="space-y-4">
      <h2 id="workloads-heading" className="sr-only">
        {t("deployments.listHeading")}
      </h2>
      {controls}
      {body}
    </section>
  );
}
