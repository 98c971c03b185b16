import "server-only";

/**
 * The per-second increase of a counter between two readings, as Prometheus's rate() reads it: a counter that went
 * down was reset (the container restarted, so its cgroup counts from zero again), and everything it counted since
 * the reset is new. Null when the readings are not in time order (nothing can be said).
 */
export function counterRate(previous: number, current: number, elapsedMs: number): number | null {
  if (!(elapsedMs > 0) || !Number.isFinite(previous) || !Number.isFinite(current)) return null;
  const increase = current >= previous ? current - previous : current;
  return increase / (elapsedMs / 1000);
}
