import "server-only";

// Balance rules (DESIGN.md § Billing), as a pure function of the tenant's balance and its billing state:
//   ok ──below the low threshold──▶ low ──at its floor──▶ warned ──grace period over──▶ suspended
// and back to ok (or low) as soon as the balance is above its floor again, restoring a suspended tenant's
// workloads. "At its floor" is where usage stops being taken from the balance (ledger.ts chargeUsage), so a
// tenant is warned exactly when what it runs is no longer paid for.

export type BillingStateName = "ok" | "low" | "warned" | "suspended";

export interface BillingRulesConfig {
  /** Below this much above the floor the tenant is "low" (banner and notification). */
  lowBalanceMinor: bigint;
  /** How long a tenant stays "warned" (at its floor) before it is suspended. */
  graceSeconds: number;
}

export interface BillingSituation {
  state: BillingStateName;
  warnedAt: Date | null;
  balanceMinor: bigint;
  floorMinor: bigint;
}

export type BillingAction = "none" | "low" | "warn" | "suspend" | "restore" | "recover";

/** The state the tenant moves to now, and what that move does. */
export function nextBillingState(situation: BillingSituation, config: BillingRulesConfig, now: Date): { state: BillingStateName; action: BillingAction } {
  const available = situation.balanceMinor - situation.floorMinor;
  if (available <= 0n) {
    if (situation.state === "suspended") return { state: "suspended", action: "none" };
    if (situation.state !== "warned" || !situation.warnedAt) return { state: "warned", action: "warn" };
    const dueMs = situation.warnedAt.getTime() + config.graceSeconds * 1000;
    return now.getTime() >= dueMs ? { state: "suspended", action: "suspend" } : { state: "warned", action: "none" };
  }
  const healthy: BillingStateName = available < config.lowBalanceMinor ? "low" : "ok";
  if (situation.state === "suspended") return { state: healthy, action: "restore" };
  if (situation.state === "warned") return { state: healthy, action: "recover" };
  if (healthy === "low" && situation.state === "ok") return { state: "low", action: "low" };
  return { state: healthy, action: "none" };
}
