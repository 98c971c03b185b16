import "server-only";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { getMeterService } from "@/lib/server/billing/get-meter-service";
import { peekWatchCache } from "@/lib/server/kubernetes/get-watch-cache";
import type { WatchCacheStats } from "@/lib/server/kubernetes/watch-cache";
import { getMetricsService } from "@/lib/server/metrics/get-metrics-service";
import type { CycleReport, NodeScrapeState } from "@/lib/server/metrics/metrics-collector";
import { openSseConnections } from "./sse-connections";

// The server's own state for /api/v1/metrics, beside the request counts (request-metrics.ts): the watch cache
// (objects and seconds since the last event, per kind), the metrics collector's last cycle, the billing meter's
// last tick, open SSE streams, and the process (memory, event loop delay, CPU). Gathered into a snapshot first,
// so rendering is a pure function the tests can check.

export interface ServerMetricsSnapshot {
  nowMs: number;
  /** undefined until the watch cache has started. */
  watchCache: WatchCacheStats[] | undefined;
  collector: { holdsLease: boolean; intervalMs: number; lastCycle: CycleReport | undefined; nodes: NodeScrapeState[] } | undefined;
  meter: { holdsLease: boolean; intervalMs: number; lastMeteredAtMs: number | undefined } | undefined;
  sseConnections: number;
  process: {
    residentBytes: number;
    heapUsedBytes: number;
    heapTotalBytes: number;
    externalBytes: number;
    cpuUserSeconds: number;
    cpuSystemSeconds: number;
    startTimeSeconds: number;
    /** Event loop delay since the previous scrape, seconds; undefined before the monitor has a sample. */
    eventLoopDelay: { p50: number; p90: number; p99: number; max: number; mean: number } | undefined;
  };
}

const LOOP_KEY = Symbol.for("apiary.eventLoopMonitor");
const LOOP_RESOLUTION_MS = 10;
type LoopHolder = { [LOOP_KEY]?: IntervalHistogram };

/** The process's event loop delay monitor, started on the first scrape (a 10 ms timer, as prom-client's). */
function eventLoopMonitor(): IntervalHistogram {
  const holder = globalThis as LoopHolder;
  if (!holder[LOOP_KEY]) {
    const histogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    histogram.enable();
    holder[LOOP_KEY] = histogram;
  }
  return holder[LOOP_KEY];
}

/** Reads the process's services as they are now. Reading resets the event loop delay histogram. */
export function collectServerMetrics(nowMs = Date.now()): ServerMetricsSnapshot {
  const metrics = getMetricsService();
  const meter = getMeterService();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const loop = eventLoopMonitor();
  // The histogram records the time between the sampling timer's runs; what exceeds its period is the delay.
  const lag = (nanoseconds: number) => Math.max(0, nanoseconds - LOOP_RESOLUTION_MS * 1e6) / 1e9;
  const eventLoopDelay =
    loop.count > 0 ? { p50: lag(loop.percentile(50)), p90: lag(loop.percentile(90)), p99: lag(loop.percentile(99)), max: lag(loop.max), mean: lag(loop.mean) } : undefined;
  loop.reset();
  return {
    nowMs,
    watchCache: peekWatchCache()?.stats(),
    collector: metrics && { holdsLease: metrics.holdsLease, intervalMs: metrics.intervalMs, lastCycle: metrics.lastCycle, nodes: metrics.nodeStates() },
    meter: meter && { holdsLease: meter.holdsLease, intervalMs: meter.intervalMs, lastMeteredAtMs: meter.lastMeteredAtMs },
    sseConnections: openSseConnections(),
    process: {
      residentBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapTotalBytes: memory.heapTotal,
      externalBytes: memory.external,
      cpuUserSeconds: cpu.user / 1e6,
      cpuSystemSeconds: cpu.system / 1e6,
      startTimeSeconds: Math.round((nowMs - process.uptime() * 1000) / 1000),
      eventLoopDelay,
    },
  };
}

class Exposition {
  readonly lines: string[] = [];
  family(name: string, type: "gauge" | "counter", help: string, samples: [labels: Record<string, string>, value: number][]): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) {
      const text = Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
        .join(",");
      this.lines.push(`${name}${text ? `{${text}}` : ""} ${Number.isFinite(value) ? value : value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN"}`);
    }
  }
}

const seconds = (ms: number) => Math.max(0, ms) / 1000;

