// Quantities of the plan's quota, in the units people read in a cloud console. The numbers themselves are
// integers (millicores, MiB) so nothing here rounds money-like values; it only chooses how to display them.

/** 500 → "500m", 2000 → "2", 2500 → "2.5" (vCPU). */
export function formatCpuMillicores(millicores: number, locale: string): string {
  if (millicores < 1000 && millicores % 1000 !== 0) return `${millicores}m`;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(millicores / 1000);
}

/** 512 → "512 MiB", 4096 → "4 GiB", 1536 → "1.5 GiB". */
export function formatMemoryMiB(mebibytes: number, locale: string): string {
  if (mebibytes < 1024) return `${new Intl.NumberFormat(locale).format(mebibytes)} MiB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(mebibytes / 1024)} GiB`;
}
