// Sizes as registries and `docker images` print them: decimal units (1 MB = 1 000 000 bytes), so the number a
// user reads here matches the one their own tools show for the same image.

const UNITS = ["B", "kB", "MB", "GB", "TB"] as const;

/** 0 → "0 B", 1234 → "1.2 kB", 52_428_800 → "52.4 MB"; digits in the reader's locale. */
export function formatBytes(sizeBytes: number, locale: string): string {
  if (!Number.isFinite(sizeBytes) || sizeBytes < 0) return "—";
  let value = sizeBytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${UNITS[unit]}`;
}
