// Synthetic container logs. A container instance's log is a deterministic function of its seed (pod uid,
// container name, restart count) and its start time: line i has a fixed timestamp and text, so nothing is
// generated in the background and 30,000 containers cost no memory until someone reads their logs. The
// "ring" of the last MAX_LOG_LINES lines is the window of indices ending at the current line.

import type { LogOptions } from "../core/types";
import { StatusError } from "../core/types";
import { hashString, seededRandom } from "./seeded-random";

export const MAX_LOG_LINES = 2000;

export interface LogInstance {
  seed: string;
  startMs: number;
  /** Set once the instance has exited; no lines after it except the exit line. */
  endMs?: number;
  /** "crash" prints a fatal line, "signal" a graceful-shutdown line. */
  endReason?: "crash" | "signal" | "killed";
  exitCode?: number;
  linesPerSecond: number;
  /** The pod's network, used to invent plausible client addresses. */
  podIp?: string;
}

export interface LogLine {
  timeMs: number;
  /** Sub-millisecond digits, so RFC3339Nano timestamps look real and stay ordered. */
  nanos: number;
  text: string;
}

const STARTUP_LINES = 2;
const FIRST_ACCESS_OFFSET_MS = 500;

const PATHS = ["/", "/healthz", "/api/items", "/api/items/42", "/api/orders", "/static/app.js", "/static/style.css", "/login", "/api/users/7", "/metrics"];
const METHODS = ["GET", "GET", "GET", "GET", "POST", "GET", "PUT", "GET", "DELETE", "GET"];
const STATUSES = [200, 200, 200, 200, 200, 200, 304, 201, 404, 500];
const AGENTS = ["kube-probe/1.33", "Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0", "Go-http-client/1.1", "python-requests/2.32.3"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function periodMs(inst: LogInstance): number {
  return 1000 / Math.max(0.01, inst.linesPerSecond);
}

function clf(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Time of regular line i (i ≥ STARTUP_LINES): one per period, jittered inside its own slot so order holds. */
function accessTime(inst: LogInstance, i: number, random: () => number): number {
  const period = periodMs(inst);
  return inst.startMs + FIRST_ACCESS_OFFSET_MS + (i - STARTUP_LINES) * period + Math.floor(random() * period * 0.9);
}

export function logLineAt(inst: LogInstance, i: number): LogLine {
  const random = seededRandom(hashString(`${inst.seed}#${i}`));
  if (i === 0) return { timeMs: inst.startMs, nanos: 101_000, text: `${new Date(inst.startMs).toISOString()} INFO starting server version=1.0.0 pid=1` };
  if (i === 1) return { timeMs: inst.startMs + 2, nanos: 202_000, text: `${new Date(inst.startMs + 2).toISOString()} INFO listening on :8080` };
  const timeMs = accessTime(inst, i, random);
  const k = Math.floor(random() * PATHS.length);
  const client = inst.podIp ? inst.podIp.replace(/\.\d+$/, `.${1 + Math.floor(random() * 250)}`) : `10.0.0.${1 + Math.floor(random() * 250)}`;
  const status = STATUSES[Math.floor(random() * STATUSES.length)];
  const bytes = status === 304 ? 0 : 100 + Math.floor(random() * 5000);
  const agent = AGENTS[Math.floor(random() * AGENTS.length)];
  return {
    timeMs,
    nanos: Math.floor(random() * 1_000_000),
    text: `${client} - - [${clf(timeMs)}] "${METHODS[k]} ${PATHS[k]} HTTP/1.1" ${status} ${bytes} "-" "${agent}"`,
  };
}

function exitLine(inst: LogInstance): LogLine | undefined {
  if (inst.endMs === undefined) return undefined;
  const iso = new Date(inst.endMs).toISOString();
  if (inst.endReason === "crash") return { timeMs: inst.endMs, nanos: 999_000, text: `${iso} FATAL unrecoverable error, exiting code=${inst.exitCode ?? 1}` };
  if (inst.endReason === "signal") return { timeMs: inst.endMs, nanos: 999_000, text: `${iso} INFO received SIGTERM, shutting down gracefully` };
  return undefined;
}

/** Number of regular lines written at or before `tMs`. */
function countAt(inst: LogInstance, tMs: number): number {
  const until = inst.endMs !== undefined ? Math.min(tMs, inst.endMs) : tMs;
  if (until < inst.startMs) return 0;
  if (until < inst.startMs + 2) return 1;
  const period = periodMs(inst);
  // Candidate count from the slot arithmetic; the last slot's jitter may push its line past `until`.
  let n = STARTUP_LINES + Math.max(0, Math.floor((until - inst.startMs - FIRST_ACCESS_OFFSET_MS) / period) + 1);
  while (n > STARTUP_LINES && logLineAt(inst, n - 1).timeMs > until) n--;
  return n;
}

/** The lines in the container's ring at `nowMs`, oldest first (at most MAX_LOG_LINES, plus the exit line). */
export function linesBetween(inst: LogInstance, fromMs: number, toMs: number, maxLines = MAX_LOG_LINES): LogLine[] {
  const end = countAt(inst, toMs);
  const ringStart = Math.max(0, end - maxLines);
  const out: LogLine[] = [];
  // Start at the first line after `fromMs` (slot arithmetic), so a follower polling every second renders
  // only its new lines rather than the whole ring.
  const first = Number.isFinite(fromMs) ? Math.max(ringStart, countAt(inst, fromMs) - 1) : ringStart;
  for (let i = first; i < end; i++) {
    const line = logLineAt(inst, i);
    if (line.timeMs > fromMs) out.push(line);
  }
  const exit = exitLine(inst);
  if (exit && exit.timeMs <= toMs && exit.timeMs > fromMs) out.push(exit);
  return out;
}

/** RFC3339Nano as the kubelet prints it: nine fractional digits, trailing zeros trimmed. */
export function rfc3339Nano(line: LogLine): string {
  const iso = new Date(line.timeMs).toISOString(); // 2026-11-25T09:00:00.123Z
  const fraction = (iso.slice(20, 23) + String(line.nanos).padStart(6, "0")).replace(/0+$/, "");
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ""}Z`;
}

export function formatLogLine(line: LogLine, timestamps?: boolean): string {
  return timestamps ? `${rfc3339Nano(line)} ${line.text}` : line.text;
}

/** Applies sinceSeconds/sinceTime, tailLines, timestamps and limitBytes as the kubelet does. */
export function readLogLines(inst: LogInstance, nowMs: number, opts: LogOptions): string[] {
  let fromMs = -Infinity;
  if (opts.sinceSeconds !== undefined) fromMs = nowMs - opts.sinceSeconds * 1000;
  if (opts.sinceTime !== undefined) {
    const t = Date.parse(opts.sinceTime);
    if (Number.isNaN(t)) throw new StatusError(400, "BadRequest", `parsing time "${opts.sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
    fromMs = Math.max(fromMs, t - 1);
  }
  let lines = linesBetween(inst, fromMs, nowMs);
  if (opts.tailLines !== undefined && opts.tailLines >= 0) lines = opts.tailLines === 0 ? [] : lines.slice(-opts.tailLines);
  let out = lines.map((l) => formatLogLine(l, opts.timestamps));
  if (opts.limitBytes !== undefined && opts.limitBytes > 0) {
    const limited: string[] = [];
    let budget = opts.limitBytes;
    for (const text of out) {
      const size = Buffer.byteLength(text) + 1;
      if (size <= budget) {
        limited.push(text);
        budget -= size;
        continue;
      }
      // The kubelet cuts the byte stream mid-line; the partial line is what the client receives (the server
      // appends the newline to every line, so it counts against the budget too).
      if (budget > 1) limited.push(Buffer.from(text).subarray(0, budget - 1).toString("utf8"));
      break;
    }
    out = limited;
  }
  return out;
}
