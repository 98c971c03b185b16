import "server-only";
import { eq } from "drizzle-orm";
import type { ResourceAmounts } from "@/lib/contracts/tenant-metrics";
import { getDatabase } from "@/lib/server/db/get-database";
import { plans } from "@/lib/server/db/schema";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";
import type { ResolvedTenant } from "@/lib/server/tenancy/tenants";
import { podSpecResources } from "./pod-spec-resources";

// The tenant's plan is its ResourceQuota (provisioning writes one from the plan); what counts against it are the
// requests and limits of pods that are not finished, as Kubernetes' quota admission counts them.

const MIB = 1024 * 1024;

function add(into: ResourceAmounts, from: ResourceAmounts): void {
  into.cpuCores = (into.cpuCores ?? 0) + (from.cpuCores ?? 0);
  into.memoryBytes = (into.memoryBytes ?? 0) + (from.memoryBytes ?? 0);
}

export async function tenantQuotaUsage(tenant: ResolvedTenant, pods: readonly CachedKindObject<"pods">[]) {
  const { db } = await getDatabase();
  const [plan] = await db.select().from(plans).where(eq(plans.name, tenant.planName));
  if (!plan) return null;
  const requests: ResourceAmounts = { cpuCores: 0, memoryBytes: 0 };
  const limits: ResourceAmounts = { cpuCores: 0, memoryBytes: 0 };
  let used = 0;
  for (const pod of pods) {
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
    used++;
    const resources = podSpecResources(pod.spec);
    add(requests, resources.requests);
    add(limits, resources.limits);
  }
  return {
    plan: plan.name,
    requests: { quota: { cpuCores: plan.requestsCpuMillicores / 1000, memoryBytes: plan.requestsMemoryMiB * MIB }, used: requests },
    limits: { quota: { cpuCores: plan.limitsCpuMillicores / 1000, memoryBytes: plan.limitsMemoryMiB * MIB }, used: limits },
    pods: { quota: plan.pods, used },
  };
}
