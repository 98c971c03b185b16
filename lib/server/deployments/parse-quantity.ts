import "server-only";

// Kubernetes resource quantities ("250m", "1", "1.5", "512Mi", "1Gi", "1G", "1e3") read exactly, with BigInt, so a
// request of "0.1" is 100 millicores and not 99.99… The API server rounds fractional milli-units up; so do we.

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

/** The quantity × 10^scale ÷ divisor, rounded up; null when it is not a quantity. */
function scaled(quantity: string | number | undefined | null, scale: number, divisor = 1n): number | null {
  if (quantity === undefined || quantity === null) return null;
  const match = QUANTITY.exec(String(quantity).trim());
  if (!match) return null;
  const [, sign, digits, binary, exponent, decimal] = match;
  const [whole, fraction = ""] = digits.split(".");
  let numerator = BigInt((whole || "0") + fraction);
  let exp = scale - fraction.length;
  if (binary) numerator *= BINARY[binary];
  else if (exponent) exp += Number(exponent.slice(1));
  else if (decimal !== undefined) exp += DECIMAL_EXP[decimal];
  let denominator = divisor;
  if (exp >= 0) numerator *= 10n ** BigInt(exp);
  else denominator *= 10n ** BigInt(-exp);
  const value = Number((numerator + denominator - 1n) / denominator);
  return sign === "-" ? -value : value;
}

/** "250m" → 250, "1" → 1000, "1.5" → 1500; null for a missing or malformed quantity. */
export function parseCpuMillicores(quantity: string | number | undefined | null): number | null {
  return scaled(quantity, 3);
}

/** "512Mi" → 512, "1Gi" → 1024, "1G" → 954 (rounded up); null for a missing or malformed quantity. */
export function parseMemoryMiB(quantity: string | number | undefined | null): number | null {
  return scaled(quantity, 0, 1n << 20n);
}
