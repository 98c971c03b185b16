import { describe, expect, it } from "vitest";

import { parseDecimal, parseMoneyInput, parseRateInput, rateToInput } from "@/components/ops/billing/billing-amounts";

describe("parsing typed amounts", () => {
  it("turns a decimal into integer units without floats", () => {
    expect(parseDecimal("12.5", 2)).toBe("1250");
    expect(parseDecimal("0.1", 2)).toBe("10");
    expect(parseDecimal(" 3 ", 2)).toBe("300");
  });

  it("refuses more decimals than the unit has, negatives and words", () => {
    expect(parseDecimal("0.001", 2)).toBeNull();
    expect(parseDecimal("-1", 2)).toBeNull();
    expect(parseDecimal("1e3", 2)).toBeNull();
    expect(parseDecimal("", 2)).toBeNull();
  });

  it("reads money in minor units and rates in micro-minor units", () => {
    expect(parseMoneyInput("12.34", "USD")).toBe("1234");
    expect(parseMoneyInput("500", "JPY")).toBe("500");
    expect(parseRateInput("0.4", "USD")).toBe("40000000");
    expect(parseRateInput("0.00000001", "USD")).toBe("1");
    expect(parseRateInput("0.000000001", "USD")).toBeNull();
  });

  it("round-trips a stored rate through the form's text", () => {
    for (const rate of ["0", "1", "40000000", "1234567", "123456789012345"]) {
      expect(parseRateInput(rateToInput(rate, "USD"), "USD")).toBe(rate);
    }
  });
});
