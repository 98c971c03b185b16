"use client";

import { useEffect, useState } from "react";

import { Badge } from "@/components/ui/badge";
import type { Translate } from "@/lib/i18n/translate";
import { useT } from "@/lib/i18n/i18n-provider";

export type DataFreshness = {
  /** Seconds from the newest point with data to when the server answered; null: no data. */
  ageSeconds: number | null;
  /** When the answer arrived in this browser (ms since the epoch); the age keeps counting from there. */
  receivedAt: number;
  stale: boolean;
  staleNodes: readonly string[];
};

/** "12 s", "3 min", "2 h". */
export function formatAge(t: Translate, seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  if (whole < 60) return t("metrics.ageSeconds", { n: whole });
  if (whole < 3600) return t("metrics.ageMinutes", { n: Math.floor(whole / 60) });
  return t("metrics.ageHours", { n: Math.floor(whole / 3600) });
}

/** The age right now: what the server said plus the time since the answer arrived. */
export function currentAgeSeconds(freshness: Pick<DataFreshness, "ageSeconds" | "receivedAt">, nowMs: number): number | null {
  if (freshness.ageSeconds === null) return null;
  return freshness.ageSeconds + Math.max(0, nowMs - freshness.receivedAt) / 1000;
}

/** Re-renders every second, so an age reads "updated 14 s ago" two seconds after "12 s". */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** How old a chart's data is, and a visible flag when the newest scrape of a node it depends on failed. */
export function DataAge({ freshness }: { freshness: DataFreshness }) {
  const t = useT();
  const now = useNow(1000);
  const age = currentAgeSeconds(freshness, Math.max(now, freshness.receivedAt));
  const nodes = freshness.staleNodes.join(", ");
  return (
    <span className="inline-flex flex-wrap items-center justify-end gap-2" data-testid="data-age" data-stale={freshness.stale} data-age-seconds={age === null ? "" : Math.floor(age)}>
      {freshness.stale ? (
        <span title={t("metrics.staleNodes", { nodes })}>
          <Badge tone="warning">{t("metrics.stale")}</Badge>
          <span className="sr-only">{t("metrics.staleNodes", { nodes })}</span>
        </span>
      ) : null}
      <span className="tabular-nums">{age === null ? t("metrics.noDataAge") : t("metrics.updatedAgo", { age: formatAge(t, age) })}</span>
    </span>
  );
}
