import { EventEmitter } from "node:events";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as k8s from "@kubernetes/client-node";
import { MeterService } from "@/lib/server/billing/meter-service";
import type { SuspensionCluster } from "@/lib/server/billing/suspension";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { MetricsService } from "@/lib/server/metrics/metrics-service";
import { endStreamOnShutdown, RECONNECT_FRAME } from "./end-stream-on-shutdown";
import { drain, installGracefulShutdown, isShuttingDown, onShutdown, resetShutdownForTests, type ShutdownProcess } from "./graceful-shutdown";

// A server told to stop (SIGTERM) gives up the metrics collector's and the billing meter's leases at once, so
// standbys take over at their next tick although the leases (a minute here) have not expired; tells its SSE clients
// to reconnect and ends their streams; and exits within its grace period, itself only when no other handler (Next's)
// owns the exit.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite-memory" });
  await migrateDatabase(handle);
});
afterAll(async () => handle?.close());
afterEach(() => resetShutdownForTests());

function collector(name: string): MetricsService {
  return new MetricsService({
    holder: name,
    database: async () => handle.db,
    intervalMs: 15_000,
    leaseTtlMs: 60_000,
    collector: () => ({
      kubeConfig: new k8s.KubeConfig(),
      listNodes: async () => ["n1"],
      topology: { workloadOf: () => null },
      scrape: async () => ({ timestampMs: Date.now(), node: { cpuSecondsTotal: 1, workingSetBytes: 1000, rxBytesTotal: 0, txBytesTotal: 0 }, containers: new Map(), podNetworks: new Map() }),
    }),
    onError: (error) => {
      throw error;
    },
  });
}

function meter(name: string): MeterService {
  return new MeterService({
    holder: name,
    database: async () => handle.db,
    // No cluster view: the meter holds its lease and meters nothing, which is all this test needs.
    cache: () => undefined,
    cluster: () => ({}) as SuspensionCluster,
    rules: { lowBalanceMinor: 500n, graceSeconds: 3600 },
    intervalMs: 15_000,
    leaseTtlMs: 60_000,
    onError: (error) => {
      throw error;
    },
  });
}

/** A process whose exit is recorded in `exited` (the module replaces `exit` while draining, as it does on the real one). */
function fakeProcess(): ShutdownProcess & EventEmitter & { exited: ReturnType<typeof vi.fn> } {
  const exited = vi.fn();
  return Object.assign(new EventEmitter(), { exited, exit: (code: number) => void exited(code) });
}

/** A live SSE body: a first frame, then nothing until cancelled (as the tenant stream between changes). */
function liveStream() {
  const cancelled = vi.fn();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("retry: 2000\n\n"));
    },
    cancel: cancelled,
  });
  const response = endStreamOnShutdown(new Response(source, { headers: { "content-type": "text/event-stream" } }));
  return { response, cancelled, text: () => response.text() };
}

