import { createHash, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";
import { closeRedisForTests } from "@/lib/server/redis/redis-client";
import { ApiError } from "./api-error";
import { limitSignIn, RedisTokenBuckets, setAuthRateLimitsForTests, TokenBucketLimiter } from "./rate-limit";

// The machine's Redis (127.0.0.1:6379), as REDIS_URL points replicas at it. Each test uses new keys.
const REDIS_URL = process.env.APIARY_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const LIMITS = { signInPerIp: 1_000, signInPerAccount: 3, signUpPerIp: 1_000, signUpPerEmail: 1_000 };

async function rejection(attempt: Promise<void>): Promise<ApiError | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

describe("rate limits in Redis", () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it("charges one bucket from two replicas, with the in-process arithmetic: a burst of capacity, then the wait for one token", async () => {
    const a = new Redis(REDIS_URL);
    const b = new Redis(REDIS_URL);
    clients.push(a, b);
    const replicaA = new RedisTokenBuckets(a);
    const replicaB = new RedisTokenBuckets(b);
    const limiter = new TokenBucketLimiter(3, 60_000);
    const key = `account-${randomUUID()}`;
    const waits = [
      await replicaA.take([["signInPerAccount", limiter, key]]),
      await replicaB.take([["signInPerAccount", limiter, key]]),
      await replicaA.take([["signInPerAccount", limiter, key]]),
    ];
    expect(waits).toEqual([0, 0, 0]);
    const wait = await replicaB.take([["signInPerAccount", limiter, key]]);
    // One token comes back every window / capacity = 20 s; a little has already refilled.
    expect(wait).toBeGreaterThan(19_000);
    expect(wait).toBeLessThanOrEqual(20_000);
    // Another key has its own bucket, and a bucket left alone expires with its window.
    expect(await replicaB.take([["signInPerAccount", limiter, `${key}-other`]])).toBe(0);
    const ttl = await a.pttl(`apiary:rate:signInPerAccount:${createHash("sha256").update(key).digest("base64url")}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});

describe("limitSignIn picks Redis by REDIS_URL", () => {
  const saved = process.env.REDIS_URL;
  beforeEach(() => setAuthRateLimitsForTests(LIMITS));
  afterEach(async () => {
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
    resetEnvForTests();
    setAuthRateLimitsForTests(undefined);
    await closeRedisForTests();
  });

  it("keeps counting in Redis when this process's own buckets are new (as another replica's are)", async () => {
    process.env.REDIS_URL = REDIS_URL;
    resetEnvForTests();
    const email = `shared-${randomUUID()}@example.test`;
    await limitSignIn("203.0.113.7", email);
    await limitSignIn("203.0.113.7", email);
    // A second replica: fresh in-process buckets, the same Redis.
    setAuthRateLimitsForTests(LIMITS);
    await limitSignIn("203.0.113.7", email);
    const refused = await rejection(limitSignIn("203.0.113.7", email));
    expect(refused?.code).toBe("rate_limited");
    expect(Number(refused?.headers?.["retry-after"])).toBeGreaterThan(0);
  });

  it("fails open to this replica's own buckets when Redis does not answer, and still refuses past the limit", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:1"; // nothing listens there
    resetEnvForTests();
    const email = `offline-${randomUUID()}@example.test`;
    for (let i = 0; i < 3; i++) await limitSignIn("203.0.113.8", email);
    const refused = await rejection(limitSignIn("203.0.113.8", email));
    expect(refused?.code).toBe("rate_limited");
  });
});
