import "server-only";
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/server/db/database";
import { LeaseKeeper, releaseLease } from "@/lib/server/db/leases";
import { MetricWindow } from "./metric-window";
import { MetricsCollector, type CycleReport, type MetricsCollectorOptions, type NodeScrapeState } from "./metrics-collector";
import { writeNodeScrapeStates } from "./write-node-scrape-states";
import { pruneRollups } from "./prune-rollups";
import { HOUR_MS, writeHourRollups } from "./write-hour-rollups";
import { MINUTE_MS, writeMinuteRollups } from "./write-minute-rollups";

// The collector as a service of one server process (DESIGN.md § Metrics). Every interval it takes or renews the
// database lease "metrics-collector" (tried every 5 s between ticks too, see LeaseKeeper); the holder scrapes, rolls
// finished minutes (and their hours) into the database and prunes old rollups hourly, the others stand by and
// take over once the lease expires (or is released on stop). A tick never throws: errors are reported and the
// next tick runs on time.

export const METRICS_LEASE = "metrics-collector";

export interface MetricsServiceOptions {
  database: () => Promise<Database>;
  /** Everything the collector needs but its window, made when this process takes the lease (lazily: the kubeconfig may not exist at boot). */
  collector: () => Omit<MetricsCollectorOptions, "window" | "intervalMs">;
  intervalMs: number;
  /** Lease lifetime and how often it is tried; LEASE_TTL_MS and LEASE_RENEW_MS unless given. */
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  holder?: string;
  onError?: (error: unknown) => void;
}

export class MetricsService {
  readonly window = new MetricWindow();
  readonly holder: string;
  private collector: MetricsCollector | undefined;
  private lastRolledMinuteMs = 0;
  private lastPruneMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly lease: LeaseKeeper;
  /** The last scrape cycle this process ran (for /api/v1/metrics); kept after the lease moves on. */
  lastCycle: CycleReport | undefined;

  constructor(private readonly options: MetricsServiceOptions) {
    this.holder = options.holder ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.lease = new LeaseKeeper({
      database: options.database,
      name: METRICS_LEASE,
      holder: this.holder,
      ttlMs: options.leaseTtlMs,
      renewMs: options.leaseRenewMs,
      // A standby that takes the lease over collects at once rather than at its next tick.
      onAcquired: () => this.tickSoon(),
      onError: options.onError,
    });
  }

  /** Whether this process holds the lease and fills its window. */
  get holdsLease(): boolean {
    return this.collector !== undefined && this.lease.holding;
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  /** Scrape state per node while this process collects; [] when it stands by. */
  nodeStates(): NodeScrapeState[] {
    return this.collector?.nodeStates() ?? [];
  }

  /** One step: the lease, then (as holder) a scrape cycle and the rollups due. */
  async tick(): Promise<void> {
    try {
      const db = await this.options.database();
      if (!(await this.lease.renew(db))) {
        this.collector = undefined;
        return;
      }
      if (!this.collector) {
        this.collector = new MetricsCollector({ ...this.options.collector(), window: this.window, intervalMs: this.options.intervalMs });
        // The minute in progress is rolled up when it ends, with the cycles this process saw of it.
        this.lastRolledMinuteMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
      }
      this.lastCycle = await this.collector.runCycle();
      await writeNodeScrapeStates(db, this.collector.nodeStates());
      await this.writeRollupsDue(db);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Rolls up the minutes that ended since the last call (and, on stop, the one in progress: `flush`). */
  private async writeRollupsDue(db: Database, flush = false): Promise<void> {
    const currentMinuteMs = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    const untilMs = flush ? currentMinuteMs + MINUTE_MS : currentMinuteMs;
    const hours = new Set<number>();
    for (let minute = Math.max(this.lastRolledMinuteMs + MINUTE_MS, currentMinuteMs - HOUR_MS); minute < untilMs; minute += MINUTE_MS) {
      await writeMinuteRollups(db, this.window, minute);
      hours.add(Math.floor(minute / HOUR_MS) * HOUR_MS);
      this.lastRolledMinuteMs = minute;
    }
    for (const hour of hours) await writeHourRollups(db, hour);
    if (Date.now() - this.lastPruneMs >= HOUR_MS) {
      await pruneRollups(db, Date.now());
      this.lastPruneMs = Date.now();
    }
  }

  /** Ticks every interval, and tries the lease every few seconds, until stop(). */
  start(): void {
    if (this.timer || this.stopped) return;
    this.schedule(0);
    this.lease.start();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.options.intervalMs);
      });
    }, delayMs).unref();
  }

  /** The next tick now, unless one is running or the service is not started. */
  private tickSoon(): void {
    if (this.timer && !this.running && !this.stopped) this.schedule(0);
  }

  /**
   * Stops ticking, writes the minute in progress (a successor that writes it again keeps the row from more cycles)
   * and gives the lease up, so a standby takes over at its next tick.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.lease.stop();
    await this.running;
    if (this.collector) {
      this.collector = undefined;
      try {
        const db = await this.options.database();
        await this.writeRollupsDue(db, true);
        await releaseLease(db, METRICS_LEASE, this.holder);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}
