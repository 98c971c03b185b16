import "server-only";

// The last hour at full resolution, in memory (DESIGN.md § Metrics): one ring of scrape cycles shared by every
// series, and per series one Float32Array holding every metric of every cycle. Float32 keeps seven significant
// digits, far finer than a chart can show, at half the memory of Float64; 30,000 pods plus workloads, tenants and
// nodes for 240 cycles of six metrics fit in about 400 MiB. A cycle a series was absent from reads as null.
// A series gone for a few cycles (a pod a rollout replaced) is compacted to the cycles it has within the window, so
// a rollout's old pods cost what they recorded rather than a whole hour each, and the hour's memory follows the
// samples held rather than the number of pods ever seen.

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

/** Cycles a series must miss before it is compacted: a minute at the 15 s default, past a slow node's hiccup. */
export const COMPACT_AFTER_CYCLES = 4;

interface Stored {
  /** A ring of `capacity` cycles (slot = cycle % capacity) or, compacted, cycles startCycle…lastCycle in order. */
  data: Float32Array;
  /** The cycle number this series was last written in, to drop series gone for a whole window. */
  lastCycle: number;
  /** The first cycle this series was written in. */
  firstCycle: number;
  /** The cycle data[0] holds when compacted; -1 while a ring. */
  startCycle: number;
}

export class MetricWindow {
  private readonly times: Float64Array;
  private readonly series = new Map<string, Stored>();
  /** Cycles begun so far; the current cycle's slot is (cycles - 1) % capacity. */
  private cycles = 0;
  /** Bytes of every series' data, kept as series are created, compacted, expanded and dropped. */
  private seriesBytes = 0;

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
    this.compactSeriesGoneAWhile();
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

  /** Like record(), with one value per WINDOW_METRICS entry in order from row[at]; NaN (or any non-finite value) is
   *  absent. */
  recordRow(key: string, row: ArrayLike<number>, at = 0): void {
    if (this.cycles === 0) throw new Error("beginCycle() before record()");
    const slot = (this.cycles - 1) % this.capacity;
    let stored = this.series.get(key);
    if (!stored) {
      stored = { data: new Float32Array(this.capacity * METRIC_COUNT).fill(NaN), lastCycle: -1, firstCycle: this.cycles - 1, startCycle: -1 };
      this.seriesBytes += stored.data.byteLength;
      this.series.set(key, stored);
    } else if (stored.startCycle >= 0) {
      this.expand(stored);
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
      const value = row[at + m];
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
      const base = this.baseOf(stored, cycle);
      out.timestamps.push(time);
      for (let m = 0; m < METRIC_COUNT; m++) {
        const value = base < 0 ? NaN : stored.data[base + m];
        out.values[WINDOW_METRICS[m]].push(Number.isNaN(value) ? null : value);
      }
    }
    return out;
  }

  /** The series' values in the latest cycle, or undefined when it was not in it. */
  latest(key: string): MetricValues | undefined {
    const stored = this.series.get(key);
    if (!stored || stored.lastCycle !== this.cycles - 1) return undefined;
    const base = this.baseOf(stored, this.cycles - 1);
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
      const base = this.baseOf(stored, cycle);
      if (base < 0) break;
      const value = stored.data[base + m];
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

  /** Series compacted because they have been gone a while (pods a rollout replaced, a lost node's pods). */
  get compactedSeriesCount(): number {
    let count = 0;
    for (const stored of this.series.values()) if (stored.startCycle >= 0) count++;
    return count;
  }

  /** Bytes held by the series' arrays (what the benchmark reports as the in-memory hour). */
  get bytes(): number {
    return this.seriesBytes + this.times.byteLength;
  }

  /** Where `cycle`'s values of a series start in its data, or -1 when the series holds nothing for that cycle. */
  private baseOf(stored: Stored, cycle: number): number {
    // Written after the series' last write, or a window before it, means the slot holds another hour's value.
    if (cycle > stored.lastCycle || cycle <= stored.lastCycle - this.capacity) return -1;
    if (stored.startCycle < 0) return (cycle % this.capacity) * METRIC_COUNT;
    return cycle < stored.startCycle ? -1 : (cycle - stored.startCycle) * METRIC_COUNT;
  }

  private dropSeriesGoneForAWindow(): void {
    for (const [key, stored] of this.series) {
      if (this.cycles - 1 - stored.lastCycle < this.capacity) continue;
      this.seriesBytes -= stored.data.byteLength;
      this.series.delete(key);
    }
  }

  /** Rings of series that missed the last COMPACT_AFTER_CYCLES cycles become arrays of the cycles they still show. */
  private compactSeriesGoneAWhile(): void {
    const current = this.cycles - 1;
    // The oldest cycle a read can still show: the window's, and never before the series began.
    const oldestShown = Math.max(0, this.cycles - this.capacity);
    for (const stored of this.series.values()) {
      if (stored.startCycle >= 0 || current - stored.lastCycle <= COMPACT_AFTER_CYCLES) continue;
      const start = Math.max(stored.firstCycle, oldestShown, stored.lastCycle - this.capacity + 1);
      const count = Math.max(0, stored.lastCycle - start + 1);
      const data = new Float32Array(count * METRIC_COUNT);
      for (let i = 0; i < count; i++) {
        const from = ((start + i) % this.capacity) * METRIC_COUNT;
        data.set(stored.data.subarray(from, from + METRIC_COUNT), i * METRIC_COUNT);
      }
      this.seriesBytes += data.byteLength - stored.data.byteLength;
      stored.data = data;
      stored.startCycle = start;
    }
  }

  /** A compacted series written again (its node answers again): back to a ring, its kept cycles in their slots. */
  private expand(stored: Stored): void {
    const ring = new Float32Array(this.capacity * METRIC_COUNT).fill(NaN);
    const count = stored.data.length / METRIC_COUNT;
    for (let i = 0; i < count; i++) {
      const cycle = stored.startCycle + i;
      // A cycle a window or more before the one being written would be overwritten by it: leave it out.
      if (cycle <= this.cycles - 1 - this.capacity) continue;
      ring.set(stored.data.subarray(i * METRIC_COUNT, (i + 1) * METRIC_COUNT), (cycle % this.capacity) * METRIC_COUNT);
    }
    this.seriesBytes += ring.byteLength - stored.data.byteLength;
    stored.data = ring;
    stored.startCycle = -1;
  }
}
