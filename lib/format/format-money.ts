/**
 * Money from a string of integer minor units ("1250" → "$12.50"), exact: the digits are split with BigInt and
 * string arithmetic, never a float. The currency's minor-unit exponent comes from Intl (2 for USD and CNY, 0 for
 * JPY); grouping and the symbol follow the locale.
 */
export function formatMoney(minor: string, currency: string, locale: string): string {
  return formatScaled(BigInt(minor), minorExponent(currency), minorExponent(currency), currency, locale);
}

/**
 * A rate in millionths of a minor unit ("1250000" micro-cents → "$0.0125"): exact, with as many decimals as the
 * rate needs (at least the currency's own, at most six more).
 */
export function formatMicroMoney(microMinor: string, currency: string, locale: string): string {
  const exponent = minorExponent(currency);
  const amount = BigInt(microMinor);
  let decimals = exponent + 6;
  let scaled = amount;
  while (decimals > exponent && scaled % BigInt(10) === BigInt(0)) {
    scaled /= BigInt(10);
    decimals -= 1;
  }
  return formatScaled(scaled, decimals, decimals, currency, locale);
}

/** `amount` × 10^-`decimals` as money, built from the digits (Intl formats a decimal string exactly). */
function formatScaled(amount: bigint, decimals: number, shownDecimals: number, currency: string, locale: string): string {
  const negative = amount < BigInt(0);
  const digits = (negative ? -amount : amount).toString();
  const whole = decimals === 0 ? digits : digits.length > decimals ? digits.slice(0, -decimals) : "0";
  const fraction = decimals === 0 ? "" : digits.padStart(decimals, "0").slice(-decimals);
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: shownDecimals, maximumFractionDigits: shownDecimals });
  return formatter.format(`${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}` as `${number}`);
}

/** The number of decimals of a currency's minor unit (2 for USD, 0 for JPY). */
export function minorExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
