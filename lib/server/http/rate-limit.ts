import "server-only";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { getEnv } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { getRedis, redisMayAnswer } from "@/lib/server/redis/redis-client";
import { ApiError } from "./api-error";

// Token buckets for guessable endpoints. With REDIS_URL set, the buckets live in Redis and every replica charges
// the same ones (one atomic Lua script, Redis's clock), so the limit holds across replicas behind a load balancer.
// Without it, each process keeps its own (TokenBucketLimiter). When Redis does not answer, the check fails OPEN to
// this process's own buckets, logged: sign-in keeps working during a Redis outage and guessing stays capped per
// replica, rather than every sign-in failing or going unlimited.

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    /** Burst size: how many attempts a fresh key may make at once. */
    readonly capacity: number,
    /** The window in which a full bucket refills. */
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; answers 0 when allowed, else the milliseconds until one token is back. */
  take(key: string): number {
    const now = this.now();
    const refillPerMs = this.capacity / this.windowMs;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedMs: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedMs) * refillPerMs);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refillPerMs);
  }

  /** Forgets full buckets, so memory stays bounded under a spray of distinct keys. */
  private sweep(now: number): void {
    const refillPerMs = this.capacity / this.windowMs;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * refillPerMs >= this.capacity) this.buckets.delete(key);
    }
  }
}

/**
 * Takes one token from each bucket, atomically, and answers the longest wait in milliseconds (0 when every bucket
 * had one). Same arithmetic as TokenBucketLimiter.take; a bucket untouched for a whole window expires, as a full
 * bucket is forgotten in-process.
 */
const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local longest = 0
for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  local rate = capacity / window
  local bucket = redis.call('HMGET', key, 'tokens', 'updated')
  local tokens = tonumber(bucket[1]) or capacity
  local updated = tonumber(bucket[2]) or now
  tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
  if tokens >= 1 then
    tokens = tokens - 1
  else
    longest = math.max(longest, math.ceil((1 - tokens) / rate))
  end
  redis.call('HSET', key, 'tokens', string.format('%.17g', tokens), 'updated', now)
  redis.call('PEXPIRE', key, window)
end
return longest
`;

/** Buckets of the given sizes in Redis, shared by every replica that uses the same Redis. */
export class RedisTokenBuckets {
  constructor(private readonly redis: Redis) {}

  /** Charges one token to each `[limiter, key]` (the limiter gives the size and window) and answers the longest wait. */
  async take(checks: [name: string, limiter: TokenBucketLimiter, key: string][]): Promise<number> {
    // Keys are hashed: they hold emails and addresses, and an attacker chooses their length.
    const keys = checks.map(([name, , key]) => `apiary:rate:${name}:${createHash("sha256").update(key).digest("base64url")}`);
    const args = checks.flatMap(([, limiter]) => [limiter.capacity, limiter.windowMs]);
    return Number(await this.redis.eval(TAKE_SCRIPT, keys.length, ...keys, ...args));
  }
}

const FIFTEEN_MINUTES_MS = 15 * 60_000;
const HOUR_MS = 60 * 60_000;

interface AuthLimiters {
  signInPerIp: TokenBucketLimiter;
  signInPerAccount: TokenBucketLimiter;
  signUpPerIp: TokenBucketLimiter;
  signUpPerEmail: TokenBucketLimiter;
}

let limiters: AuthLimiters | undefined;

function authLimiters(): AuthLimiters {
  if (!limiters) {
    const env = getEnv();
    limiters = {
      signInPerIp: new TokenBucketLimiter(env.APIARY_SIGNIN_LIMIT_PER_IP, FIFTEEN_MINUTES_MS),
      signInPerAccount: new TokenBucketLimiter(env.APIARY_SIGNIN_LIMIT_PER_ACCOUNT, FIFTEEN_MINUTES_MS),
      signUpPerIp: new TokenBucketLimiter(env.APIARY_SIGNUP_LIMIT_PER_IP, HOUR_MS),
      signUpPerEmail: new TokenBucketLimiter(env.APIARY_SIGNUP_LIMIT_PER_EMAIL, HOUR_MS),
    };
  }
  return limiters;
}

/** Tests replace the limits (or restore the configured ones with no argument) without touching process.env. */
export function setAuthRateLimitsForTests(limits?: { signInPerIp: number; signInPerAccount: number; signUpPerIp: number; signUpPerEmail: number }): void {
  limiters = limits && {
    signInPerIp: new TokenBucketLimiter(limits.signInPerIp, FIFTEEN_MINUTES_MS),
    signInPerAccount: new TokenBucketLimiter(limits.signInPerAccount, FIFTEEN_MINUTES_MS),
    signUpPerIp: new TokenBucketLimiter(limits.signUpPerIp, HOUR_MS),
    signUpPerEmail: new TokenBucketLimiter(limits.signUpPerEmail, HOUR_MS),
  };
}

let lastFallbackLogMs = 0;

/** Answers the longest wait over the buckets: from Redis when REDIS_URL is set and it answers, else in-process. */
async function takeAll(checks: [name: keyof AuthLimiters, limiter: TokenBucketLimiter, key: string][]): Promise<number> {
  const redis = getRedis();
  if (redis && redisMayAnswer(redis)) {
    try {
      return await new RedisTokenBuckets(redis).take(checks);
    } catch (error) {
      // At most one line a minute: a spray of sign-ins during an outage must not flood the log.
      if (Date.now() - lastFallbackLogMs > 60_000) {
        lastFallbackLogMs = Date.now();
        logger().warn({ err: error }, "rate limit: Redis did not answer; using this replica's own buckets (fail-open to local limits)");
      }
    }
  }
  return Math.max(...checks.map(([, limiter, key]) => limiter.take(key)));
}

async function enforce(checks: [keyof AuthLimiters, string][], what: string): Promise<void> {
  const l = authLimiters();
  // Every bucket is charged, so an attacker cannot spare the per-account bucket by exhausting the per-IP one.
  const waitMs = await takeAll(checks.map(([name, key]) => [name, l[name], key]));
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new ApiError("rate_limited", `Too many ${what} attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds }, { "retry-after": String(seconds) });
  }
}

export async function limitSignIn(ip: string, email: string): Promise<void> {
  await enforce([["signInPerIp", ip], ["signInPerAccount", email]], "sign-in");
}

export async function limitSignUp(ip: string, email: string): Promise<void> {
  await enforce([["signUpPerIp", ip], ["signUpPerEmail", email]], "sign-up");
}
