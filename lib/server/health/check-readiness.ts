import "server-only";
import type { DependencyCheck } from "@/lib/contracts/health";
import { getDatabase } from "@/lib/server/db/get-database";
import { getEnv } from "@/lib/server/env";
import { describeCluster, getClusterVersion } from "@/lib/server/kubernetes/kube-config";
import { noteRegistryCheck } from "@/lib/server/registry/registry-reachability";
import { isShuttingDown } from "@/lib/server/shutdown/graceful-shutdown";
import { probeRegistry } from "./probe-registry";
import { timedProbe } from "./timed-probe";

/** Readiness in full: each dependency with where it was looked for and why it failed. Only admins see it all. */
export interface ReadinessReport {
  status: "ready" | "not_ready";
  checks: { database: DependencyCheck; cluster: DependencyCheck; registry: DependencyCheck };
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
export async function checkReadiness(): Promise<ReadinessReport> {
  const env = getEnv();
  const [database, cluster, registry] = await Promise.all([
    timedProbe(env.DATABASE_URL ? withoutCredentials(env.DATABASE_URL) : "PGlite (embedded)", async () => (await getDatabase()).ping()),
    timedProbe(describeCluster(), getClusterVersion),
    probeRegistry(),
  ]);
  // The hub's registry banner reads the same answer, so a probe here spares it one of its own.
  noteRegistryCheck(registry);
  // A stopping server is not ready whatever its dependencies say, so load balancers send new work elsewhere.
  const ready = !isShuttingDown() && database.status === "up" && cluster.status === "up" && registry.status === "up";
  return { status: ready ? "ready" : "not_ready", checks: { database, cluster, registry } };
}
