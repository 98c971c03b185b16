"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { WorkloadState } from "@/lib/contracts/workloads";
import { useT } from "@/lib/i18n/i18n-provider";

const tones: Record<WorkloadState, BadgeTone> = { available: "success", progressing: "info", paused: "warning", failed: "danger" };

/** The workload's state as `kubectl rollout status` derives it, with the API server's reason when there is one. */
export function WorkloadStateBadge({ state, reason }: { state: WorkloadState; reason?: string | null }) {
  const t = useT();
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="workload-state" data-state={state}>
      <Badge tone={tones[state]}>{t(`workloadStates.${state}`)}</Badge>
      {reason && state !== "available" ? <span className="text-xs text-muted-foreground">{reason}</span> : null}
    </span>
  );
}
