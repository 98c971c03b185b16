"use client";

import { cx } from "@/components/ui/cx";
import type { StreamStatus } from "@/lib/client/use-tenant-changes";
import { useT } from "@/lib/i18n/i18n-provider";

/** A small dot and word saying whether live updates arrive ("Live") or the screen is catching up by polling. */
export function StreamIndicator({ status }: { status: StreamStatus }) {
  const t = useT();
  const live = status === "live";
  const label = live ? t("workloadsLive.live") : status === "reconnecting" ? t("workloadsLive.reconnecting") : t("workloadsLive.connecting");
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="stream-status" data-status={status} title={live ? t("workloadsLive.liveHint") : t("workloadsLive.downHint")}>
      <span aria-hidden="true" className={cx("size-2 rounded-full", live ? "bg-emerald-500 dark:bg-emerald-400" : "animate-pulse bg-amber-500 dark:bg-amber-400")} />
      {label}
    </span>
  );
}
