import { describe, expect, it } from "vitest";

import { formatMicroMoney, formatMoney, minorExponent } from "./format-money";

describe("formatMoney", () => {
  it("places the decimal point by the currency's minor unit", () => {
    expect(formatMoney("1250", "USD", "en")).toBe("$12.50");
    expect(formatMoney("5", "USD", "en")).toBe("$0.05");
    expect(formatMoney("0", "USD", "en")).toBe("$0.00");
    expect(formatMoney("1250", "JPY", "en")).toBe("¥1,250");
  });

  it("keeps every digit of amounts beyond a float's exact range", () => {
    expect(formatMoney("900719925474099312", "USD", "en")).toBe("$9,007,199,254,740,993.12");
  });

  it("shows negative amounts with a sign", () => {
    expect(formatMoney("-305", "USD", "en")).toBe("-$3.05");
  });

  it("follows the locale", () => {
    expect(formatMoney("123456", "CNY", "zh-CN")).toBe("¥1,234.56");
  });

  it("knows the minor units of common currencies", () => {
    expect(minorExponent("USD")).toBe(2);
    expect(minorExponent("JPY")).toBe(0);
  });
});

describe("formatMicroMoney", () => {
  it("shows a rate in millionths of a cent with only the decimals it needs", () => {
    expect(formatMicroMoney("1250000", "USD", "en")).toBe("$0.0125");
    expect(formatMicroMoney("100000000", "USD", "en")).toBe("$1.00");
    expect(formatMicroMoney("1", "USD", "en")).toBe("$0.00000001");
  });
});

describe("formatMicroMoney for price-book rates", () => {
  it("shows micro-minor units per hour as money with the currency's decimals", () => {
    // 40,000,000 micro-cents = 40 cents = $0.40
    expect(formatMicroMoney("40000000", "USD", "en")).toBe("$0.40");
    expect(formatMicroMoney("500000000", "USD", "en")).toBe("$5.00");
  });

  it("keeps every significant sub-cent digit of a small rate, exactly", () => {
    // 1,234,567 micro-cents = 1.234567 cents = $0.01234567
    expect(formatMicroMoney("1234567", "USD", "en")).toBe("$0.01234567");
    expect(formatMicroMoney("1", "USD", "en")).toBe("$0.00000001");
  });

  it("formats rates beyond float precision without rounding", () => {
    expect(formatMicroMoney("123456789012345", "USD", "en")).toBe("$1,234,567.89012345");
  });

  it("follows the currency's minor unit and the locale", () => {
    expect(formatMicroMoney("2000000", "JPY", "en")).toBe("¥2");
    expect(formatMicroMoney("40000000", "CNY", "zh-CN")).toBe("¥0.40");
  });
});
