"use client";

import { Line, LineChart, YAxis } from "recharts";

import { toChartRows } from "@/components/metrics/chart-rows";

/** A small line without axes, for a row of a table; gaps stay gaps. Decorative: the row states the number. */
export function Sparkline({ timestamps, values, color, width = 96, height = 28 }: { timestamps: readonly number[]; values: readonly (number | null)[]; color: string; width?: number; height?: number }) {
  return (
    <span aria-hidden="true" className="inline-block align-middle" style={{ width, height }} data-testid="sparkline" data-points={values.filter((value) => value !== null).length}>
      <LineChart width={width} height={height} data={toChartRows(timestamps, [{ key: "v", values }])} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[0, "auto"]} />
        <Line dataKey="v" stroke={color} strokeWidth={1.5} dot={false} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </span>
  );
}
