"use client";

import { MetricsRangePicker } from "@/components/metrics/metrics-range-picker";
import { isLiveRange } from "@/lib/client/use-tenant-metrics";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** Range picker and the live or rolled-up state of the chosen range, above a set of charts. */
export function MetricsToolbar({ range, onRange, stepSeconds, switching }: { range: MetricsRange; onRange: (range: MetricsRange) => void; stepSeconds: number | null; switching: boolean }) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <MetricsRangePicker value={range} onChange={onRange} />
      <p className="text-xs text-muted-foreground" role="status" data-testid="metrics-mode">
        {switching ? t("metrics.refreshing", { range: t(`metrics.ranges.${range}`) }) : isLiveRange(range) && stepSeconds ? t("metrics.live", { seconds: stepSeconds }) : null}
      </p>
    </div>
  );
}
