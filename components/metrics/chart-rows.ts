// Pure shaping of the API's parallel arrays for the charts. A null stays null all the way to the plot, where
// recharts leaves a gap for it (connectNulls off): a missing scrape must never be drawn as a zero.

export type ChartSeries = { key: string; values: readonly (number | null)[] };
export type ChartRow = { t: number } & Record<string, number | null>;

/** One row per timestamp, with each series' value (or null) under its key. */
export function toChartRows(timestamps: readonly number[], series: readonly ChartSeries[]): ChartRow[] {
  return timestamps.map((t, index) => {
    const row: ChartRow = { t };
    for (const line of series) row[line.key] = line.values[index] ?? null;
    return row;
  });
}

/** The newest point that has a value, with its time; null when the series has none. */
export function latestPoint(timestamps: readonly number[], values: readonly (number | null)[]): { value: number; at: number } | null {
  for (let index = Math.min(timestamps.length, values.length) - 1; index >= 0; index--) {
    const value = values[index];
    if (value !== null && value !== undefined) return { value, at: timestamps[index]! };
  }
  return null;
}

/** Whether any series has at least one value. */
export function hasAnyValue(series: readonly ChartSeries[]): boolean {
  return series.some((line) => line.values.some((value) => value !== null && value !== undefined));
}
