import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as k8s from "@kubernetes/client-node";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "@/lib/server/db/database";
import { metricRollups1h, metricRollups1m } from "@/lib/server/db/schema";
import { MetricsService } from "./metrics-service";
import type { NodeReading } from "./read-cadvisor";

// Two replicas of the console share one database: only the one holding the "metrics-collector" lease scrapes; when
// it stops (releasing the lease) or dies (the lease expires), the other takes over at its next tick.

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openDatabase({ kind: "pglite-memory" });
  await migrateDatabase(handle);
});
afterAll(async () => handle?.close());
afterEach(() => {
  vi.useRealTimers();
});

function replica(name: string, scraped: string[], leaseTtlMs = 60_000): MetricsService {
  let counter = 0;
  const scrape = async (): Promise<NodeReading> => {
    scraped.push(name);
    counter += 1;
    return {
      timestampMs: Date.now(),
      node: { cpuSecondsTotal: counter, workingSetBytes: 1000, rxBytesTotal: 0, txBytesTotal: 0 },
      containers: new Map(),
      podNetworks: new Map(),
    };
  };
  return new MetricsService({
    holder: name,
    database: async () => handle.db,
    intervalMs: 15_000,
    leaseTtlMs,
    collector: () => ({ kubeConfig: new k8s.KubeConfig(), listNodes: async () => ["n1"], topology: { workloadOf: () => null }, scrape }),
    onError: (error) => {
      throw error;
    },
  });
}

describe("metrics service", () => {
  it("lets one replica scrape, and hands over when it stops or its lease expires", async () => {
    const scraped: string[] = [];
    const a = replica("replica-a", scraped);
    const b = replica("replica-b", scraped, 200);
    await a.tick();
    await b.tick();
    await a.tick();
    await b.tick();
    expect(scraped).toEqual(["replica-a", "replica-a"]);
    expect([a.holdsLease, b.holdsLease]).toEqual([true, false]);
    expect(a.window.latest("node:n1")).toMatchObject({ memoryBytes: 1000 });
    expect(b.window.latest("node:n1")).toBeUndefined();

    await a.stop();
    await b.tick();
    expect(scraped.at(-1)).toBe("replica-b");
    expect(b.holdsLease).toBe(true);

    // replica-b dies without releasing (no stop, no more ticks); a new replica waits out its short lease.
    const scrapedByC: string[] = [];
    const c = replica("replica-c", scrapedByC);
    await c.tick();
    expect(scrapedByC).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await c.tick();
    expect(scrapedByC).toEqual(["replica-c"]);
    expect(c.holdsLease).toBe(true);
    await c.stop();
  });

  it("rolls each finished minute and its hour into the database, prunes old rows, and a restart adds no duplicates", async () => {
    // An hour ahead of the real clock: PGlite's clock follows the faked Date too, and the lease must not go back.
    const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000;
    const day = 24 * 3_600_000;
    await handle.db.delete(metricRollups1m);
    await handle.db.delete(metricRollups1h);
    await handle.db.insert(metricRollups1m).values({ series: "cluster", bucket: new Date(hour - 8 * day), samples: 1, cpuCoresAvg: 1 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(hour + 5_000);
    const scraped: string[] = [];
    const first = replica("replica-d", scraped);
    for (let t = hour + 5_000; t < hour + 2 * 60_000; t += 15_000) {
      vi.setSystemTime(t);
      await first.tick();
    }
    // The first minute had cycles at :05, :20, :35, :50; the first has no rate yet, so CPU has three and memory four.
    const minutes = await handle.db.select().from(metricRollups1m);
    expect(minutes.filter((row) => row.bucket.getTime() < hour)).toEqual([]);
    const node = minutes.find((row) => row.series === "node:n1" && row.bucket.getTime() === hour)!;
    expect(node).toMatchObject({ samples: 4, memoryBytesAvg: 1000, memoryBytesMax: 1000 });
    expect(node.cpuCoresAvg).toBeGreaterThan(0);
    expect(minutes.map((row) => row.series).sort()).toEqual(["cluster", "node:n1"]);
    const hours = (await handle.db.select().from(metricRollups1h)).sort((a, b) => a.series.localeCompare(b.series));
    expect(hours).toMatchObject([
      { series: "cluster", bucket: new Date(hour) },
      { series: "node:n1", bucket: new Date(hour), samples: 4, memoryBytesMax: 1000 },
    ]);

    // A restart: stopping writes the minute in progress (the second, four cycles); the next replica writes the end
    // of it that it saw (one cycle) again when the minute is over, and the fuller row stays; nothing doubles.
    await first.stop();
    const second = replica("replica-e", scraped);
    vi.setSystemTime(hour + 115_000);
    await second.tick();
    expect(second.holdsLease).toBe(true);
    vi.setSystemTime(hour + 130_000);
    await second.tick();
    const after = await handle.db.select().from(metricRollups1m);
    const nodeRows = after.filter((row) => row.series === "node:n1").sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
    expect(nodeRows.map((row) => [row.bucket.getTime() - hour, row.samples])).toEqual([
      [0, 4],
      [60_000, 4],
    ]);
    await second.stop();
  });
});
