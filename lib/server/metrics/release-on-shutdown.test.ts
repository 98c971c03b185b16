import { EventEmitter } from "node:events";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as k8s from "@kubernetes/client-node";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { MetricsService } from "./metrics-service";
import { releaseLeaseOnShutdown, type ShutdownProcess } from "./release-on-shutdown";

// A replica that is told to stop gives the collector's lease up, so the standby takes over at its next tick
// although the lease (a minute here) has not expired.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite-memory" });
  await migrateDatabase(handle);
});
afterAll(async () => handle?.close());

function replica(name: string): MetricsService {
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

function fakeProcess(): ShutdownProcess & EventEmitter & { exit: ReturnType<typeof vi.fn> } {
  return Object.assign(new EventEmitter(), { exit: vi.fn() });
}

describe("releasing the metrics lease on shutdown", () => {
  it("hands the collector to the standby on SIGTERM, and exits with 143 when nothing else handles the signal", async () => {
    const a = replica("replica-a");
    const b = replica("replica-b");
    const proc = fakeProcess();
    releaseLeaseOnShutdown(a, proc);
    await a.tick();
    await b.tick();
    expect([a.holdsLease, b.holdsLease]).toEqual([true, false]);

    proc.emit("SIGTERM");
    await vi.waitFor(() => expect(proc.exit).toHaveBeenCalledWith(143));
    expect(a.holdsLease).toBe(false);
    await b.tick();
    expect(b.holdsLease).toBe(true);
    await b.stop();
  });

  it("leaves the exit to another handler of the signal (Next's) and stops the service once for repeated signals", async () => {
    const a = replica("replica-c");
    const proc = fakeProcess();
    const other = vi.fn();
    proc.on("SIGINT", other);
    proc.on("SIGTERM", other);
    const stop = vi.spyOn(a, "stop");
    releaseLeaseOnShutdown(a, proc);
    await a.tick();
    expect(a.holdsLease).toBe(true);

    proc.emit("SIGINT");
    proc.emit("SIGTERM");
    await vi.waitFor(() => expect(a.holdsLease).toBe(false));
    await stop.mock.results[0]?.value;
    expect(stop).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(2);
    expect(proc.exit).not.toHaveBeenCalled();
    const standby = replica("replica-d");
    await standby.tick();
    expect(standby.holdsLease).toBe(true);
    await standby.stop();
  });
});