describe("graceful shutdown", () => {
  it("releases the collector's and the meter's leases on SIGTERM so standbys take over, and exits with 143 when nothing else handles it", async () => {
    const [collectorA, collectorB, meterA, meterB] = [collector("collector-a"), collector("collector-b"), meter("meter-a"), meter("meter-b")];
    const proc = fakeProcess();
    installGracefulShutdown({ graceMs: 60_000, target: proc });
    onShutdown("metrics collector", () => collectorA.stop());
    onShutdown("billing meter", () => meterA.stop());
    for (const service of [collectorA, collectorB, meterA, meterB]) await service.tick();
    expect([collectorA.holdsLease, collectorB.holdsLease, meterA.holdsLease, meterB.holdsLease]).toEqual([true, false, true, false]);
    expect(isShuttingDown()).toBe(false);

    proc.emit("SIGTERM");
    expect(isShuttingDown()).toBe(true);
    await vi.waitFor(() => expect(proc.exited).toHaveBeenCalledWith(143));
    expect(proc.exited).toHaveBeenCalledTimes(1);
    expect([collectorA.holdsLease, meterA.holdsLease]).toEqual([false, false]);
    await collectorB.tick();
    await meterB.tick();
    expect([collectorB.holdsLease, meterB.holdsLease]).toEqual([true, true]);
    await collectorB.stop();
    await meterB.stop();
  });

  it("leaves the exit to another handler of the signal (Next's, which waits for in-flight requests) and runs each task once for repeated signals", async () => {
    const a = collector("collector-c");
    const proc = fakeProcess();
    const next = vi.fn();
    proc.on("SIGINT", next);
    proc.on("SIGTERM", next);
    const stop = vi.spyOn(a, "stop");
    installGracefulShutdown({ graceMs: 60_000, target: proc });
    installGracefulShutdown({ graceMs: 60_000, target: proc });
    onShutdown("metrics collector", () => a.stop());
    await a.tick();
    expect(a.holdsLease).toBe(true);

    proc.emit("SIGINT");
    proc.emit("SIGTERM");
    await drain();
    expect(stop).toHaveBeenCalledTimes(1);
    expect(a.holdsLease).toBe(false);
    expect(next).toHaveBeenCalledTimes(2);
    expect(proc.exited).not.toHaveBeenCalled();
    const standby = collector("collector-d");
    await standby.tick();
    expect(standby.holdsLease).toBe(true);
    await standby.stop();
  });

  it("holds an exit called by Next's handler until the leases are released", async () => {
    const a = collector("collector-e");
    const proc = fakeProcess();
    // Next, with nothing in flight: its server closes at the next turn of the event loop, then it exits.
    proc.on("SIGTERM", () => setImmediate(() => proc.exit(143)));
    installGracefulShutdown({ graceMs: 60_000, target: proc });
    onShutdown("metrics collector", () => a.stop());
    await a.tick();
    expect(a.holdsLease).toBe(true);
    proc.emit("SIGTERM");
    await vi.waitFor(() => expect(proc.exited).toHaveBeenCalledWith(143));
    expect(a.holdsLease).toBe(false);
    const standby = collector("collector-f");
    await standby.tick();
    expect(standby.holdsLease).toBe(true);
    await standby.stop();
  });

  it("exits with the signal's code when the grace period ends with work still in flight, even if Next's handler is still waiting", async () => {
    const proc = fakeProcess();
    proc.on("SIGTERM", () => {}); // Next, waiting for a request that never finishes
    installGracefulShutdown({ graceMs: 50, target: proc });
    let finishStuckTask = () => {};
    onShutdown("stuck", () => new Promise<void>((resolve) => (finishStuckTask = resolve)));
    proc.emit("SIGTERM");
    await vi.waitFor(() => expect(proc.exited).toHaveBeenCalledWith(143));
    finishStuckTask();
    await drain();
    expect(proc.exited).toHaveBeenCalledTimes(1);
  });

  it("runs the other tasks when one fails", async () => {
    const proc = fakeProcess();
    installGracefulShutdown({ graceMs: 60_000, target: proc });
    const ran = vi.fn();
    onShutdown("failing", () => Promise.reject(new Error("lease table gone")));
    onShutdown("fine", ran);
    proc.emit("SIGTERM");
    await vi.waitFor(() => expect(proc.exited).toHaveBeenCalledWith(143));
    expect(ran).toHaveBeenCalledTimes(1);
  });
});

describe("SSE streams on shutdown", () => {
  it("tells an open stream's client to reconnect, ends the stream and stops its source", async () => {
    const stream = liveStream();
    const body = stream.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await drain();
    expect(await body).toBe(`retry: 2000\n\n${RECONNECT_FRAME}`);
    expect(RECONNECT_FRAME).toMatch(/^retry: \d+\nevent: reconnect\ndata: \{.*"server_stopping".*\}\n\n$/);
    expect(stream.cancelled).toHaveBeenCalledTimes(1);
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream");
  });

  it("sends a stream opened while the server is stopping straight to reconnect", async () => {
    await drain();
    const stream = liveStream();
    expect(await stream.text()).toBe(RECONNECT_FRAME);
    expect(stream.cancelled).toHaveBeenCalledTimes(1);
  });

  it("passes a stream through unchanged and forgets it when the client goes first", async () => {
    const chunks = ["id: 1\ndata: {}\n\n", "id: 2\ndata: {}\n\n"];
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    expect(await endStreamOnShutdown(new Response(source)).text()).toBe(chunks.join(""));

    const live = liveStream();
    const reader = live.response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(live.cancelled).toHaveBeenCalledTimes(1);
    const after = vi.fn();
    onShutdown("probe", after);
    await drain();
    // The cancelled stream's task was unregistered: only the probe ran, and nothing was written to a closed stream.
    expect(after).toHaveBeenCalledTimes(1);
  });
});
