/** A share of the allocatable in whole percent; null when either side is unknown or nothing is allocatable. */
export function capacityPercent(value: number | null, allocatable: number | null): number | null {
  if (value === null || allocatable === null || allocatable <= 0) return null;
  return Math.round((value / allocatable) * 100);
}
