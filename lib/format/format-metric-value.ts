// Usage figures as a cloud console shows them. Memory and throughput use binary units (KiB, MiB, GiB), as
// Kubernetes requests and limits do, so "512 MiB used of a 512Mi limit" reads as the same number. CPU under one
// core is in millicores ("250m"), as kubectl top prints it; from one core up, in cores.

export type MetricUnit = "cores" | "bytes" | "bytesPerSecond" | "count";

const BINARY = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

function number(value: number, locale: string, fractionDigits: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

/** 0.25 → "250m", 0.0004 → "0.4m", 1.5 → "1.5 cores", 1 → "1 core" (zh-CN: "1.5 核"). */
export function formatCores(cores: number, locale: string): string {
  if (!Number.isFinite(cores)) return "—";
  if (cores === 0) return "0";
  if (Math.abs(cores) < 1) {
    const millicores = cores * 1000;
    return `${number(millicores, locale, Math.abs(millicores) < 10 ? 1 : 0)}m`;
  }
  // The unit word is the one piece of language here; Chinese writes 核 for any count.
  const unit = locale.startsWith("zh") ? "核" : cores === 1 ? "core" : "cores";
  return `${number(cores, locale, 2)} ${unit}`;
}

/** 512 → "512 B", 1536 → "1.5 KiB", 200 × 2^20 → "200 MiB", 2^31 → "2 GiB". */
export function formatBinaryBytes(bytes: number, locale: string): string {
  if (!Number.isFinite(bytes)) return "—";
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BINARY.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${bytes < 0 ? "-" : ""}${number(value, locale, digits)} ${BINARY[unit]}`;
}

/** 2048 → "2 KiB/s". */
export function formatBytesPerSecond(bytesPerSecond: number, locale: string): string {
  if (!Number.isFinite(bytesPerSecond)) return "—";
  return `${formatBinaryBytes(bytesPerSecond, locale)}/s`;
}

/** Any metric value in its unit; null (no data for that point) is a dash, never "0". */
export function formatMetricValue(value: number | null | undefined, unit: MetricUnit, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (unit === "cores") return formatCores(value, locale);
  if (unit === "bytes") return formatBinaryBytes(value, locale);
  if (unit === "bytesPerSecond") return formatBytesPerSecond(value, locale);
  return number(value, locale, 0);
}
