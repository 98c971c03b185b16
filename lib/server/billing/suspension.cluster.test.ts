import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "@/scripts/test-support/api-test-harness";
import { startTestCluster, type TestCluster } from "@/scripts/test-support/test-cluster";
import { WorkloadSpec } from "@/lib/contracts/workloads";
import { auditLog, tenants } from "../db/schema";
import { createWorkload } from "../deployments/create-workload";
import { updateWorkload } from "../deployments/update-workload";
import { apiaryClients } from "../kubernetes/cluster-clients";
import { getKubeConfig, setKubeconfigPathForTests } from "../kubernetes/kube-config";
import { createWatchCache } from "../kubernetes/watch-cache";
import { MeterService } from "./meter-service";
import { meterIntervals } from "../db/schema";
import { provisionTenant } from "../tenancy/provision-tenant";
import { getPlanOrThrow } from "../tenancy/tenants";
import { chargeUsage, creditTenant, getBalance } from "./ledger";
import { applyBalanceRules, clusterSuspension, getBillingState, SUSPENDED_REPLICAS_ANNOTATION } from "./suspension";

// Against the simulated cluster: a tenant whose balance reaches zero is warned, suspended after the grace period
// with its workloads at zero (replicas remembered on each object), refused new deployments and scale-ups, and
// brought back exactly as it was by a top-up.

let harness: ApiHarness;
let cluster: TestCluster;
const acme = { id: "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", slug: "acme", namespace: "t-acme" };
const user = { kind: "user" as const, userId: "5f0c8a4e-1111-4222-8333-944455556666", email: "dev@example.com", name: "Dev", platformAdmin: false, sessionId: "s" };
const rules = { lowBalanceMinor: 100n, graceSeconds: 60 };

const container = {
  name: "app",
  image: "nginx:1.27",
  resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
  securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
};

async function replicasOf(kind: "deployment" | "statefulset", name: string): Promise<{ replicas: string; remembered: string }> {
  const replicas = await cluster.kubectl(["get", kind, name, "-n", acme.namespace, "-o", "jsonpath={.spec.replicas}"]);
  const annotations = await cluster.kubectl(["get", kind, name, "-n", acme.namespace, "-o", "jsonpath={.metadata.annotations}"]);
  const parsed = annotations.stdout ? (JSON.parse(annotations.stdout) as Record<string, string>) : {};
  return { replicas: replicas.stdout, remembered: parsed[SUSPENDED_REPLICAS_ANNOTATION] ?? "" };
}

beforeAll(async () => {
  harness = await startApiHarness();
  cluster = await startTestCluster();
  setKubeconfigPathForTests(cluster.kubeconfigPath);
  await harness.database.db.insert(tenants).values({ ...acme, name: acme.slug, status: "active" });
  await provisionTenant(acme, await getPlanOrThrow("free"));
  const apps = apiaryClients().apps;
  const labels = { app: "web" };
  await apps.createNamespacedDeployment({
    namespace: acme.namespace,
    body: { metadata: { name: "web", labels }, spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } } },
  });
  const dbLabels = { app: "db" };
  await apps.createNamespacedStatefulSet({
    namespace: acme.namespace,
    body: { metadata: { name: "db" }, spec: { serviceName: "db", replicas: 2, selector: { matchLabels: dbLabels }, template: { metadata: { labels: dbLabels }, spec: { containers: [container] } } } },
  });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await harness?.stop();
});

