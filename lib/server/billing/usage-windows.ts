import "server-only";

// Metering (DESIGN.md § Billing): a container's running interval becomes usage windows, one per UTC hour it ran in,
// cut again wherever a new price card takes effect so no window is rated with two prices. A window's identity is
// (pod uid, container, window start): re-metering the same interval after a crash yields the same windows, so
// writing them with ON CONFLICT DO NOTHING writes nothing twice and misses nothing. Quantities are integers:
// millicore-seconds and MiB-seconds of the container's requests.

export interface RunningInterval {
  tenantId: string;
  podUid: string;
  container: string;
  cpuMillicores: number;
  memoryMiB: number;
  /** Seconds since the epoch (Kubernetes times are whole seconds). */
  startSeconds: number;
  /** Exclusive end; for a container still running, the metering horizon (now). */
  endSeconds: number;
}

export interface UsageWindow {
  tenantId: string;
  podUid: string;
  container: string;
  /** The window's start: the hour, or a later price change within the hour. */
  windowStartSeconds: number;
  /** The hour this window belongs to (invoices and idempotent ids group by it). */
  hourStartSeconds: number;
  seconds: number;
  cpuMillicoreSeconds: bigint;
  memoryMiBSeconds: bigint;
}

const HOUR = 3600;

/**
 * Cuts an interval at every UTC hour and at each of `priceChangesSeconds` inside it. The windows cover the interval
 * exactly: their seconds sum to endSeconds − startSeconds, none overlap, and each lies within one hour and one price.
 */
export function cutIntoWindows(interval: RunningInterval, priceChangesSeconds: readonly number[] = []): UsageWindow[] {
  const { startSeconds, endSeconds } = interval;
  if (!Number.isInteger(startSeconds) || !Number.isInteger(endSeconds)) throw new Error("interval bounds must be whole seconds");
  if (endSeconds <= startSeconds) return [];
  const cuts = new Set<number>();
  for (let hour = Math.floor(startSeconds / HOUR) * HOUR + HOUR; hour < endSeconds; hour += HOUR) cuts.add(hour);
  for (const change of priceChangesSeconds) if (change > startSeconds && change < endSeconds) cuts.add(change);
  const bounds = [startSeconds, ...[...cuts].sort((a, b) => a - b), endSeconds];
  const windows: UsageWindow[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const seconds = bounds[i + 1] - bounds[i];
    windows.push({
      tenantId: interval.tenantId,
      podUid: interval.podUid,
      container: interval.container,
      windowStartSeconds: bounds[i],
      hourStartSeconds: Math.floor(bounds[i] / HOUR) * HOUR,
      seconds,
      cpuMillicoreSeconds: BigInt(interval.cpuMillicores) * BigInt(seconds),
      memoryMiBSeconds: BigInt(interval.memoryMiB) * BigInt(seconds),
    });
  }
  return windows;
}
