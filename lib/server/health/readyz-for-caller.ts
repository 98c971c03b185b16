import "server-only";
import type { Readyz } from "@/lib/contracts/health";
import { presentedCredentials, resolveIdentity } from "@/lib/server/http/identity";
import { checkReadiness, type ReadinessReport } from "./check-readiness";

/**
 * Whether the caller is a signed-in platform admin. Only asked when credentials come with the request, so a probe
 * (anonymous) never touches the database; credentials that cannot be checked (unknown key, database down) count as
 * none rather than failing the probe.
 */
async function isPlatformAdmin(request: Request): Promise<boolean> {
  if (presentedCredentials(request) === "none") return false;
  try {
    const identity = await resolveIdentity(request);
    return identity?.actor.kind === "user" && identity.actor.platformAdmin;
  } catch {
    return false;
  }
}

/** Up or down per dependency, nothing more: what a probe needs, and nothing about the platform's addresses. */
export function summarizeReadiness(report: ReadinessReport): Readyz {
  const only = ({ status }: { status: "up" | "down" }) => ({ status });
  const { database, cluster, registry } = report.checks;
  return { status: report.status, detail: "summary", checks: { database: only(database), cluster: only(cluster), registry: only(registry) } };
}

/** Readiness as this caller may see it: in full for a platform admin, summarized for anyone else. */
export async function readyzForCaller(request: Request): Promise<Readyz> {
  const [report, admin] = await Promise.all([checkReadiness(), isPlatformAdmin(request)]);
  return admin ? { ...report, detail: "full" } : summarizeReadiness(report);
}
