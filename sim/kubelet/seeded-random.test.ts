import { describe, expect, it } from "vitest";
import { hashString, seededHex, seededRandom } from "./seeded-random";

describe("seeded randomness", () => {
  it("repeats the same sequence for the same seed and differs between seeds", () => {
    const a = seededRandom(hashString("pod-uid/app"));
    const b = seededRandom(hashString("pod-uid/app"));
    const c = seededRandom(hashString("pod-uid/sidecar"));
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it("makes stable hex ids of the requested length (container ids, digests)", () => {
    expect(seededHex("x", 64)).toMatch(/^[0-9a-f]{64}$/);
    expect(seededHex("x", 64)).toBe(seededHex("x", 64));
    expect(seededHex("x", 64)).not.toBe(seededHex("y", 64));
  });
});
