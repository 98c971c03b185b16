import { describe, expect, it } from "vitest";
import { DNS_1123_LABEL, MAX_SLUG_LENGTH, namespaceOf, slugFromName, slugWithSuffix } from "./tenant-slug";

describe("tenant slugs", () => {
  it.each([
    ["Acme Rockets", "acme-rockets"],
    ["  Ünïcode Café!! ", "unicode-cafe"],
    ["A", "tenant-a"],
    ["ops", "tenant-ops"],
    ["日本", "tenant"],
    ["x".repeat(50), "x".repeat(30)],
    ["abc---def___", "abc-def"],
  ])("turns %j into %j", (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
  });

  it("always gives a DNS-1123 label of at most 30 characters, also with a suffix", () => {
    for (const name of ["Acme Rockets", "a".repeat(40), "ops", "x-".repeat(20), "--", "Zeta 9"]) {
      const plain = slugFromName(name);
      const suffixed = slugWithSuffix(plain);
      for (const slug of [plain, suffixed]) {
        expect(slug).toMatch(DNS_1123_LABEL);
        expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
        expect(namespaceOf(slug)).toMatch(DNS_1123_LABEL);
      }
      expect(suffixed).not.toBe(plain);
    }
  });
});
