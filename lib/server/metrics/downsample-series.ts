import "server-only";

/**
 * Averages consecutive points into at most `maxPoints` buckets, for sparklines. A bucket's value is the mean of its
 * present values; a bucket with none stays null, so a gap in the data stays a gap and never turns into a zero.
 */
export function downsampleSeries(timestamps: readonly number[], values: readonly (number | null)[], maxPoints: number): { timestamps: number[]; values: (number | null)[] } {
  if (timestamps.length <= maxPoints) return { timestamps: [...timestamps], values: [...values] };
  const size = Math.ceil(timestamps.length / maxPoints);
  const out = { timestamps: [] as number[], values: [] as (number | null)[] };
  for (let start = 0; start < timestamps.length; start += size) {
    const end = Math.min(start + size, timestamps.length);
    let sum = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      const value = values[i];
      if (value === null || value === undefined) continue;
      sum += value;
      count++;
    }
    // The bucket is stamped with its last point, so the sparkline ends where the series does.
    out.timestamps.push(timestamps[end - 1]!);
    out.values.push(count === 0 ? null : sum / count);
  }
  return out;
}
