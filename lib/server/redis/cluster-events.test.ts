import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { onBalanceChanged } from "@/lib/server/billing/ledger";
import { resetEnvForTests } from "@/lib/server/env";
import { CLUSTER_EVENTS_CHANNEL, emitClusterEvent, onClusterEvent } from "./cluster-events";
import { closeRedisForTests } from "./redis-client";

// This process is one replica; a plain Redis connection plays the other one, publishing and listening on the
// channel the replicas share.
const REDIS_URL = process.env.APIARY_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("cluster events through Redis", () => {
  const saved = process.env.REDIS_URL;
  let other: Redis;
  let otherListener: Redis;
  const heardByOther: { origin: string; topic: string; payload: string }[] = [];

  beforeAll(async () => {
    process.env.REDIS_URL = REDIS_URL;
    resetEnvForTests();
    other = new Redis(REDIS_URL);
    otherListener = new Redis(REDIS_URL);
    otherListener.on("message", (_channel: string, text: string) => {
      if (text.startsWith("{")) heardByOther.push(JSON.parse(text));
    });
    await otherListener.subscribe(CLUSTER_EVENTS_CHANNEL);
  });
  afterAll(async () => {
    await Promise.all([other.quit(), otherListener.quit()]);
    await closeRedisForTests();
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
    resetEnvForTests();
  });

  it("tells this replica's listeners at once and publishes to the others", async () => {
    const tenantId = randomUUID();
    const heardHere: string[] = [];
    const stop = onClusterEvent("balance-changed", (payload) => heardHere.push(payload));
    emitClusterEvent("balance-changed", tenantId);
    // Synchronously, before Redis has answered.
    expect(heardHere).toEqual([tenantId]);
    await vi.waitFor(() => expect(heardByOther.filter((message) => message.payload === tenantId)).toMatchObject([{ topic: "balance-changed" }]));
    // Its own message coming back from Redis is not heard twice.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heardHere).toEqual([tenantId]);
    stop();
  });

  it("hears another replica's balance change, so the meter and the SSE streams here react to a top-up made there", async () => {
    const tenantId = randomUUID();
    const heard: string[] = [];
    const stop = onBalanceChanged((id) => void heard.push(id));
    await vi.waitFor(async () => {
      // Until the subscription is in place a message may be missed; the other replica's publish is retried here.
      await other.publish(CLUSTER_EVENTS_CHANNEL, JSON.stringify({ origin: "another-replica", topic: "balance-changed", payload: tenantId }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard).toContain(tenantId);
    });
    stop();
  });

  it("ignores what is not a cluster event on the channel", async () => {
    const heard: string[] = [];
    const stop = onClusterEvent("access-narrowed", (payload) => heard.push(payload));
    await other.publish(CLUSTER_EVENTS_CHANNEL, "not json");
    await other.publish(CLUSTER_EVENTS_CHANNEL, JSON.stringify({ origin: "x", topic: "drop-tables", payload: "" }));
    await other.publish(CLUSTER_EVENTS_CHANNEL, JSON.stringify({ origin: "another-replica", topic: "access-narrowed", payload: "after" }));
    await vi.waitFor(() => expect(heard).toEqual(["after"]));
    stop();
  });
});