/** The snapshot in the Prometheus text format (0.0.4). Families with nothing to report yet are left out. */
export function renderServerMetrics(s: ServerMetricsSnapshot): string {
  const out = new Exposition();
  const caches = s.watchCache ?? [];
  if (caches.length) {
    out.family("apiary_watch_cache_objects", "gauge", "Objects held by the watch cache, by kind.", caches.map((c) => [{ kind: c.kind }, c.objects]));
    out.family("apiary_watch_cache_synced", "gauge", "1 once the kind has been listed (reads of it are served), else 0.", caches.map((c) => [{ kind: c.kind }, c.synced ? 1 : 0]));
    const withEvents = caches.filter((c) => c.lastEventAt !== null);
    if (withEvents.length) {
      out.family(
        "apiary_watch_cache_last_event_age_seconds",
        "gauge",
        "Seconds since the kind's watch last delivered an event (a change or a bookmark): the cache's lag behind the API server when it keeps growing.",
        withEvents.map((c) => [{ kind: c.kind }, seconds(s.nowMs - Date.parse(c.lastEventAt!))]),
      );
    }
    out.family("apiary_watch_cache_relists_total", "counter", "Lists of the kind after the first (410 Gone, or healing after an event could not be applied).", caches.map((c) => [{ kind: c.kind }, c.relists]));
    out.family("apiary_watch_cache_restarts_total", "counter", "Watches or lists of the kind started again after a dropped connection or an error.", caches.map((c) => [{ kind: c.kind }, c.restarts]));
  }
  if (s.collector) {
    const c = s.collector;
    out.family("apiary_metrics_collector_lease_held", "gauge", "1 while this server holds the metrics-collector lease and scrapes the nodes.", [[{}, c.holdsLease ? 1 : 0]]);
    out.family("apiary_metrics_collector_interval_seconds", "gauge", "The collector's scrape interval (APIARY_METRICS_INTERVAL_SECONDS).", [[{}, seconds(c.intervalMs)]]);
    if (c.lastCycle) {
      const cycle = c.lastCycle;
      out.family("apiary_metrics_collector_last_cycle_duration_seconds", "gauge", "Wall time of this server's last scrape cycle (every node, then the aggregation).", [[{}, seconds(cycle.durationMs)]]);
      out.family("apiary_metrics_collector_last_cycle_age_seconds", "gauge", "Seconds since this server's last scrape cycle ended.", [[{}, seconds(s.nowMs - cycle.timestampMs)]]);
      out.family("apiary_metrics_collector_last_cycle_series", "gauge", "Series written into the in-memory hour by the last cycle.", [[{}, cycle.series]]);
    }
    if (c.holdsLease) {
      const stale = c.nodes.filter((n) => n.stale).length;
      out.family("apiary_metrics_collector_nodes", "gauge", "Nodes in the last cycle by state: scraped, or stale (their cAdvisor could not be read).", [
        [{ state: "scraped" }, c.nodes.length - stale],
        [{ state: "stale" }, stale],
      ]);
    }
  }
  if (s.meter) {
    const m = s.meter;
    out.family("apiary_billing_meter_lease_held", "gauge", "1 while this server holds the billing-meter lease and charges usage.", [[{}, m.holdsLease ? 1 : 0]]);
    out.family("apiary_billing_meter_interval_seconds", "gauge", "The meter's tick interval (APIARY_BILLING_METER_INTERVAL_SECONDS).", [[{}, seconds(m.intervalMs)]]);
    if (m.lastMeteredAtMs !== undefined) {
      out.family("apiary_billing_meter_last_tick_age_seconds", "gauge", "Seconds since this server last charged usage up to the present: the billing meter's lag.", [[{}, seconds(s.nowMs - m.lastMeteredAtMs)]]);
    }
  }
  out.family("apiary_sse_connections", "gauge", "Server-Sent Events streams open on this server.", [[{}, s.sseConnections]]);
  const p = s.process;
  out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", [[{}, p.residentBytes]]);
  out.family("process_cpu_user_seconds_total", "counter", "User CPU time spent in seconds.", [[{}, p.cpuUserSeconds]]);
  out.family("process_cpu_system_seconds_total", "counter", "System CPU time spent in seconds.", [[{}, p.cpuSystemSeconds]]);
  out.family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch in seconds.", [[{}, p.startTimeSeconds]]);
  out.family("nodejs_heap_size_used_bytes", "gauge", "V8 heap in use, bytes.", [[{}, p.heapUsedBytes]]);
  out.family("nodejs_heap_size_total_bytes", "gauge", "V8 heap allocated, bytes.", [[{}, p.heapTotalBytes]]);
  out.family("nodejs_external_memory_bytes", "gauge", "Memory of C++ objects bound to JavaScript objects (buffers), bytes.", [[{}, p.externalBytes]]);
  if (p.eventLoopDelay) {
    const d = p.eventLoopDelay;
    const help = (what: string) => `${what} event loop delay since the previous scrape, seconds.`;
    out.family("nodejs_eventloop_lag_p50_seconds", "gauge", help("Median"), [[{}, d.p50]]);
    out.family("nodejs_eventloop_lag_p90_seconds", "gauge", help("90th percentile of the"), [[{}, d.p90]]);
    out.family("nodejs_eventloop_lag_p99_seconds", "gauge", help("99th percentile of the"), [[{}, d.p99]]);
    out.family("nodejs_eventloop_lag_max_seconds", "gauge", help("Longest"), [[{}, d.max]]);
    out.family("nodejs_eventloop_lag_mean_seconds", "gauge", help("Mean"), [[{}, d.mean]]);
  }
  return `${out.lines.join("\n")}\n`;
}
