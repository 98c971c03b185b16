import { POST as signIn } from "@/app/api/v1/session/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { createPlatformAdmin } from "@/lib/server/auth/platform-admins";
import { clusterCollectorOptions, setMetricsServiceForTests } from "@/lib/server/metrics/get-metrics-service";
import { MetricsService } from "@/lib/server/metrics/metrics-service";
import { call } from "./api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "./cluster-api-harness";

// The operators' monitoring routes against the simulated cluster: tenant Acme runs "busy" (two pods, a scripted
// 300 m / 200 MiB each, requesting 250 m / 256 Mi) and "broken" (one pod whose image is not in the registry, so it
// sits in ErrImagePull / ImagePullBackOff with Warning events and a rollout that never completes). A platform admin
// and Acme's owner (a tenant user) are signed in, and the collector has run a few cycles.

export const MIB = 1024 * 1024;

/** Polls an async check every 100 ms until it gives a value (the test cluster's waitFor does not await its check). */
export async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface OpsMonitoringFixture {
  env: ClusterApiHarness;
  service: MetricsService;
  admin: string;
  owner: string;
  kubectl(args: string[], stdin?: string): Promise<string>;
  stop(): Promise<void>;
}

function deployment(name: string, image: string, replicas: number) {
  return JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "t-acme" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "app",
              image,
              env: [
                { name: "APIARY_SIM_CPU_MILLICORES", value: "300" },
                { name: "APIARY_SIM_MEMORY_MIB", value: "200" },
              ],
              resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  });
}

export async function startOpsMonitoringFixture(): Promise<OpsMonitoringFixture> {
  const env = await startClusterApiHarness({ images: [{ repository: "acme/busy", tag: "v1" }], cluster: { nodes: 2, speed: 200 } });
  const { cluster, cache, registry, harness } = env;
  const kubectl = async (args: string[], stdin?: string) => {
    const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
    if (result.code !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout;
  };
  const owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  await createPlatformAdmin({ email: "ops@example.com", password: "operator password 1" });
  const admin = (await call(signIn, "POST", "/api/v1/session", { body: { email: "ops@example.com", password: "operator password 1" } })).sessionToken!;
  await kubectl(["apply", "-f", "-"], deployment("busy", `${registry.host}/acme/busy:v1`, 2));
  await kubectl(["apply", "-f", "-"], deployment("broken", `${registry.host}/acme/missing:v1`, 1));
  await until(async () => (await kubectl(["get", "deploy", "busy", "-n", "t-acme", "-o", "jsonpath={.status.readyReplicas}"])) === "2" || undefined, 60_000, "busy ready");
  await cluster.waitFor(
    () => cache.list("pods", "t-acme").some((pod) => pod.metadata?.name?.startsWith("broken-") && pod.status?.containerStatuses?.[0]?.state?.waiting?.reason?.includes("ImagePull")) || undefined,
    60_000,
    "the broken pod to fail its image pull",
  );
  await cluster.waitFor(() => cache.list("pods", "t-acme").filter((pod) => pod.status?.phase === "Running").length === 2 || undefined, 60_000, "the cache to see busy's pods");
  const service = new MetricsService({
    holder: "test",
    database: async () => harness.database.db,
    intervalMs: 15_000,
    collector: () => ({ ...clusterCollectorOptions(), timeoutMs: 2_000 }),
    onError: (error) => {
      throw error;
    },
  });
  setMetricsServiceForTests(service);
  for (let i = 0; i < 4; i++) {
    await service.tick();
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    env,
    service,
    admin,
    owner,
    kubectl,
    async stop() {
      await service.stop();
      setMetricsServiceForTests(undefined);
      await env.stop();
    },
  };
}
