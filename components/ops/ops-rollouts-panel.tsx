"use client";

import { QueryPanel } from "@/components/ops/query-panel";
import { TenantRefCell } from "@/components/ops/tenant-ref-cell";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { useOpsRollouts } from "@/lib/client/use-ops-monitoring";
import { useT } from "@/lib/i18n/i18n-provider";

const TONE = { progressing: "info", paused: "warning", failed: "danger" } as const;

/** Deployments and StatefulSets whose rollout is not complete, in every tenant, with progress counts. */
export function OpsRolloutsPanel() {
  const t = useT();
  const query = useOpsRollouts();
  return (
    <QueryPanel
      title={t("opsOverview.rolloutsHeading")}
      query={query}
      testId="panel-rollouts"
      isEmpty={(d) => d.items.length === 0}
      empty={t("opsOverview.rolloutsEmpty")}
      status={(d) => (d.total > d.items.length ? t("opsOverview.shown", { shown: d.items.length, total: d.total }) : null)}
    >
      {(d) => (
        <Table caption={t("opsOverview.rolloutsHeading")}>
          <thead>
            <tr>
              <Th>{t("opsOverview.tenant")}</Th>
              <Th>{t("opsOverview.workload")}</Th>
              <Th>{t("opsOverview.progress")}</Th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((rollout) => (
              <tr key={`${rollout.namespace}/${rollout.kind}/${rollout.name}`} data-testid="rollout-row">
                <Td>
                  <TenantRefCell tenant={rollout.tenant} namespace={rollout.namespace} />
                </Td>
                <Td>
                  <span className="block font-medium">{rollout.name}</span>
                  <span className="text-xs text-muted-foreground">{rollout.kind}</span>
                </Td>
                <Td>
                  <div className="flex flex-wrap items-center gap-2">
                    <Badge tone={TONE[rollout.state]}>{t(`opsOverview.rolloutState.${rollout.state}`)}</Badge>
                    <span className="font-mono text-xs tabular-nums">{t("opsOverview.progressValue", { updated: rollout.updated, desired: rollout.desired, available: rollout.available })}</span>
                  </div>
                  {rollout.message ? (
                    <span className="mt-1 block max-w-96 truncate text-xs text-muted-foreground" title={rollout.message}>
                      {rollout.message}
                    </span>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </QueryPanel>
  );
}
