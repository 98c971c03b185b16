import "server-only";
import type { ResourceAmounts } from "@/lib/contracts/tenant-metrics";
import { parseCpuMillicores, parseMemoryMiB } from "@/lib/server/deployments/parse-quantity";

interface PodSpecLike {
  readonly containers?: ReadonlyArray<{ readonly resources?: { readonly requests?: { readonly [name: string]: string }; readonly limits?: { readonly [name: string]: string } } }>;
}

const MIB = 1024 * 1024;

function sum(spec: PodSpecLike | undefined, which: "requests" | "limits"): ResourceAmounts {
  let cpu: number | null = null;
  let memory: number | null = null;
  for (const container of spec?.containers ?? []) {
    const millicores = parseCpuMillicores(container.resources?.[which]?.cpu);
    const mib = parseMemoryMiB(container.resources?.[which]?.memory);
    if (millicores !== null) cpu = (cpu ?? 0) + millicores / 1000;
    if (mib !== null) memory = (memory ?? 0) + mib * MIB;
  }
  return { cpuCores: cpu, memoryBytes: memory };
}

/** Requests and limits of one pod of this spec (its containers summed), CPU in cores and memory in bytes. */
export function podSpecResources(spec: PodSpecLike | undefined): { requests: ResourceAmounts; limits: ResourceAmounts } {
  return { requests: sum(spec, "requests"), limits: sum(spec, "limits") };
}

export function timesAmounts(amounts: ResourceAmounts, factor: number): ResourceAmounts {
  return { cpuCores: amounts.cpuCores === null ? null : amounts.cpuCores * factor, memoryBytes: amounts.memoryBytes === null ? null : amounts.memoryBytes * factor };
}
