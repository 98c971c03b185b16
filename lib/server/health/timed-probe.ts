import "server-only";
import type { DependencyCheck } from "@/lib/contracts/health";
import { describeFailure } from "@/lib/server/http/describe-failure";

/** How long a dependency has to answer a probe before it counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;

/** Runs one dependency probe with a deadline: up with its latency, or down with the reason in words. */
export async function timedProbe(target: string, probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
    ]);
    return { status: "up", latencyMs: Math.round(performance.now() - started), target };
  } catch (error) {
    return { status: "down", latencyMs: Math.round(performance.now() - started), target, error: describeFailure(error).slice(0, 300) };
  }
}