describe("billing suspension in the simulated cluster", () => {
  it("warns a tenant at zero, suspends it after the grace period with its workloads at zero, refuses growth, and restores it on top-up", async () => {
    const db = harness.database.db;
    const t0 = new Date("2027-05-01T10:00:00Z");
    await creditTenant(db, { tenantId: acme.id, idempotencyKey: "seed-acme", amountMinor: 50n, kind: "adjustment", from: "platform:cash", memo: "seed" });
    expect(await applyBalanceRules(db, acme, rules, clusterSuspension(), t0)).toEqual({ state: "low", action: "low" });

    // Usage takes the balance to zero (the rest is uncollected).
    await chargeUsage(db, { tenantId: acme.id, idempotencyKey: "usage-acme-1", amountMinor: 80n, memo: "usage", periodStart: t0, periodEnd: t0 });
    expect((await getBalance(db, acme.id)).balanceMinor).toBe(0n);
    expect(await applyBalanceRules(db, acme, rules, clusterSuspension(), t0)).toEqual({ state: "warned", action: "warn" });
    // Within the grace period nothing is scaled.
    expect(await applyBalanceRules(db, acme, rules, clusterSuspension(), new Date(t0.getTime() + 59_000))).toEqual({ state: "warned", action: "none" });
    expect(await replicasOf("deployment", "web")).toEqual({ replicas: "3", remembered: "" });

    expect(await applyBalanceRules(db, acme, rules, clusterSuspension(), new Date(t0.getTime() + 60_000))).toEqual({ state: "suspended", action: "suspend" });
    expect(await replicasOf("deployment", "web")).toEqual({ replicas: "0", remembered: "3" });
    expect(await replicasOf("statefulset", "db")).toEqual({ replicas: "0", remembered: "2" });
    expect((await getBillingState(db, acme.id)).state).toBe("suspended");
    // A second tick while suspended keeps what was remembered.
    await applyBalanceRules(db, acme, rules, clusterSuspension(), new Date(t0.getTime() + 120_000));
    expect(await replicasOf("deployment", "web")).toEqual({ replicas: "0", remembered: "3" });

    const context = { actor: user, tenant: { ...acme, name: acme.slug, status: "active" as const, planName: "free" }, role: "developer" as const };
    const deploy = createWorkload(context, { spec: WorkloadSpec.parse({ name: "api", image: "nginx:1.27", replicas: 1 }) }, false);
    await expect(deploy).rejects.toMatchObject({ status: 403, message: expect.stringContaining("unpaid balance of USD 0.00") });
    await expect(updateWorkload(context, "web", { replicas: 1 })).rejects.toMatchObject({ status: 403, message: expect.stringContaining("suspended") });

    // A top-up brings every workload back as it was.
    await creditTenant(db, { tenantId: acme.id, idempotencyKey: "topup-acme", amountMinor: 1000n, kind: "topup_voucher", from: "platform:promotions", memo: "voucher" });
    expect(await applyBalanceRules(db, acme, rules, clusterSuspension(), new Date(t0.getTime() + 180_000))).toEqual({ state: "ok", action: "restore" });
    expect(await replicasOf("deployment", "web")).toEqual({ replicas: "3", remembered: "" });
    expect(await replicasOf("statefulset", "db")).toEqual({ replicas: "2", remembered: "" });
    const audit = await db.select({ action: auditLog.action, actor: auditLog.actorLabel }).from(auditLog).orderBy(auditLog.id);
    expect(audit.filter((row) => row.action.startsWith("billing.")).map((row) => `${row.actor} ${row.action}`)).toEqual([
      "billing-meter billing.low",
      "billing-meter billing.warned",
      "billing-meter billing.suspended",
      "billing-meter billing.restored",
    ]);
  });

  it("meters the tenant's pods from the watch cache and closes their intervals when the pods are deleted", async () => {
    const db = harness.database.db;
    const cache = createWatchCache(getKubeConfig(), { log: { info: () => {}, warn: () => {}, error: () => {} } });
    const service = new MeterService({ database: async () => db, cache: () => cache, cluster: () => clusterSuspension(), rules, intervalMs: 60_000 });
    try {
      await cache.ready();
      // The restored workloads' pods start on the simulated nodes.
      const started = () => cache.list("pods", acme.namespace).filter((pod) => pod.status?.startTime && pod.spec?.nodeName).length;
      while (started() < 5) await new Promise((resolve) => setTimeout(resolve, 200));
      await service.tick();
      expect(service.holdsLease).toBe(true);
      const open = await db.select().from(meterIntervals).where(eq(meterIntervals.tenantId, acme.id));
      expect(open.filter((row) => row.endAt === null).map((row) => `${row.workload} ${row.container} ${row.cpuMillicores}m ${row.memoryMiB}Mi`).sort()).toEqual([
        "db app 100m 64Mi",
        "db app 100m 64Mi",
        "web app 100m 64Mi",
        "web app 100m 64Mi",
        "web app 100m 64Mi",
      ]);
      await apiaryClients().apps.deleteNamespacedDeployment({ name: "web", namespace: acme.namespace });
      await apiaryClients().apps.deleteNamespacedStatefulSet({ name: "db", namespace: acme.namespace });
      while (cache.list("pods", acme.namespace).length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      await service.tick();
      const closed = await db.select().from(meterIntervals).where(eq(meterIntervals.tenantId, acme.id));
      expect(closed.filter((row) => row.endAt === null)).toEqual([]);
      // Everything that ran was metered up to its end.
      expect(closed.every((row) => row.meteredTo.getTime() === row.endAt!.getTime())).toBe(true);
    } finally {
      await service.stop();
      await cache.stop();
    }
  }, 120_000);
});

