"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";

import { QueryError } from "@/components/layout/query-error";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { useT } from "@/lib/i18n/i18n-provider";

/**
 * One panel of an ops screen: a heading, a status at the right, and its query's four states — loading, error (with
 * retry), empty (in words) and the data. A refetch that fails after data arrived keeps the data and says so.
 */
export function QueryPanel<T>({
  title,
  query,
  isEmpty,
  empty,
  status,
  testId,
  children,
}: {
  title: ReactNode;
  query: UseQueryResult<T, unknown>;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  status?: (data: T) => ReactNode;
  testId: string;
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  const data = query.data;
  const state = query.isPending ? "loading" : data === undefined ? "error" : isEmpty(data) ? "empty" : "success";
  return (
    <Card className="flex min-w-0 flex-col gap-3 p-4" data-testid={testId} data-state={state}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="text-sm font-semibold text-foreground">{title}</h2>
        {data !== undefined && status ? <div className="text-xs text-muted-foreground">{status(data)}</div> : null}
      </div>
      {state === "loading" ? <LoadingBlock label={t("common.loading")} lines={3} /> : null}
      {state === "error" ? <QueryError title={t("opsOverview.panelFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {state === "empty" ? <p className="text-sm text-muted-foreground">{empty}</p> : null}
      {state === "success" && data !== undefined ? children(data) : null}
      {data !== undefined && query.isError ? (
        <p role="status" className="text-xs text-danger">
          {t("opsOverview.panelFailed")}
        </p>
      ) : null}
    </Card>
  );
}
