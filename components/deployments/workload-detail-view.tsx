"use client";

import Link from "next/link";
import { useState } from "react";

import { DeleteWorkloadDialog } from "@/components/deployments/delete-workload-dialog";
import { ScaleDialog } from "@/components/deployments/scale-dialog";
import { SectionTabs } from "@/components/deployments/section-tabs";
import { StreamIndicator } from "@/components/deployments/stream-indicator";
import { WorkloadEventsTable } from "@/components/deployments/workload-events-table";
import { WorkloadLogs } from "@/components/deployments/workload-logs";
import { WorkloadPodsTable } from "@/components/deployments/workload-pods-table";
import { WorkloadStateBadge } from "@/components/deployments/workload-state-badge";
import { WorkloadYaml } from "@/components/deployments/workload-yaml";
import { WorkloadMetrics } from "@/components/metrics/workload-metrics";
import { QueryError } from "@/components/layout/query-error";
import { RollbackDialog } from "@/components/rollouts/rollback-dialog";
import { RolloutPanel } from "@/components/rollouts/rollout-panel";
import { UpgradeDialog } from "@/components/rollouts/upgrade-dialog";
import { Button } from "@/components/ui/button";
import { buttonStyles } from "@/components/ui/button-styles";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast-provider";
import { describeApiError } from "@/lib/client/describe-api-error";
import { formatCpuMillicores, formatMemoryMiB } from "@/lib/client/format-quantity";
import { useTenantAccess } from "@/lib/client/use-tenant-access";
import { useTenantChanges } from "@/lib/client/use-tenant-changes";
import { useRolloutAction, useWorkload, type RolloutAction } from "@/lib/client/use-workloads";
import type { WorkloadDetail } from "@/lib/contracts/workloads";
import { useLocale, useT } from "@/lib/i18n/i18n-provider";

type DialogName = "upgrade" | "scale" | "rollback" | "delete" | null;
export type WorkloadTabName = "pods" | "metrics" | "events" | "logs" | "yaml";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 truncate text-sm font-medium text-foreground">{children}</dd>
    </div>
  );
}

function serviceText(detail: WorkloadDetail): string | null {
  if (!detail.service) return null;
  const ports = detail.service.ports.map((port) => (port.nodePort ? `${port.port}:${port.nodePort}` : String(port.port))).join(", ");
  return `${detail.service.type} ${ports}`.trim();
}

