import { minorExponent } from "@/lib/format/format-money";

/** Micro-minor units per minor unit: rates are kept in 1e-6 of a cent. */
const MICRO_DIGITS = 6;

/**
 * A decimal amount typed by an operator ("12.5") as an integer count of units with `decimals` places ("1250" for
 * 2), or null when it is not a plain non-negative number or has more places than the unit allows.
 */
export function parseDecimal(text: string, decimals: number): string | null {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) return null;
  return BigInt(`${match[1]}${fraction.padEnd(decimals, "0")}`).toString();
}

/** A money amount typed in the currency's units → whole minor units as a string. */
export function parseMoneyInput(text: string, currency: string): string | null {
  return parseDecimal(text, minorExponent(currency));
}

/** A rate typed in the currency's units per unit → micro-minor units as a string. */
export function parseRateInput(text: string, currency: string): string | null {
  return parseDecimal(text, minorExponent(currency) + MICRO_DIGITS);
}

/** The rate as an editable decimal in currency units ("40000000" → "0.4"), for pre-filling a form. */
export function rateToInput(microMinor: string, currency: string): string {
  const exponent = minorExponent(currency) + MICRO_DIGITS;
  const digits = BigInt(microMinor).toString().padStart(exponent + 1, "0");
  const fraction = digits.slice(-exponent).replace(/0+$/, "");
  return `${digits.slice(0, -exponent)}${fraction ? `.${fraction}` : ""}`;
}
