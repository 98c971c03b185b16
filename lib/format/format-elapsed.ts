/**
 * A running duration as a clock reads: 45 000 → "45s", 185 000 → "3m 05s", 3 720 000 → "1h 02m". For a rollout's
 * elapsed time, which ticks each second, so the width stays steady (two-digit seconds and minutes after the first unit).
 */
export function formatElapsed(durationMs: number): string {
  const total = Math.max(0, Math.floor(durationMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, "0");
  if (hours > 0) return `${hours}h ${two(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
  return `${seconds}s`;
}
