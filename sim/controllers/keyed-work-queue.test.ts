import { describe, expect, it, vi } from "vitest";
import { createSteppedClock } from "./fake-lifecycle-cluster-api";
import { createKeyedWorkQueue } from "./keyed-work-queue";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("createKeyedWorkQueue", () => {
  it("syncs a key once however often it was added before its turn", async () => {
    const synced: string[] = [];
    const queue = createKeyedWorkQueue(createSteppedClock(), (key) => synced.push(key));
    for (let i = 0; i < 5; i++) queue.add("default/web");
    queue.add("default/api");
    expect(synced).toEqual([]);
    await tick();
    expect(synced).toEqual(["default/web", "default/api"]);
    queue.stop();
  });

  it("retries a failed sync after a simulated backoff", async () => {
    const clock = createSteppedClock();
    let attempts = 0;
    const queue = createKeyedWorkQueue(clock, () => {
      attempts++;
      if (attempts === 1) throw new Error("conflict");
    }, { retryDelayMs: 1000 });
    queue.add("k");
    await tick();
    expect(attempts).toBe(1);
    clock.advance(999);
    await tick();
    expect(attempts).toBe(1);
    clock.advance(1);
    await vi.waitFor(() => expect(attempts).toBe(2));
    queue.stop();
  });

  it("keeps one delayed re-check per key however often it is asked for", async () => {
    const clock = createSteppedClock();
    const synced: string[] = [];
    const queue = createKeyedWorkQueue(clock, (key) => synced.push(key));
    for (let i = 0; i < 10; i++) queue.addAfter("ns/t-a", 2000 + i);
    clock.advance(5000);
    await tick();
    expect(synced).toEqual(["ns/t-a"]);
    queue.stop();
  });

  it("does nothing once stopped", async () => {
    const sync = vi.fn();
    const queue = createKeyedWorkQueue(createSteppedClock(), sync);
    queue.add("k");
    queue.stop();
    await tick();
    expect(sync).not.toHaveBeenCalled();
  });
});
