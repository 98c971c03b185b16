"use client";

import { useState } from "react";

import { MetricsRangePicker } from "@/components/metrics/metrics-range-picker";
import { ClusterCapacityPanel } from "@/components/ops/cluster-capacity-panel";
import { OpsRolloutsPanel } from "@/components/ops/ops-rollouts-panel";
import { TenantUsagePanel } from "@/components/ops/tenant-usage-panel";
import { TroubledPodsPanel } from "@/components/ops/troubled-pods-panel";
import { WarningEventsPanel } from "@/components/ops/warning-events-panel";
import { useClusterMetrics } from "@/lib/client/use-ops-monitoring";
import type { MetricsRange } from "@/lib/contracts/tenant-metrics";

/** The operators' overview: capacity and usage over a range, then tenants by usage and what needs attention. */
export function OpsOverview() {
  const [range, setRange] = useState<MetricsRange>("1h");
  const cluster = useClusterMetrics(range);
  return (
    <div className="space-y-6" data-range={range}>
      <div className="flex justify-end">
        <MetricsRangePicker value={range} onChange={setRange} />
      </div>
      <ClusterCapacityPanel query={cluster} />
      <TenantUsagePanel range={range} />
      <div className="grid gap-4 xl:grid-cols-2">
        <TroubledPodsPanel />
        <OpsRolloutsPanel />
      </div>
      <WarningEventsPanel />
    </div>
  );
}
