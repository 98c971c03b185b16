import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password-hash";

describe("password hashing", () => {
  it("uses scrypt N=2^14, r=8, p=5 with a random salt, and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash("scrypt$1024$8$1$c2FsdA==$a2V5")).toBe(true);
  });

  it("spends real work on the dummy check for unknown accounts", async () => {
    await verifyAgainstDummy("warm up");
    const started = performance.now();
    expect(await verifyAgainstDummy("anything")).toBe(false);
    expect(performance.now() - started).toBeGreaterThan(5);
  });
});
