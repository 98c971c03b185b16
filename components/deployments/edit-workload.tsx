"use client";

import { WorkloadForm } from "@/components/deployments/workload-form";
import { workloadFormFromSpec } from "@/components/deployments/workload-form-state";
import { QueryError } from "@/components/layout/query-error";
import { LoadingBlock } from "@/components/ui/loading-block";
import { useWorkload } from "@/lib/client/use-workloads";
import { useT } from "@/lib/i18n/i18n-provider";

/** The deploy form filled with the workload's spec as read back from the cluster; saving sends PATCH {spec}. */
export function EditWorkload({ tenant, name }: { tenant: string; name: string }) {
  const t = useT();
  const workload = useWorkload(tenant, name);
  if (workload.isPending) return <LoadingBlock label={t("common.loading")} lines={6} />;
  if (workload.isError) return <QueryError title={t("deploymentDetail.loadFailed")} error={workload.error} onRetry={() => workload.refetch()} />;
  // The form starts from the spec once (useState); live updates of the workload do not overwrite what is typed.
  return <WorkloadForm key={workload.data.name} tenant={tenant} mode="edit" initial={workloadFormFromSpec(workload.data.spec)} />;
}