/** One workload: header with its state and actions, the live rollout, and tabs for pods, metrics, events, logs and YAML. */
export function WorkloadDetailView({ tenant, name, initialTab = "pods" }: { tenant: string; name: string; initialTab?: WorkloadTabName }) {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  const stream = useTenantChanges(tenant);
  const workload = useWorkload(tenant, name);
  const rollout = useRolloutAction(tenant, name);
  const { can, isPending: accessPending } = useTenantAccess(tenant);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [tab, setTab] = useState<WorkloadTabName>(initialTab);
  const writeReason = accessPending || can("deployments:write") ? undefined : t("deployments.cannotWrite");

  if (workload.isPending) return <LoadingBlock label={t("common.loading")} lines={6} />;
  if (workload.isError) {
    return (
      <div className="space-y-4">
        <PageHeader title={name} />
        <QueryError title={t("deploymentDetail.loadFailed")} error={workload.error} onRetry={() => workload.refetch()} />
      </div>
    );
  }
  const detail = workload.data;

  function run(action: RolloutAction, success: string) {
    rollout.mutate(action, {
      onSuccess: () => toast("success", success),
      onError: (error) => toast("error", `${t("deploymentDetail.actionFailed")} ${describeApiError(t, error)}`),
    });
  }
  const resume = () => run({ action: "resume" }, t("deploymentDetail.resumed", { name }));
  const busy = rollout.isPending || accessPending;
  const isDeployment = detail.kind === "Deployment";
  const service = serviceText(detail);

  return (
    <div className="space-y-6" data-testid="workload-detail" data-state={detail.state}>
      <PageHeader
        title={detail.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <WorkloadStateBadge state={detail.state} reason={detail.reason} />
            <span>{t("deploymentDetail.description", { kind: detail.kind, tenant })}</span>
          </span>
        }
        actions={<StreamIndicator status={stream} />}
      />

      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label={t("deploymentDetail.image")}>
          <span className="font-mono text-xs" title={detail.image} data-testid="workload-image">
            {detail.image}
          </span>
        </Fact>
        <Fact label={t("deploymentDetail.revision")}>
          <span data-testid="workload-revision">{detail.revision ?? "—"}</span>
        </Fact>
        <Fact label={t("deploymentDetail.ready")}>
          <span className="tabular-nums" data-testid="workload-ready">
            {`${detail.replicas.ready}/${detail.replicas.desired}`}
          </span>
        </Fact>
        <Fact label={t("deploymentDetail.kind")}>{detail.kind}</Fact>
        <Fact label={t("deploymentDetail.requests")}>
          {t("deployments.requestsValue", { cpu: formatCpuMillicores(detail.cpuRequestMillicores, locale), memory: formatMemoryMiB(detail.memoryRequestMiB, locale) })}
        </Fact>
        <Fact label={t("deploymentDetail.service")}>{service ?? t("deploymentDetail.noService")}</Fact>
      </dl>

      <div className="flex flex-wrap gap-2" role="group" aria-label={t("common.actions")}>
        <Button data-testid="action-upgrade" variant="primary" onClick={() => setDialog("upgrade")} disabled={busy} disabledReason={writeReason}>
          {t("deploymentDetail.upgrade")}
        </Button>
        <Button data-testid="action-scale" onClick={() => setDialog("scale")} disabled={busy} disabledReason={writeReason}>
          {t("deploymentDetail.scale")}
        </Button>
        <Button data-testid="action-restart" onClick={() => run({ action: "restart" }, t("deploymentDetail.restarted", { name }))} disabled={busy} disabledReason={writeReason}>
          {t("deploymentDetail.restart")}
        </Button>
        {isDeployment ? (
          detail.paused ? (
            <Button data-testid="action-resume" onClick={resume} disabled={busy} disabledReason={writeReason}>
              {t("deploymentDetail.resume")}
            </Button>
          ) : (
            <Button data-testid="action-pause" onClick={() => run({ action: "pause" }, t("deploymentDetail.paused", { name }))} disabled={busy} disabledReason={writeReason}>
              {t("deploymentDetail.pause")}
            </Button>
          )
        ) : null}
        <Button data-testid="action-rollback" onClick={() => setDialog("rollback")} disabled={busy} disabledReason={writeReason}>
          {t("deploymentDetail.rollBack")}
        </Button>
        {writeReason ? (
          <Button data-testid="action-edit" disabledReason={writeReason}>
            {t("deploymentDetail.edit")}
          </Button>
        ) : (
          <Link href={`/${tenant}/deployments/${encodeURIComponent(name)}/edit`} className={buttonStyles()} data-testid="action-edit">
            {t("deploymentDetail.edit")}
          </Link>
        )}
        <Button data-testid="action-delete" variant="danger" onClick={() => setDialog("delete")} disabled={busy} disabledReason={writeReason}>
          {t("deploymentDetail.delete")}
        </Button>
      </div>

      <RolloutPanel detail={detail} writeReason={writeReason} busy={busy} onResume={resume} onRollback={() => setDialog("rollback")} />

      <SectionTabs
        label={t("deploymentDetail.tabsLabel")}
        tabs={[
          { id: "pods", label: t("deploymentDetail.tabPods") },
          { id: "metrics", label: t("metrics.tab") },
          { id: "events", label: t("deploymentDetail.tabEvents") },
          { id: "logs", label: t("deploymentDetail.tabLogs") },
          { id: "yaml", label: t("deploymentDetail.tabYaml") },
        ]}
        selected={tab}
        onSelect={setTab}
      >
        {tab === "pods" ? <WorkloadPodsTable tenant={tenant} name={name} /> : null}
        {tab === "metrics" ? <WorkloadMetrics tenant={tenant} name={name} /> : null}
        {tab === "events" ? <WorkloadEventsTable tenant={tenant} name={name} /> : null}
        {tab === "logs" ? <WorkloadLogs tenant={tenant} name={name} /> : null}
        {tab === "yaml" ? <WorkloadYaml spec={detail.spec} /> : null}
      </SectionTabs>

      {/* Mounted only while open, so each opening starts from the workload as it is now. */}
      {dialog === "upgrade" ? <UpgradeDialog tenant={tenant} detail={detail} open onClose={() => setDialog(null)} /> : null}
      {dialog === "scale" ? <ScaleDialog tenant={tenant} detail={detail} open onClose={() => setDialog(null)} /> : null}
      {dialog === "rollback" ? <RollbackDialog tenant={tenant} detail={detail} open onClose={() => setDialog(null)} /> : null}
      {dialog === "delete" ? <DeleteWorkloadDialog tenant={tenant} name={name} open onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
