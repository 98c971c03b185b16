"use client";

import { useRef, type KeyboardEvent } from "react";

import { cx } from "@/components/ui/cx";
import { METRICS_RANGES } from "@/lib/client/use-tenant-metrics";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";
import { useT } from "@/lib/i18n/i18n-provider";

/** 15 min / 1 h / 6 h / 24 h / 7 d as a radio group: one tab stop, arrow keys move and choose. */
export function MetricsRangePicker({ value, onChange }: { value: MetricsRange; onChange: (range: MetricsRange) => void }) {
  const t = useT();
  const refs = useRef<Partial<Record<MetricsRange, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = METRICS_RANGES.indexOf(value);
    const step = event.key === "ArrowRight" || event.key === "ArrowDown" ? 1 : event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = METRICS_RANGES[(index + step + METRICS_RANGES.length) % METRICS_RANGES.length]!;
    onChange(next);
    refs.current[next]?.focus();
  }

  return (
    <div role="radiogroup" aria-label={t("metrics.rangeLabel")} onKeyDown={onKeyDown} className="inline-flex rounded-lg border border-border bg-surface p-0.5 shadow-xs">
      {METRICS_RANGES.map((range) => {
        const checked = range === value;
        return (
          <button
            key={range}
            ref={(element) => {
              refs.current[range] = element;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            data-testid={`range-${range}`}
            onClick={() => onChange(range)}
            className={cx(
              "rounded-md px-2.5 py-1 text-xs font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-ring",
              checked ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-muted hover:text-foreground",
            )}
          >
            {t(`metrics.ranges.${range}`)}
          </button>
        );
      })}
    </div>
  );
}
