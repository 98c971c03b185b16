"use client";

import Link from "next/link";

import { DataAge } from "@/components/metrics/data-age";
import { QuotaUsageBars } from "@/components/metrics/quota-usage-bars";
import { usingNowOf } from "@/components/metrics/using-now-of";
import { TopWorkloadsTable } from "@/components/metrics/top-workloads-table";
import { QueryError } from "@/components/layout/query-error";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { useTenantMetrics } from "@/lib/client/use-tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** The overview's usage: requests against the quota, measured use now, and the busiest workloads with sparklines. */
export function TenantUsageCard({ tenant }: { tenant: string }) {
  const t = useT();
  const query = useTenantMetrics(tenant, "tenant", "1h");
  const data = query.data;
  return (
    <Card className="space-y-5 p-6" data-testid="tenant-usage">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold">{t("metrics.usageCardHeading")}</h2>
          <p className="text-xs text-muted-foreground">{t("metrics.usageCardRange")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-3 text-xs">
          {data ? <DataAge freshness={{ ageSeconds: data.ageSeconds, receivedAt: query.dataUpdatedAt, stale: data.stale, staleNodes: data.staleNodes }} /> : null}
          <Link href={`/${encodeURIComponent(tenant)}/metrics`} className="font-medium underline-offset-4 hover:underline">
            {t("metrics.allMetrics")}
          </Link>
        </div>
      </div>
      {query.isPending ? <LoadingBlock label={t("common.loading")} lines={3} /> : null}
      {query.isError ? <QueryError title={t("metrics.loadFailed")} error={query.error} onRetry={() => query.refetch()} /> : null}
      {data ? (
        <>
          <QuotaUsageBars quota={data.quota} usingNow={usingNowOf(data)} />
          <div className="grid gap-6 lg:grid-cols-2">
            <TopWorkloadsTable tenant={tenant} workloads={data.topWorkloads?.byCpu ?? []} metric="cpuCores" range={data.range} caption={t("metrics.topCpu")} />
            <TopWorkloadsTable tenant={tenant} workloads={data.topWorkloads?.byMemory ?? []} metric="memoryBytes" range={data.range} caption={t("metrics.topMemory")} />
          </div>
        </>
      ) : null}
    </Card>
  );
}
