import { afterEach, describe, expect, it } from "vitest";
import { StatusError } from "../core/types";
import { linesBetween, readLogLines, rfc3339Nano } from "./container-logs";
import type { LogInstance } from "./container-logs";
import { startHarness } from "./kubelet-harness";
import type { KubeletHarness } from "./kubelet-harness";

const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const instance: LogInstance = { seed: "uid-1/app/0", startMs: t0, linesPerSecond: 2, podIp: "10.244.1.7" };

describe("synthetic container logs", () => {
  it("are deterministic and grow with time at the instance's rate", () => {
    const a = readLogLines(instance, t0 + 60_000, {});
    expect(readLogLines({ ...instance }, t0 + 60_000, {})).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(119);
    expect(a.length).toBeLessThanOrEqual(122);
    expect(a[0]).toContain("starting server");
    expect(a[5]).toMatch(/^10\.244\.1\.\d+ - - \[25\/Nov\/2026:09:00:\d\d \+0000\] "(GET|POST|PUT|DELETE) \S+ HTTP\/1\.1" \d{3} \d+ "-" "[^"]+"$/);
  });

  it("returns exactly the lines written after a point in time (what a follower polls)", () => {
    const all = linesBetween(instance, -Infinity, t0 + 60_000);
    for (const from of [t0 - 5, t0, t0 + 1, t0 + 30_000, t0 + 30_499, t0 + 59_999]) {
      expect(linesBetween(instance, from, t0 + 60_000)).toEqual(all.filter((l) => l.timeMs > from));
    }
  });

  it("keeps only the last 2,000 lines", () => {
    const lines = linesBetween(instance, -Infinity, t0 + 3_600_000);
    expect(lines.length).toBe(2000);
    expect(lines[0].text).not.toContain("starting server");
  });

  it("applies tailLines, sinceSeconds, timestamps and limitBytes", () => {
    const now = t0 + 60_000;
    const tail = readLogLines(instance, now, { tailLines: 3, timestamps: true });
    expect(tail).toHaveLength(3);
    expect(tail[0]).toMatch(/^2026-11-25T09:00:5\d\.\d{1,9}Z 10\.244\.1\.\d+ /);
    const recent = readLogLines(instance, now, { sinceSeconds: 10, timestamps: true });
    for (const line of recent) expect(Date.parse(line.slice(0, line.indexOf(" ")))).toBeGreaterThan(now - 10_001);
    expect(recent.length).toBeGreaterThanOrEqual(19);
    expect(recent.length).toBeLessThanOrEqual(21);
    const limited = readLogLines(instance, now, { limitBytes: 100 });
    expect(limited.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)).toBe(100);
  });

  it("formats RFC3339Nano timestamps that sort with the lines", () => {
    const lines = linesBetween(instance, -Infinity, t0 + 30_000);
    const stamps = lines.map(rfc3339Nano);
    expect(stamps[0]).toMatch(/^2026-11-25T09:00:00\.\d+Z$/);
    expect([...stamps].sort()).toEqual(stamps);
  });

  it("ends with the exit line of a crashed instance", () => {
    const lines = readLogLines({ ...instance, endMs: t0 + 5_000, endReason: "crash", exitCode: 1 }, t0 + 60_000, {});
    expect(lines.at(-1)).toContain("FATAL unrecoverable error, exiting code=1");
  });
});

describe("KubeletHub.logs", () => {
  let h: KubeletHarness | undefined;
  afterEach(() => {
    h?.hub.stop();
    h = undefined;
  });

  const error = (fn: () => unknown): StatusError => {
    try {
      fn();
    } catch (err) {
      return err as StatusError;
    }
    throw new Error("expected an error");
  };

  it("defaults to the only container and tails its lines", async () => {
    h = await startHarness();
    h.createPod("web", { env: [{ name: "apiary.sim/cpu-millicores", value: "200" }] });
    await h.run(32_000, 1000);
    const all = h.hub.logs("default", "web", {}).lines;
    expect(all.length).toBeGreaterThan(50);
    expect(h.hub.logs("default", "web", { tailLines: 5 }).lines).toEqual(all.slice(-5));
  });

  it("asks for a container name when the pod has several", async () => {
    h = await startHarness();
    h.createPod("duo", {}, { containers: [{ name: "a", image: "nginx" }, { name: "b", image: "redis" }] });
    await h.run(3_000);
    const err = error(() => h!.hub.logs("default", "duo", {}));
    expect(err.code).toBe(400);
    expect(err.message).toBe("a container name must be specified for pod duo, choose one of: [a b]");
    expect(h.hub.logs("default", "duo", { container: "b" }).lines.length).toBeGreaterThan(0);
    expect(error(() => h!.hub.logs("default", "duo", { container: "c" })).message).toBe("container c is not valid for pod duo");
    expect(error(() => h!.hub.logs("default", "nope", {})).code).toBe(404);
  });

  it("serves the previous instance only after a restart", async () => {
    h = await startHarness();
    h.createPod("crashy", { env: [{ name: "apiary.sim/crash-after", value: "20" }] });
    await h.run(5_000);
    const err = error(() => h!.hub.logs("default", "crashy", { previous: true }));
    expect(err.code).toBe(400);
    expect(err.message).toBe('previous terminated container "app" in pod "crashy" not found');
    await h.run(35_000, 500);
    expect(h.container("crashy").restartCount).toBe(1);
    const previous = h.hub.logs("default", "crashy", { previous: true }).lines;
    expect(previous.at(-1)).toContain("FATAL unrecoverable error");
    const current = h.hub.logs("default", "crashy", {}).lines;
    expect(current[0]).toContain("starting server");
    expect(current).not.toEqual(previous);
  });

  it("refuses logs of a container that has not started yet", async () => {
    h = await startHarness();
    h.createPod("new", {});
    await h.run(0);
    expect(error(() => h!.hub.logs("default", "new", {})).message).toBe('container "app" in pod "new" is waiting to start: ContainerCreating');
  });

  it("streams new lines to a follower and ends when the container stops", async () => {
    h = await startHarness();
    h.createPod("tail", { env: [{ name: "apiary.sim/cpu-millicores", value: "500" }, { name: "apiary.sim/crash-after", value: "15" }] }, { restartPolicy: "Never" });
    await h.run(5_000);
    const res = h.hub.logs("default", "tail", { follow: true, tailLines: 1 });
    const seen: string[] = [];
    let ended = false;
    res.follow!((line) => seen.push(line), () => (ended = true));
    await h.run(5_000, 500);
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(ended).toBe(false);
    await h.run(7_000, 500);
    expect(ended).toBe(true);
    expect(seen.at(-1)).toContain("FATAL");
  });
});
