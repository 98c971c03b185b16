import "server-only";
import { getEnv } from "@/lib/server/env";
import { ApiError } from "./api-error";

// In-process token buckets. One replica keeps its own counts; with several replicas behind a load balancer each
// allows the configured rate, which still caps guessing per replica (Redis-backed buckets arrive with scaling).

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

function enforce(checks: [TokenBucketLimiter, string][], what: string): void {
  // Every bucket is charged, so an attacker cannot spare the per-account bucket by exhausting the per-IP one.
  const waitMs = Math.max(...checks.map(([limiter, key]) => limiter.take(key)));
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new ApiError("rate_limited", `Too many ${what} attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds }, { "retry-after": String(seconds) });
  }
}

export function limitSignIn(ip: string, email: string): void {
  const l = authLimiters();
  enforce([[l.signInPerIp, ip], [l.signInPerAccount, email]], "sign-in");
}

export function limitSignUp(ip: string, email: string): void {
  const l = authLimiters();
  enforce([[l.signUpPerIp, ip], [l.signUpPerEmail, email]], "sign-up");
}
