import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, matchTotp, totpCode } from "./totp";

// RFC 6238 appendix B (SHA-1 secret "12345678901234567890"); authenticator apps show the last 6 of the 8 digits.
const SECRET = base32Encode(Buffer.from("12345678901234567890"));

describe("TOTP", () => {
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
  ])("matches RFC 6238 at T=%i", (seconds, code) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(code);
  });

  it("matches RFC 4226 HOTP values", () => {
    expect(hotp(Buffer.from("12345678901234567890"), 0)).toBe("755224");
    expect(hotp(Buffer.from("12345678901234567890"), 9)).toBe("520489");
  });

  it("round-trips base32", () => {
    expect(base32Decode(SECRET).toString()).toBe("12345678901234567890");
    expect(SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  });

  it("accepts one step of drift, and never a step at or before the last one used", () => {
    const now = 1234567890_000;
    expect(matchTotp(SECRET, totpCode(SECRET, now - 30_000), now)).toBe(Math.floor(now / 30_000) - 1);
    expect(matchTotp(SECRET, totpCode(SECRET, now - 60_000), now)).toBeNull();
    const step = matchTotp(SECRET, totpCode(SECRET, now), now)!;
    expect(matchTotp(SECRET, totpCode(SECRET, now), now, step)).toBeNull();
    expect(matchTotp(SECRET, "12345", now)).toBeNull();
  });
});
