import "server-only";

// Rating (DESIGN.md § Billing): usage × the price card in force gives an exact amount, kept as an integer number
// of 1/EXACT_DENOMINATOR minor units, so no rate, however fine, loses anything. Amounts become ledger money only
// through chargeWithCarry, which rounds the running total once and charges the difference: a month of charges sums
// to exactly the rounded exact total, never a cent more or less. No JavaScript number touches money here.

/** Rates in micro-minor units (1e-6 of a cent, fen, …) per unit-hour: 0.02772 USD per vCPU-hour = 2_772_000n. */
export interface PriceRates {
  cpuMicroMinorPerVcpuHour: bigint;
  memoryMicroMinorPerGiBHour: bigint;
}

const MICRO = 1_000_000n;
const CPU_DIVISOR = 1000n * 3600n * MICRO; // millicore-seconds → vCPU-hours, micro-minor → minor
const MEMORY_DIVISOR = 1024n * 3600n * MICRO; // MiB-seconds → GiB-hours, micro-minor → minor

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Exact amounts are counted in 1/EXACT_DENOMINATOR of a minor unit (a common multiple of both divisors). */
export const EXACT_DENOMINATOR = (CPU_DIVISOR * MEMORY_DIVISOR) / gcd(CPU_DIVISOR, MEMORY_DIVISOR);

export interface ExactCharge {
  cpu: bigint;
  memory: bigint;
  total: bigint;
}

/** The exact price of a quantity of usage, in 1/EXACT_DENOMINATOR minor units. */
export function exactCharge(usage: { cpuMillicoreSeconds: bigint; memoryMiBSeconds: bigint }, rates: PriceRates): ExactCharge {
  const cpu = usage.cpuMillicoreSeconds * rates.cpuMicroMinorPerVcpuHour * (EXACT_DENOMINATOR / CPU_DIVISOR);
  const memory = usage.memoryMiBSeconds * rates.memoryMicroMinorPerGiBHour * (EXACT_DENOMINATOR / MEMORY_DIVISOR);
  return { cpu, memory, total: cpu + memory };
}

/** Half-up rounding of an exact (non-negative) amount to whole minor units. */
export function roundToMinor(exact: bigint): bigint {
  if (exact < 0n) throw new Error("exact amounts are never negative");
  return (exact * 2n + EXACT_DENOMINATOR) / (2n * EXACT_DENOMINATOR);
}

/**
 * The minor units to charge for `exact` when `exactBefore` was already accrued this period: the rounded new total
 * minus the rounded old one. Summed over the period, the charges equal roundToMinor(Σ exact) exactly.
 */
export function chargeWithCarry(exactBefore: bigint, exact: bigint): bigint {
  return roundToMinor(exactBefore + exact) - roundToMinor(exactBefore);
}
