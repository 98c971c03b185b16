import { describe, expect, it } from "vitest";
import { TokenBucketLimiter } from "./rate-limit";

describe("TokenBucketLimiter", () => {
  it("allows a burst of `capacity`, then tells how long until the next token, refilling over the window", () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(3, 60_000, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(20_000);
    expect(limiter.take("b")).toBe(0);
    now = 20_000;
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
    now = 1_000_000;
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("a") > 0]).toEqual([0, 0, 0, true]);
  });
});
