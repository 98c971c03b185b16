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

/** Simulated "now" as Kubernetes prints timestamps: RFC 3339 in UTC with seconds precision. */
export function rfc3339(clock: Clock, offsetMs = 0): string {
  return new Date(clock.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
