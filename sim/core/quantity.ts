// Kubernetes resource quantities ("250m", "1.5", "512Mi", "1G", "1e3") converted to integers in the
// units the simulator computes with, so that no part of sim/ parses quantities on its own.

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/;

export class InvalidQuantityError extends Error {}

/** Returns the quantity multiplied by 10^scale, rounded up (as Kubernetes rounds requests), as a number. */
function scaled(quantity: string | number, scale: number): number {
  const text = String(quantity).trim();
  const match = QUANTITY.exec(text);
  if (!match) throw new InvalidQuantityError(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const [, sign, digits, binary, exponent, decimal] = match;
  const [whole, fraction = ""] = digits.split(".");
  let mantissa = BigInt((whole || "0") + fraction);
  let exp = -fraction.length + scale;
  if (binary) mantissa *= BINARY[binary];
  else if (exponent) exp += Number(exponent.slice(1));
  else if (decimal !== undefined) exp += DECIMAL_EXP[decimal];
  let value: bigint;
  if (exp >= 0) value = mantissa * 10n ** BigInt(exp);
  else {
    const div = 10n ** BigInt(-exp);
    value = (mantissa + div - 1n) / div; // round up, as the API server does for fractional milli-units
  }
  const n = Number(value);
  return sign === "-" ? -n : n;
}

/** "250m" → 250, "1.5" → 1500, "2" → 2000. */
export function cpuToMillicores(quantity: string | number): number {
  return scaled(quantity, 3);
}

/** "512Mi" → 536870912, "1G" → 1e9. */
export function memoryToBytes(quantity: string | number): number {
  return scaled(quantity, 0);
}

/** Any quantity as a plain count (pods, object counts, storage bytes). */
export function quantityToNumber(quantity: string | number): number {
  return scaled(quantity, 0);
}

export function isValidQuantity(quantity: unknown): boolean {
  if (typeof quantity !== "string" && typeof quantity !== "number") return false;
  return QUANTITY.test(String(quantity).trim());
}

/** 1500 → "1500m", 2000 → "2". Whole cores print without a suffix as the API server canonicalises them. */
export function formatMillicores(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Bytes in the largest binary unit that divides them exactly: 536870912 → "512Mi". */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [["Ei", 2 ** 60], ["Pi", 2 ** 50], ["Ti", 2 ** 40], ["Gi", 2 ** 30], ["Mi", 2 ** 20], ["Ki", 2 ** 10]];
  for (const [suffix, size] of units) if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${suffix}`;
  return String(bytes);
}
