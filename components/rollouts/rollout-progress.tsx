"use client";

import { useT } from "@/lib/i18n/i18n-provider";

export type RolloutCounts = { desired: number; updated: number; ready: number; available: number };

function percent(value: number, desired: number): number {
  if (desired <= 0) return value > 0 ? 100 : 0;
  return Math.min(100, Math.round((value / desired) * 100));
}

/**
 * How far a rollout has come: pods of the new template created, ready and available, against the desired count,
 * drawn as three nested bars. The numbers are in the text and in the progressbar's aria values, and in data
 * attributes so an end-to-end test can read each state it passes through.
 */
export function RolloutProgress({ counts, oldPods = 0 }: { counts: RolloutCounts; oldPods?: number }) {
  const t = useT();
  const { desired, updated, ready, available } = counts;
  const text = t("rollouts.progressText", { updated, desired, ready, available });
  return (
    <div
      className="space-y-2"
      data-testid="rollout-progress"
      data-updated={updated}
      data-ready={ready}
      data-available={available}
      data-desired={desired}
    >
      <div
        role="progressbar"
        aria-label={t("rollouts.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={desired}
        aria-valuenow={Math.min(updated, desired)}
        aria-valuetext={text}
        className="relative h-3 overflow-hidden rounded-full bg-muted"
      >
        <div className="absolute inset-y-0 left-0 bg-sky-200 transition-[width] dark:bg-sky-900" style={{ width: `${percent(updated, desired)}%` }} />
        <div className="absolute inset-y-0 left-0 bg-sky-400 transition-[width] dark:bg-sky-600" style={{ width: `${percent(ready, desired)}%` }} />
        <div className="absolute inset-y-0 left-0 bg-emerald-500 transition-[width] dark:bg-emerald-400" style={{ width: `${percent(available, desired)}%` }} />
      </div>
      <p className="text-sm text-foreground tabular-nums">{text}</p>
      {oldPods > 0 ? <p className="text-sm text-muted-foreground tabular-nums">{t("rollouts.oldPods", { count: oldPods })}</p> : null}
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-hidden="true">
        <li className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-sky-200 dark:bg-sky-900" />
          {t("rollouts.legendUpdated")}
        </li>
        <li className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-sky-400 dark:bg-sky-600" />
          {t("rollouts.legendReady")}
        </li>
        <li className="inline-flex items-center gap-1.5">
          <span className="size-2.5 rounded-sm bg-emerald-500 dark:bg-emerald-400" />
          {t("rollouts.legendAvailable")}
        </li>
      </ul>
    </div>
  );
}
