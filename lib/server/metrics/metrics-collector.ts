import "server-only";
import type { KubeConfig } from "@kubernetes/client-node";
import { aggregateCycleInSlices, type CycleTopology } from "./aggregate-cycle";
import { MetricWindow } from "./metric-window";
import type { NodeReading } from "./read-cadvisor";
import { createScrapeAgents, prepareScrapeAgents, scrapeNode, type ScrapeAgents } from "./scrape-node";

// The scrape loop (DESIGN.md § Metrics): every interval, every node's cAdvisor in parallel with bounded concurrency
// and a per-node timeout, then one aggregation into the in-memory hour. A node that fails is marked stale (the
// screens say so) and left out of the cycle: its series show a gap, never a zero.

export interface NodeScrapeState {
  node: string;
  /** The last successful scrape, ms since the epoch; null before the first. */
  lastSuccessMs: number | null;
  lastError: string | null;
  /** The latest cycle could not read this node. */
  stale: boolean;
}

export interface CycleReport {
  timestampMs: number;
  nodes: number;
  failed: number;
  series: number;
  /** CPU time the cycle's parse and aggregation took in this process (µs of user + system). */
  cpuMicros: number;
  durationMs: number;
}

export interface MetricsCollectorOptions {
  kubeConfig: KubeConfig;
  listNodes: () => Promise<string[]>;
  topology: CycleTopology;
  window?: MetricWindow;
  intervalMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  scrape?: (node: string, timeoutMs: number) => Promise<NodeReading>;
  onCycle?: (report: CycleReport) => void;
  onError?: (error: unknown) => void;
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export class MetricsCollector {
  readonly window: MetricWindow;
  private readonly states = new Map<string, NodeScrapeState>();
  private previous = new Map<string, NodeReading>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Kept from cycle to cycle (keep-alive connections to the API server), destroyed by close(). */
  private agents: ScrapeAgents | undefined;

  constructor(private readonly options: MetricsCollectorOptions) {
    this.window = options.window ?? new MetricWindow();
  }

  get intervalMs(): number {
    return this.options.intervalMs ?? 15_000;
  }

  /** One cycle now: scrape every node, aggregate, record. */
  async runCycle(): Promise<CycleReport> {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const nodes = await this.options.listNodes();
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    const concurrency = this.options.concurrency ?? 16;
    let agents: ScrapeAgents | undefined;
    if (!this.options.scrape) {
      agents = this.agents ??= createScrapeAgents(concurrency, Math.max(60_000, 4 * this.intervalMs));
      await prepareScrapeAgents(agents, this.options.kubeConfig);
    }
    const scrape = this.options.scrape ?? ((node: string, ms: number) => scrapeNode(this.options.kubeConfig, node, ms, undefined, agents));
    const readings = new Map<string, NodeReading>();
    let failed = 0;
    await inParallel(nodes, concurrency, async (node) => {
      const state = this.states.get(node) ?? { node, lastSuccessMs: null, lastError: null, stale: false };
      this.states.set(node, state);
      try {
        const reading = await scrape(node, timeoutMs);
        readings.set(node, reading);
        state.lastSuccessMs = Date.now();
        state.lastError = null;
        state.stale = false;
      } catch (error) {
        failed++;
        state.lastError = error instanceof Error ? error.message : String(error);
        state.stale = true;
      }
    });
    const listed = new Set(nodes);
    for (const node of this.states.keys()) if (!listed.has(node)) this.states.delete(node);
    const timestampMs = Date.now();
    // Rates and sums in slices between requests; the window gets the cycle in one step once they are done.
    const { series } = await aggregateCycleInSlices(this.window, { timestampMs, readings, previous: this.previous, topology: this.options.topology });
    // A node that failed keeps its last reading, so its first rate after it returns spans the gap.
    const next = new Map<string, NodeReading>();
    for (const node of nodes) {
      const reading = readings.get(node) ?? this.previous.get(node);
      if (reading) next.set(node, reading);
    }
    this.previous = next;
    const cpu = process.cpuUsage(cpuBefore);
    const report = { timestampMs, nodes: nodes.length, failed, series, cpuMicros: cpu.user + cpu.system, durationMs: performance.now() - started };
    this.options.onCycle?.(report);
    return report;
  }

  nodeStates(): NodeScrapeState[] {
    return [...this.states.values()].sort((a, b) => a.node.localeCompare(b.node));
  }

  /** Cycles every interval until stop(); a failed cycle is reported and the next one runs on time. */
  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runCycle()
        .then(() => undefined)
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.close();
  }

  /** Closes the kept-alive connections; a later cycle opens new ones. */
  close(): void {
    this.agents?.destroy();
    this.agents = undefined;
  }
}
