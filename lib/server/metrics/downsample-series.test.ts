import { describe, expect, it } from "vitest";
import { downsampleSeries } from "./downsample-series";

describe("downsampleSeries", () => {
  it("keeps a series that already fits as it is", () => {
    expect(downsampleSeries([1, 2, 3], [1, null, 3], 60)).toEqual({ timestamps: [1, 2, 3], values: [1, null, 3] });
  });

  it("averages buckets of present values into at most the given number of points, ending at the last point", () => {
    const timestamps = Array.from({ length: 240 }, (_, i) => i * 15_000);
    const values = timestamps.map((_, i) => (i % 2 === 0 ? 1 : 3));
    const result = downsampleSeries(timestamps, values, 60);
    expect(result.timestamps).toHaveLength(60);
    expect(result.values.every((value) => value === 2)).toBe(true);
    expect(result.timestamps.at(-1)).toBe(timestamps.at(-1));
  });

  it("leaves a bucket without data as a gap instead of a zero, and ignores gaps inside a bucket", () => {
    const result = downsampleSeries([1, 2, 3, 4, 5, 6], [null, null, 4, null, 5, 7], 3);
    expect(result).toEqual({ timestamps: [2, 4, 6], values: [null, 4, 6] });
  });
});
