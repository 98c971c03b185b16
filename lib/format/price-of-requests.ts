/**
 * What requested resources cost per hour at a price card, exact in micro-minor units (BigInt): CPU in millicores ×
 * rate per vCPU-hour / 1000, memory in MiB × rate per GiB-hour / 1024, times replicas. The fraction below a
 * micro-minor is rounded half up; the month is 730 hours, rounded to a minor unit half up.
 */
export function priceOfRequests(input: { cpuMillicores: number; memoryMiB: number; replicas: number; cpuMicroMinorPerVcpuHour: string; memoryMicroMinorPerGiBHour: string }): {
  microMinorPerHour: string;
  minorPerMonth: string;
} {
  const replicas = BigInt(input.replicas);
  // micro-minor per hour × 1024000, exactly.
  const scaled = replicas * (BigInt(input.cpuMillicores) * BigInt(input.cpuMicroMinorPerVcpuHour) * 1024n + BigInt(input.memoryMiB) * BigInt(input.memoryMicroMinorPerGiBHour) * 1000n);
  const perHour = divideHalfUp(scaled, 1_024_000n);
  const perMonth = divideHalfUp(scaled * 730n, 1_024_000n * 1_000_000n);
  return { microMinorPerHour: perHour.toString(), minorPerMonth: perMonth.toString() };
}

function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}
