import "server-only";
import type { DependencyCheck } from "@/lib/contracts/health";
import type { RegistryStatus } from "@/lib/contracts/images";
import { probeRegistry } from "@/lib/server/health/probe-registry";
import { logger } from "@/lib/server/logger";

/**
 * How long one probe's answer stands. Every hub page asks, and readiness probes every few seconds too; this keeps
 * the registry at one probe per server per 10 s however many people have the hub open.
 */
export const REGISTRY_STATUS_FRESH_MS = 10_000;

let last: { reachable: boolean; checkedAtMs: number } | null = null;
let lastReachableAtMs: number | null = null;
let probing: Promise<void> | null = null;

/**
 * Records a probe of the registry (the hub's own, or readiness's, so the two never disagree for long). A change is
 * logged with its reason for the operator; tenants only ever see whether it is reachable.
 */
export function noteRegistryCheck(check: DependencyCheck, atMs = Date.now()): void {
  const reachable = check.status === "up";
  if (last && last.reachable !== reachable) {
    if (reachable) logger().info({ target: check.target }, "image registry reachable again");
    else logger().warn({ target: check.target, reason: check.error }, "image registry not reachable");
  }
  last = { reachable, checkedAtMs: atMs };
  if (reachable) lastReachableAtMs = atMs;
}

/**
 * Whether this server can reach the image registry now, probed at most once per REGISTRY_STATUS_FRESH_MS (callers
 * arriving during a probe share it), and when it last could. Words only: no address, no error text.
 */
export async function getRegistryStatus(): Promise<RegistryStatus> {
  if (!last || Date.now() - last.checkedAtMs >= REGISTRY_STATUS_FRESH_MS) {
    probing ??= probeRegistry()
      .then((check) => noteRegistryCheck(check))
      .finally(() => {
        probing = null;
      });
    await probing;
  }
  const { reachable, checkedAtMs } = last!;
  return {
    reachable,
    checkedAt: new Date(checkedAtMs).toISOString(),
    lastReachableAt: lastReachableAtMs === null ? null : new Date(lastReachableAtMs).toISOString(),
  };
}

export function resetRegistryStatusForTests(): void {
  last = null;
  lastReachableAtMs = null;
  probing = null;
}
