"use client";

import { SegmentedRadioGroup } from "@/components/ui/segmented-radio-group";
import { METRICS_RANGES } from "@/lib/client/use-tenant-metrics";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** 15 min / 1 h / 6 h / 24 h / 7 d as a radio group: one tab stop, arrow keys move and choose. */
export function MetricsRangePicker({ value, onChange }: { value: MetricsRange; onChange: (range: MetricsRange) => void }) {
  const t = useT();
  return (
    <SegmentedRadioGroup
      options={METRICS_RANGES}
      value={value}
      onChange={onChange}
      label={t("metrics.rangeLabel")}
      optionLabel={(range) => t(`metrics.ranges.${range}`)}
      testId={(range) => `range-${range}`}
    />
  );
}
