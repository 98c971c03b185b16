import { describe, expect, it } from "vitest";
import { nextBillingState, type BillingSituation } from "./balance-rules";

const config = { lowBalanceMinor: 500n, graceSeconds: 60 };
const now = new Date("2027-03-01T12:00:00Z");
const at = (state: BillingSituation["state"], balanceMinor: bigint, warnedAt: Date | null = null): BillingSituation => ({ state, warnedAt, balanceMinor, floorMinor: 0n });

describe("balance rules", () => {
  it("marks a tenant low below the threshold, once", () => {
    expect(nextBillingState(at("ok", 499n), config, now)).toEqual({ state: "low", action: "low" });
    expect(nextBillingState(at("low", 10n), config, now)).toEqual({ state: "low", action: "none" });
    expect(nextBillingState(at("ok", 500n), config, now)).toEqual({ state: "ok", action: "none" });
  });

  it("warns a tenant whose balance reaches its floor, and suspends it only after the grace period", () => {
    expect(nextBillingState(at("low", 0n), config, now)).toEqual({ state: "warned", action: "warn" });
    const warnedAt = new Date(now.getTime() - 59_000);
    expect(nextBillingState(at("warned", 0n, warnedAt), config, now)).toEqual({ state: "warned", action: "none" });
    expect(nextBillingState(at("warned", 0n, new Date(now.getTime() - 60_000)), config, now)).toEqual({ state: "suspended", action: "suspend" });
    expect(nextBillingState(at("suspended", 0n), config, now)).toEqual({ state: "suspended", action: "none" });
  });

  it("counts the floor: a tenant with a credit limit is warned only at the limit", () => {
    expect(nextBillingState({ state: "ok", warnedAt: null, balanceMinor: -100n, floorMinor: -1000n }, config, now)).toEqual({ state: "ok", action: "none" });
    expect(nextBillingState({ state: "ok", warnedAt: null, balanceMinor: -1000n, floorMinor: -1000n }, config, now)).toEqual({ state: "warned", action: "warn" });
  });

  it("restores a suspended tenant and recovers a warned one as soon as the balance is above its floor", () => {
    expect(nextBillingState(at("suspended", 1n), config, now)).toEqual({ state: "low", action: "restore" });
    expect(nextBillingState(at("suspended", 5000n), config, now)).toEqual({ state: "ok", action: "restore" });
    expect(nextBillingState(at("warned", 5000n, now), config, now)).toEqual({ state: "ok", action: "recover" });
  });
});
