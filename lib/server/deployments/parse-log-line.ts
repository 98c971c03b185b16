import "server-only";
import type { WorkloadLogLine } from "@/lib/contracts/workloads";

/** One line of a log read with timestamps=true ("2026-11-25T09:30:00.123456789Z text"), with its time in ms for merging. */
export function parseLogLine(pod: string, container: string, raw: string): { entry: WorkloadLogLine; timeMs: number } {
  const space = raw.indexOf(" ");
  const stamp = space > 0 ? raw.slice(0, space) : raw;
  const timeMs = /^\d{4}-\d\d-\d\dT/.test(stamp) ? Date.parse(stamp) : Number.NaN;
  if (Number.isNaN(timeMs)) return { entry: { pod, container, time: null, line: raw }, timeMs: 0 };
  return { entry: { pod, container, time: new Date(timeMs).toISOString(), line: space > 0 ? raw.slice(space + 1) : "" }, timeMs };
}
