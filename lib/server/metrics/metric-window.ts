import "server-only";

// The last hour at full resolution, in memory (DESIGN.md § Metrics): one ring of scrape cycles shared by every
// series, and per series one Float32Array holding every metric of every cycle. Float32 keeps seven significant
// digits, far finer than a chart can show, at half the memory of Float64; 30,000 pods plus workloads, tenants and
// nodes for 240 cycles of six metrics fit in about 400 MiB. A cycle a series was absent from reads as null.

export const WINDOW_METRICS = ["cpuCores", "memoryBytes", "rxBytesPerSecond", "txBytesPerSecond", "fsReadBytesPerSecond", "fsWriteBytesPerSecond"] as const;
export type WindowMetric = (typeof WINDOW_METRICS)[number];
export type MetricValues = Partial<Record<WindowMetric, number>>;
const METRIC_COUNT = WINDOW_METRICS.length;
const METRIC_INDEX = new Map(WINDOW_METRICS.map((metric, index) => [metric, index]));

export interface WindowSeries {
  /** Cycle times, oldest first. */
  timestamps: number[];
  values: Record<WindowMetric, (number | null)[]>;
}

interface Stored {
  data: Float32Array;
  /** The cycle number this series was last written in, to drop series gone for a whole window. */
  lastCycle: number;
}

export class MetricWindow {
  private readonly times: Float64Array;
  private readonly series = new Map<string, Stored>();
  /** Cycles begun so far; the current cycle's slot is (cycles - 1) % capacity. */
  private cycles = 0;

  constructor(readonly capacity = 240) {
    this.times = new Float64Array(capacity).fill(NaN);
  }

  /** Starts a scrape cycle at `timestampMs`; what is recorded next belongs to it. */
  beginCycle(timestampMs: number): void {
    const slot = this.cycles % this.capacity;
    this.cycles++;
    this.times[slot] = timestampMs;
    // The slot is reused: old values in it belong to a cycle an hour ago, so they are cleared lazily on write and
    // hidden on read by the series' lastCycle check below.
    if (this.cycles % this.capacity === 0) this.dropSeriesGoneForAWindow();
  }

  /** Records the current cycle's values of one series ("pod:ns/name", "workload:ns/Deployment/web", …). */
  record(key: string, values: MetricValues): void {
    const row = new Float64Array(METRIC_COUNT).fill(NaN);
    for (const [metric, value] of Object.entries(values) as [WindowMetric, number][]) {
      const index = METRIC_INDEX.get(metric);
      if (index !== undefined) row[index] = value;
    }
    this.recordRow(key, row);
  }

  /** Like record(), with one value per WINDOW_METRICS entry in order; NaN (or any non-finite value) is absent. */
  recordRow(key: string, row: ArrayLike<number>): void {
    if (this.cycles === 0) throw new Error("beginCycle() before record()");
    const slot = (this.cycles - 1) % this.capacity;
    let stored = this.series.get(key);
    if (!stored) {
      stored = { data: new Float32Array(this.capacity * METRIC_COUNT).fill(NaN), lastCycle: -1 };
      this.series.set(key, stored);
    }
    // Cycles this series missed since it was last written hold stale values from a window ago: blank them.
    const missed = Math.min(this.capacity, this.cycles - 1 - stored.lastCycle - 1);
    for (let i = 1; i <= missed; i++) {
      const old = (slot - i + this.capacity) % this.capacity;
      stored.data.fill(NaN, old * METRIC_COUNT, (old + 1) * METRIC_COUNT);
    }
    const base = slot * METRIC_COUNT;
    const data = stored.data;
    for (let m = 0; m < METRIC_COUNT; m++) {
      const value = row[m];
      data[base + m] = Number.isFinite(value) ? value : NaN;
    }
    stored.lastCycle = this.cycles - 1;
  }

  /** Values of one series for cycles within [fromMs, toMs], oldest first; undefined when the series is unknown. */
  read(key: string, fromMs = -Infinity, toMs = Infinity): WindowSeries | undefined {
    const stored = this.series.get(key);
    if (!stored) return undefined;
    const out: WindowSeries = { timestamps: [], values: Object.fromEntries(WINDOW_METRICS.map((m) => [m, []])) as unknown as WindowSeries["values"] };
    const count = Math.min(this.cycles, this.capacity);
    for (let age = count - 1; age >= 0; age--) {
      const cycle = this.cycles - 1 - age;
      const slot = cycle % this.capacity;
      const time = this.times[slot];
      if (!(time >= fromMs && time <= toMs)) continue;
      // Written after the series' last write means the slot holds another hour's value for this series.
      const current = cycle <= stored.lastCycle && cycle > stored.lastCycle - this.capacity;
      out.timestamps.push(time);
      for (let m = 0; m < METRIC_COUNT; m++) {
        const value = current ? stored.data[slot * METRIC_COUNT + m] : NaN;
        out.values[WINDOW_METRICS[m]].push(Number.isNaN(value) ? null : value);
      }
    }
    return out;
  }

  /** The series' values in the latest cycle, or undefined when it was not in it. */
  latest(key: string): MetricValues | undefined {
    const stored = this.series.get(key);
    if (!stored || stored.lastCycle !== this.cycles - 1) return undefined;
    const base = ((this.cycles - 1) % this.capacity) * METRIC_COUNT;
    const out: MetricValues = {};
    for (let m = 0; m < METRIC_COUNT; m++) if (!Number.isNaN(stored.data[base + m])) out[WINDOW_METRICS[m]] = stored.data[base + m];
    return out;
  }

  /** The newest value of one metric of a series within [fromMs, toMs], or null: what a capacity view shows as "used". */
  newestValue(key: string, metric: WindowMetric, fromMs = -Infinity, toMs = Infinity): number | null {
    const stored = this.series.get(key);
    if (!stored) return null;
    const m = METRIC_INDEX.get(metric)!;
    const count = Math.min(this.cycles, this.capacity);
    for (let age = 0; age < count; age++) {
      const cycle = this.cycles - 1 - age;
      if (cycle > stored.lastCycle) continue;
      if (cycle <= stored.lastCycle - this.capacity) break;
      const slot = cycle % this.capacity;
      const time = this.times[slot];
      if (time > toMs) continue;
      if (time < fromMs) break;
      const value = stored.data[slot * METRIC_COUNT + m];
      if (!Number.isNaN(value)) return value;
    }
    return null;
  }

  /** Every series key held, for the rollup writer. */
  seriesKeys(): IterableIterator<string> {
    return this.series.keys();
  }

  /** The newest cycle's time, or null before the first cycle. */
  get latestCycleMs(): number | null {
    return this.cycles === 0 ? null : this.times[(this.cycles - 1) % this.capacity];
  }

  get seriesCount(): number {
    return this.series.size;
  }

  /** Bytes held by the series' arrays (what the benchmark reports as the in-memory hour). */
  get bytes(): number {
    return this.series.size * this.capacity * METRIC_COUNT * 4 + this.times.byteLength;
  }

  private dropSeriesGoneForAWindow(): void {
    for (const [key, stored] of this.series) if (this.cycles - 1 - stored.lastCycle >= this.capacity) this.series.delete(key);
  }
}
