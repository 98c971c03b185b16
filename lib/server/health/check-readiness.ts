import "server-only";
import type { DependencyCheck, Readyz } from "@/lib/contracts/health";
import { getDatabase } from "@/lib/server/db/get-database";
import { getEnv } from "@/lib/server/env";
import { describeCluster, getClusterVersion } from "@/lib/server/kubernetes/kube-config";
import { describeFailure } from "@/lib/server/http/describe-failure";
import { isShuttingDown } from "@/lib/server/shutdown/graceful-shutdown";

const TIMEOUT_MS = 2_000;

async function timed(target: string, probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
    ]);
    return { status: "up", latencyMs: Math.round(performance.now() - started), target };
  } catch (error) {
    return { status: "down", latencyMs: Math.round(performance.now() - started), target, error: describeFailure(error).slice(0, 300) };
  }
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(unparseable URL)";
  }
}

/** Whether each dependency answers, probed in parallel. */
export async function checkReadiness(): Promise<Readyz> {
  const env = getEnv();
  const [database, cluster, registry] = await Promise.all([
    timed(env.DATABASE_URL ? withoutCredentials(env.DATABASE_URL) : "PGlite (embedded)", async () => (await getDatabase()).ping()),
    timed(describeCluster(), getClusterVersion),
    timed(env.registryUrl, async () => {
      // The registry's API root answers 200, or 401 when token auth is on: either way it is serving.
      const response = await fetch(`${env.registryUrl}/v2/`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (response.status !== 200 && response.status !== 401) throw new Error(`GET /v2/ answered ${response.status}`);
    }),
  ]);
  // A stopping server is not ready whatever its dependencies say, so load balancers send new work elsewhere.
  const ready = !isShuttingDown() && database.status === "up" && cluster.status === "up" && registry.status === "up";
  return { status: ready ? "ready" : "not_ready", checks: { database, cluster, registry } };
}
