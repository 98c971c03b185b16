import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as healthz } from "@/app/api/v1/healthz/route";
import { POST as signup } from "@/app/api/v1/signup/route";
import { GET as tenantEvents } from "@/app/api/v1/tenants/[tenant]/events/route";
import { setMeterServiceForTests } from "@/lib/server/billing/get-meter-service";
import { MeterService } from "@/lib/server/billing/meter-service";
import { clusterSuspension } from "@/lib/server/billing/suspension";
import { clusterCollectorOptions, setMetricsServiceForTests } from "@/lib/server/metrics/get-metrics-service";
import { MetricsService } from "@/lib/server/metrics/metrics-service";
import { call, ORIGIN } from "@/scripts/test-support/api-test-harness";
import { startClusterApiHarness, type ClusterApiHarness } from "@/scripts/test-support/cluster-api-harness";
import { GET } from "./route";

// Apiary's own metrics against the simulated cluster: the exposition must be valid Prometheus text (read by
// parse-prometheus-text-format, a port of the Prometheus Python client's parser, and line by line against the format)
// and its figures must match the state they describe: the watch cache's objects per kind, the collector's nodes
// (one made stale by a hung cAdvisor), the billing meter's last tick, the open SSE streams, the process.

let env: ClusterApiHarness;
let collector: MetricsService;
let meter: MeterService;
let owner: string;

async function scrape(): Promise<{ text: string; families: Map<string, ParsedFamily> }> {
  const response = await GET(new Request(`${ORIGIN}/api/v1/metrics`), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await response.text();
  return { text, families: new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f])) };
}

function value(families: Map<string, ParsedFamily>, name: string, labels: Record<string, string> = {}): number {
  const family = families.get(name);
  if (!family) throw new Error(`no ${name} in the exposition`);
  const sample = family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!sample) throw new Error(`no ${name}${JSON.stringify(labels)} in the exposition`);
  return Number(sample.value);
}

beforeAll(async () => {
  env = await startClusterApiHarness({ images: [{ repository: "acme/web", tag: "v1" }], cluster: { nodes: 2 } });
  owner = (await call(signup, "POST", "/api/v1/signup", { body: { email: "owner@example.com", password: "correct horse battery", name: "O", tenantName: "Acme" } })).sessionToken!;
  const onError = (error: unknown) => {
    throw error;
  };
  collector = new MetricsService({ holder: "metrics-test", database: async () => env.harness.database.db, intervalMs: 15_000, collector: () => ({ ...clusterCollectorOptions(), timeoutMs: 2_000 }), onError });
  meter = new MeterService({
    holder: "metrics-test",
    database: async () => env.harness.database.db,
    cache: () => env.cache,
    cluster: () => clusterSuspension(),
    rules: { lowBalanceMinor: 500n, graceSeconds: 3600 },
    intervalMs: 15_000,
    onError,
  });
  setMetricsServiceForTests(collector);
  setMeterServiceForTests(meter);
}, 180_000);

afterAll(async () => {
  setMetricsServiceForTests(undefined);
  setMeterServiceForTests(undefined);
  await collector?.stop();
  await meter?.stop();
  await env?.stop();
});

