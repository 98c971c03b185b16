import "server-only";
import type { DependencyCheck } from "@/lib/contracts/health";
import { getEnv } from "@/lib/server/env";
import { PROBE_TIMEOUT_MS, timedProbe } from "./timed-probe";

/** Whether the image registry serves its API: the probe readiness runs and the hub's reachability reuses. */
export function probeRegistry(): Promise<DependencyCheck> {
  const { registryUrl } = getEnv();
  return timedProbe(registryUrl, async () => {
    // The registry's API root answers 200, or 401 when token auth is on: either way it is serving.
    const response = await fetch(`${registryUrl}/v2/`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (response.status !== 200 && response.status !== 401) throw new Error(`GET /v2/ answered ${response.status}`);
  });
}
