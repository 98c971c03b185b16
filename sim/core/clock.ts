import type { Clock } from "./types";

/**
 * A clock whose simulated time runs `speed` times faster than real time, starting now. With speed 10 a
 * controller's 10 s wait takes one real second, which is how tests and demos get through rollouts with
 * realistic minReadySeconds and probe periods quickly.
 */
export function createClock(speed = 1): Clock {
  if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
  const realStart = Date.now();
  const simStart = realStart;
  return {
    now: () => simStart + (Date.now() - realStart) * speed,
    setTimeout(fn, ms) {
      const handle = setTimeout(fn, Math.max(0, ms / speed));
      handle.unref?.();
      return { cancel: () => clearTimeout(handle) };
    },
    setInterval(fn, ms) {
      const handle = setInterval(fn, Math.max(1, ms / speed));
      handle.unref?.();
      return { cancel: () => clearInterval(handle) };
    },
  };
}

// The last second formatted. Every status write, event and condition stamps the time, tens of thousands of
// times a second at scale, and all the calls in one second share one string.
let cachedSecond = Number.NaN;
let cachedText = "";

/** Simulated "now" as Kubernetes prints timestamps: RFC 3339 in UTC with seconds precision. */
export function rfc3339(clock: Clock, offsetMs = 0): string {
  const second = Math.floor((clock.now() + offsetMs) / 1000);
  if (second !== cachedSecond) {
    cachedText = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    cachedSecond = second;
  }
  return cachedText;
}
