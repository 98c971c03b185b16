/**
 * Money from a string of integer minor units ("1250" → "$12.50"), exact: the digits are split with BigInt and
 * string arithmetic, never a float. The currency's minor-unit exponent comes from Intl (2 for USD and CNY, 0 for
 * JPY); grouping and the symbol follow the locale.
 */
export function formatMoney(minor: string, currency: string, locale: string): string {
  const amount = BigInt(minor);
  const negative = amount < BigInt(0);
  const digits = (negative ? -amount : amount).toString();
  const exponent = minorExponent(currency);
  const whole = exponent === 0 ? digits : digits.length > exponent ? digits.slice(0, -exponent) : "0";
  const fraction = exponent === 0 ? "" : digits.padStart(exponent, "0").slice(-exponent);
  // Intl formats decimal strings exactly (no float conversion) when given a string.
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  const text = formatter.format(`${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}` as `${number}`);
  return text;
}

/** The number of decimals of a currency's minor unit (2 for USD, 0 for JPY). */
export function minorExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
