// Workload reads at scale (issue 6): 1,000 tenants signed up through the API, 3,000 Deployments and 30,000 pods
// in the simulated cluster; a tenant's deployment list through the BFF (its watch cache) at 100 concurrent
// connections, the same list straight from the API server, and the time from a change in the API server to the
// tenant's SSE notice. The simulator and the built console run as their own processes, as `npm start` runs them.
import os from "node:os";
import type { BenchResult } from "./run";
import { createPostgresTestDatabase } from "../scripts/test-support/postgres-test-database";
import { openChangeStream, inParallel, percentile, readEventLoopDelay, request, type Answer } from "./support/http";
import { createApiKeys, deployWorkloads, signUpTenants, startStack, waitForConsoleToList } from "./support/seed-tenants";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const DEPLOYMENTS_PER_TENANT = 3;
const REPLICAS = 10;
const NODES = Number(process.env.BENCH_NODES ?? 300);
const CONCURRENCY = 100;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const MEASURED_TENANTS = 20;
const CHANGES = 100;

export default async function workloadsBench(): Promise<BenchResult> {
  // A deployment of this size runs on a PostgreSQL server, as the soak does; embedded PGlite would run every query
  // (the metrics rollups, the billing meter) on the console's own event loop.
  const database = await createPostgresTestDatabase();
  const stack = await startStack({ name: "workloads", nodes: NODES, consoleEnv: { DATABASE_URL: database.url } }).catch(async (error) => {
    await database.drop();
    throw error;
  });
  try {
    const { apiServer, admin, consoleUrl } = stack;
    /** Requests per second each measurement completed, by its label. */
    const throughput = new Map<string, number>();
    const measure = async (label: string, send: (index: number) => Promise<Answer>): Promise<number[]> => {
      for (let i = 0; i < 200; i++) await send(i); // warm-up: JIT, connection pool
      const latencies: number[] = [];
      const measuring = performance.now();
      await inParallel(
        Array.from({ length: REQUESTS }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          const started = performance.now();
          const answer = await send(i);
          latencies.push(performance.now() - started);
          if (answer.status !== 200) throw new Error(`${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        },
      );
      throughput.set(label, REQUESTS / ((performance.now() - measuring) / 1000));
      console.log(`${label}: p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ${throughput.get(label)!.toFixed(0)} requests/s`);
      return latencies;
    };
    // What any route costs on this machine before there is anything to serve: healthz at the same concurrency on
    // the fresh console (an empty cluster, no tenants, nothing metered), the floor under everything measured later.
    const idleFloor = await measure("BFF healthz on the idle console", () => request(`${consoleUrl}/api/v1/healthz`));
    // 1,000 tenants through the real sign-up, each provisioned in the cluster before the answer.
    const { tenants, seconds: signupSeconds } = await signUpTenants(consoleUrl, TENANTS);
    // The free plan allows 10 pods; the operator raises it to 30 for these tenants, then 3 Deployments × 10 replicas each.
    const { pods: wanted, readySeconds } = await deployWorkloads(stack, tenants, { deploymentsPerTenant: DEPLOYMENTS_PER_TENANT, replicas: REPLICAS, podQuota: DEPLOYMENTS_PER_TENANT * REPLICAS });

    // API keys (viewer) for the tenants whose lists are measured; requests rotate over them.
    const measured = tenants.slice(0, MEASURED_TENANTS);
    const keys = (await createApiKeys(consoleUrl, measured, "viewer")).map((key, i) => ({ slug: measured[i].slug, namespace: measured[i].namespace, key }));
    // The BFF's cache has caught up when every measured tenant lists 3 available deployments.
    await waitForConsoleToList(
      consoleUrl,
      keys.map(({ slug, key }) => ({ slug, headers: { authorization: `Bearer ${key}` } })),
      DEPLOYMENTS_PER_TENANT,
    );

    await readEventLoopDelay(consoleUrl); // resets the console's histogram
    const bff = await measure("BFF list", (i) => {
      const { slug, key } = keys[i % keys.length];
      return request(`${consoleUrl}/api/v1/tenants/${slug}/deployments`, { headers: { authorization: `Bearer ${key}` } });
    });
    const loopDuringList = await readEventLoopDelay(consoleUrl);
    // The framework's own floor at this concurrency: the cheapest route (no database, no cluster), through the same
    // server, so the list's figure can be told apart from what any Next.js route costs here.
    const floor = await measure("BFF healthz (floor)", () => request(`${consoleUrl}/api/v1/healthz`));
    const direct = await measure("API server list", (i) => {
      const { namespace } = keys[i % keys.length];
      return request(`${apiServer}/apis/apps/v1/namespaces/${namespace}/deployments`, { headers: admin });
    });

    // Change → SSE: scale a deployment in the API server and time until the tenant's stream reports the new count.
    const target = keys[0];
    const waiting = new Map<number, { sentAt: number; resolve: (ms: number) => void }>();
    const stream = openChangeStream(`${consoleUrl}/api/v1/tenants/${target.slug}/events`, { authorization: `Bearer ${target.key}` }, (notice) => {
      const desired = notice?.summary?.replicas?.desired;
      if (notice?.resource !== "workload" || notice?.name !== "web-0" || typeof desired !== "number") return;
      const entry = waiting.get(desired);
      if (entry) {
        waiting.delete(desired);
        entry.resolve(performance.now() - entry.sentAt);
      }
    });
    await stream.opened;
    const changeLatencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const replicas = i % 2 === 0 ? REPLICAS - 1 : REPLICAS; // stays within the quota
      const arrived = new Promise<number>((resolve) => waiting.set(replicas, { sentAt: performance.now(), resolve }));
      const patched = await request(`${apiServer}/apis/apps/v1/namespaces/${target.namespace}/deployments/web-0`, { method: "PATCH", headers: admin, body: { spec: { replicas } } });
      if (patched.status !== 200) throw new Error(`scale: ${patched.status}`);
      const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error("no SSE notice within 10 s")), 10_000).unref());
      changeLatencies.push(await Promise.race([arrived, timeout]));
      await new Promise((r) => setTimeout(r, 300)); // let the rollout's own follow-up changes pass
    }
    stream.close();

    const bffP95 = percentile(bff, 95);
    const directP95 = percentile(direct, 95);
    return {
      notes:
        `${TENANTS} tenants signed up through POST /api/v1/signup (each provisioned in the simulated cluster), ${TENANTS * DEPLOYMENTS_PER_TENANT} Deployments × ${REPLICAS} replicas (${wanted} pods) on ${NODES} simulated nodes; the console is the built standalone server on a fresh PostgreSQL database with its watch cache over the whole cluster, its metrics collector (every 15 s) and billing meter running. ` +
        `Lists: ${REQUESTS} GET /api/v1/tenants/{tenant}/deployments with viewer API keys of ${MEASURED_TENANTS} tenants, ${CONCURRENCY} concurrent connections (keep-alive), after 200 warm-up requests; the floor is GET /api/v1/healthz (no database, no cluster) through the same server at the same concurrency, measured again on the idle console before the first sign-up (an empty cluster, nothing metered or scraped); with 100 requests always in flight, the mean latency is 100 ÷ the requests per second the server completes (Little's law), and with requests served in turn p95 sits above that mean; the console's event-loop delay is its own GET /api/v1/metrics (nodejs_eventloop_lag_*), read just before and just after the BFF list measurement; the direct figure is the same namespace's GET /apis/apps/v1/namespaces/{ns}/deployments from the API server with the same concurrency. ` +
        `Change → event: ${CHANGES} scale patches sent to the API server, each timed until the tenant's SSE stream delivered the workload notice with the new replica count. The free plan's pod quota (10) was raised to 30 for these tenants by patching their ResourceQuota.`,
      parameters: { tenants: TENANTS, deployments: TENANTS * DEPLOYMENTS_PER_TENANT, pods: wanted, nodes: NODES, concurrency: CONCURRENCY, requests: REQUESTS, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))) },
      figures: [
        { name: "sign-up of all tenants", value: signupSeconds, unit: "s" },
        { name: `time to ${wanted} pods Ready`, value: readySeconds, unit: "s" },
        { name: "BFF deployment list p50", value: percentile(bff, 50), unit: "ms" },
        { name: "BFF deployment list p95", value: bffP95, unit: "ms", target: { op: "<=", value: 25 } },
        { name: "BFF deployment list p99", value: percentile(bff, 99), unit: "ms" },
        { name: "BFF GET /api/v1/healthz p95 (the framework's floor)", value: percentile(floor, 95), unit: "ms" },
        { name: "BFF GET /api/v1/healthz p95 on the idle console, before any tenant", value: percentile(idleFloor, 95), unit: "ms" },
        { name: "BFF GET /api/v1/healthz on the idle console, requests per second", value: throughput.get("BFF healthz on the idle console")!, unit: "/s" },
        { name: "BFF deployment list, requests per second", value: throughput.get("BFF list")!, unit: "/s" },
        { name: "console event-loop delay during the BFF list, p99", value: loopDuringList?.p99Ms ?? NaN, unit: "ms" },
        { name: "console event-loop delay during the BFF list, max", value: loopDuringList?.maxMs ?? NaN, unit: "ms" },
        { name: "API server deployment list p50", value: percentile(direct, 50), unit: "ms" },
        { name: "API server deployment list p95", value: directP95, unit: "ms" },
        { name: "API server deployment list p99", value: percentile(direct, 99), unit: "ms" },
        { name: "API server p95 ÷ BFF p95", value: directP95 / bffP95, unit: "×", target: { op: ">=", value: 10 } },
        { name: "change → SSE event p50", value: percentile(changeLatencies, 50), unit: "ms" },
        { name: "change → SSE event p95", value: percentile(changeLatencies, 95), unit: "ms", target: { op: "<=", value: 250 } },
      ],
    };
  } finally {
    await stack.stop();
    await database.drop();
  }
}