describe("GET /api/v1/metrics", () => {
  it("is valid Prometheus text: every family once with HELP and TYPE, every sample well-formed", async () => {
    // A request first, so the request families have samples.
    await call(healthz, "GET", "/api/v1/healthz");
    await collector.tick();
    await meter.tick();
    const { text, families } = await scrape();
    const declared = new Map<string, string[]>();
    for (const line of text.split("\n")) {
      const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
      if (m) declared.set(m[2], [...(declared.get(m[2]) ?? []), m[1]]);
      else if (line !== "") expect(line, "a sample line").toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/);
    }
    for (const [name, kinds] of declared) expect(kinds, name).toEqual(["HELP", "TYPE"]);
    // The reference parser reads every declared family.
    expect([...families.keys()].sort()).toEqual([...declared.keys()].sort());
    expect([...families.values()].reduce((n, f) => n + f.metrics.length, 0)).toBeGreaterThan(30);
    for (const name of [
      "apiary_http_requests_total",
      "apiary_http_request_duration_seconds",
      "apiary_watch_cache_objects",
      "apiary_watch_cache_last_event_age_seconds",
      "apiary_metrics_collector_last_cycle_duration_seconds",
      "apiary_metrics_collector_nodes",
      "apiary_billing_meter_last_tick_age_seconds",
      "apiary_sse_connections",
      "process_resident_memory_bytes",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(families.has(name), name).toBe(true);
    }
    expect(families.get("apiary_http_request_duration_seconds")!.type).toBe("HISTOGRAM");
    expect(families.get("apiary_watch_cache_relists_total")!.type).toBe("COUNTER");
    expect(value(families, "apiary_http_requests_total", { operation: "getHealthz", method: "GET", status: "200" })).toBeGreaterThanOrEqual(1);
  });

  it("reports the watch cache's objects per kind and how long since each kind's watch last spoke", async () => {
    const { families } = await scrape();
    expect(value(families, "apiary_watch_cache_objects", { kind: "pods" })).toBe(env.cache.listAll("pods").length);
    expect(value(families, "apiary_watch_cache_objects", { kind: "namespaces" })).toBe(env.cache.namespaces().length);
    expect(value(families, "apiary_watch_cache_objects", { kind: "namespaces" })).toBeGreaterThanOrEqual(5); // default, kube-*, t-acme
    for (const kind of ["deployments", "statefulsets", "replicasets", "pods", "events", "services", "namespaces"]) {
      expect(value(families, "apiary_watch_cache_synced", { kind }), kind).toBe(1);
    }
    // Namespaces changed when the tenant was provisioned: a recent event, not an hour-old one.
    const age = value(families, "apiary_watch_cache_last_event_age_seconds", { kind: "namespaces" });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(600);
  });

  it("reports the collector's last cycle and its nodes, scraped or stale", async () => {
    await collector.tick();
    let { families } = await scrape();
    expect(value(families, "apiary_metrics_collector_lease_held")).toBe(1);
    expect(value(families, "apiary_metrics_collector_interval_seconds")).toBe(15);
    expect(value(families, "apiary_metrics_collector_nodes", { state: "scraped" })).toBe(2);
    expect(value(families, "apiary_metrics_collector_nodes", { state: "stale" })).toBe(0);
    expect(value(families, "apiary_metrics_collector_last_cycle_duration_seconds")).toBeGreaterThan(0);
    expect(value(families, "apiary_metrics_collector_last_cycle_duration_seconds")).toBe(collector.lastCycle!.durationMs / 1000);
    expect(value(families, "apiary_metrics_collector_last_cycle_series")).toBeGreaterThan(0);

    // A node whose cAdvisor hangs is stale after the next cycle.
    const node = collector.nodeStates()[0].node;
    await env.cluster.fault({ action: "hang-cadvisor", node, hang: true });
    try {
      await collector.tick();
      ({ families } = await scrape());
      expect(value(families, "apiary_metrics_collector_nodes", { state: "scraped" })).toBe(1);
      expect(value(families, "apiary_metrics_collector_nodes", { state: "stale" })).toBe(1);
    } finally {
      await env.cluster.fault({ action: "hang-cadvisor", node, hang: false });
    }
  });

  it("reports the billing meter's lease and the seconds since it last charged usage", async () => {
    const before = Date.now();
    await meter.tick();
    const after = Date.now();
    const { families } = await scrape();
    expect(value(families, "apiary_billing_meter_lease_held")).toBe(1);
    expect(value(families, "apiary_billing_meter_interval_seconds")).toBe(15);
    const age = value(families, "apiary_billing_meter_last_tick_age_seconds");
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThanOrEqual((Date.now() - before) / 1000);
    expect(meter.lastMeteredAtMs).toBeGreaterThanOrEqual(before);
    expect(meter.lastMeteredAtMs).toBeLessThanOrEqual(after);
  });

  it("counts the SSE streams open, and forgets them when they close", async () => {
    const baseline = value((await scrape()).families, "apiary_sse_connections");
    const streams = [new AbortController(), new AbortController()];
    const responses = await Promise.all(
      streams.map((abort) =>
        tenantEvents(new Request(`${ORIGIN}/api/v1/tenants/acme/events`, { headers: { cookie: `apiary_session=${owner}`, "x-forwarded-for": "10.0.0.1" }, signal: abort.signal }), {
          params: Promise.resolve({ tenant: "acme" }),
        }),
      ),
    );
    const readers = responses.map((response) => {
      expect(response.status).toBe(200);
      return response.body!.getReader();
    });
    await Promise.all(readers.map((reader) => reader.read())); // the `retry:` line: the streams are running
    expect(value((await scrape()).families, "apiary_sse_connections")).toBe(baseline + 2);
    streams[0].abort();
    expect(value((await scrape()).families, "apiary_sse_connections")).toBe(baseline + 1);
    await readers[1].cancel();
    expect(value((await scrape()).families, "apiary_sse_connections")).toBe(baseline);
  });

  it("reports the process: resident memory and heap as the process sees them, event loop delay, CPU", async () => {
    await scrape(); // the event loop monitor runs from the first scrape; the next one has samples
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { families } = await scrape();
    const rss = value(families, "process_resident_memory_bytes");
    expect(rss).toBeGreaterThan(10 * 1024 * 1024);
    expect(Math.abs(rss - process.memoryUsage().rss) / rss).toBeLessThan(0.5);
    expect(value(families, "nodejs_heap_size_used_bytes")).toBeLessThanOrEqual(value(families, "nodejs_heap_size_total_bytes"));
    const p50 = value(families, "nodejs_eventloop_lag_p50_seconds");
    const max = value(families, "nodejs_eventloop_lag_max_seconds");
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(max).toBeGreaterThanOrEqual(p50);
    expect(value(families, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(Math.abs(value(families, "process_start_time_seconds") - (Date.now() / 1000 - process.uptime()))).toBeLessThan(5);
  });
});
