import { describe, expect, it } from "vitest";

import { safeNextPath } from "@/lib/client/safe-next-path";

describe("safeNextPath", () => {
  it("accepts a path on this site", () => {
    expect(safeNextPath("/acme/settings?tab=members")).toBe("/acme/settings?tab=members");
    expect(safeNextPath(["/invitations/abc", "/x"])).toBe("/invitations/abc");
  });

  it("refuses anything that could leave the site", () => {
    for (const value of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "acme"]) {
      expect(safeNextPath(value), value).toBeNull();
    }
  });

  it("does not send a freshly signed-in user back to a signed-out screen", () => {
    expect(safeNextPath("/sign-in")).toBeNull();
    expect(safeNextPath("/sign-up?x=1")).toBeNull();
    expect(safeNextPath(undefined)).toBeNull();
  });
});
