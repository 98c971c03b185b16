import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/server/env";
import { openSecret, sealSecret } from "./secret-box";

describe("secret box", () => {
  beforeEach(() => {
    process.env.APIARY_SECRET_KEY = "k".repeat(40);
    resetEnvForTests();
  });
  afterEach(() => {
    delete process.env.APIARY_SECRET_KEY;
    resetEnvForTests();
  });

  it("seals a secret so it reads back only with the same key, differently each time", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(sealSecret("JBSWY3DPEHPK3PXP")).not.toBe(sealed);
    expect(openSecret(sealed)).toBe("JBSWY3DPEHPK3PXP");
    process.env.APIARY_SECRET_KEY = "another key that is long enough to use";
    resetEnvForTests();
    expect(() => openSecret(sealed)).toThrow();
  });

  it("refuses a tampered value and passes through one stored before encryption", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP");
    const parts = sealed.split(":");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecret(parts.join(":"))).toThrow();
    expect(openSecret("JBSWY3DPEHPK3PXP")).toBe("JBSWY3DPEHPK3PXP");
  });
});
