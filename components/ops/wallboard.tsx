"use client";

import { useEffect, useState } from "react";

import { WallboardView } from "@/components/ops/wallboard-view";
import { OPS_REFRESH_MS, useClusterMetrics, useOpsRollouts, useTroubledPods, useWarningEvents } from "@/lib/client/use-ops-monitoring";

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The wallboard's data: every panel refreshes on its own every 15 s. A failed refresh keeps the last answer (TanStack
 * keeps data on error) and flips the banner to "connection lost"; the next refresh that succeeds clears it, with
 * nobody touching the screen.
 */
export function Wallboard() {
  const cluster = useClusterMetrics("1h");
  const troubled = useTroubledPods();
  const warnings = useWarningEvents();
  const rollouts = useOpsRollouts();
  const queries = [cluster, troubled, warnings, rollouts];
  const now = useNow(1000);
  return (
    <WallboardView
      data={{ cluster: cluster.data, clusterReceivedAt: cluster.dataUpdatedAt, troubled: troubled.data, warnings: warnings.data, rollouts: rollouts.data }}
      connection={{
        // "paused": the browser itself reports being offline, so TanStack holds the refresh until it is back.
        lost: queries.some((query) => query.isError || query.failureCount > 0 || query.fetchStatus === "paused"),
        lastUpdateMs: Math.max(...queries.map((query) => query.dataUpdatedAt)),
        nowMs: Math.max(now, ...queries.map((query) => query.dataUpdatedAt)),
        refreshSeconds: OPS_REFRESH_MS / 1000,
      }}
    />
  );
}
