import "server-only";
import type { WorkloadSpec } from "@/lib/contracts/workloads";
import type { CachedKindObject } from "@/lib/server/kubernetes/watch-cache";

/**
 * The form's view of a live workload: the inverse of buildWorkloadManifests, so "edit" opens the form filled in
 * with what runs (including changes made with kubectl, as far as the form can express them).
 * OWNED BY the write-side helper; this signature is the seam the read side relies on.
 */
export function readWorkloadSpec(
  workload: CachedKindObject<"deployments"> | CachedKindObject<"statefulsets">,
  service: CachedKindObject<"services"> | undefined,
): WorkloadSpec {
  void workload;
  void service;
  throw new Error("readWorkloadSpec is not written yet");
}
