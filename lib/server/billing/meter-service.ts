import "server-only";
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/server/db/database";
import { LeaseKeeper, releaseLease } from "@/lib/server/db/leases";
import type { WatchCache } from "@/lib/server/kubernetes/watch-cache";
import type { BillingRulesConfig } from "./balance-rules";
import { grantDueIncludedCredit } from "./grant-included-credit";
import { finalizeEndedInvoices } from "./invoices";
import { onBalanceChanged } from "./ledger";
import { meterUpTo, recordObservations } from "./meter";
import { observePod, type ContainerObservation } from "./observe-pods";
import { applyBalanceRules, listBillableTenants, type SuspensionCluster } from "./suspension";

// The meter as a service of one server process (DESIGN.md § Billing). Every interval it takes or renews the
// database lease "billing-meter" (tried every 5 s between ticks too, see LeaseKeeper); the holder reads the watch
// cache's pods of every tenant namespace, records their running intervals, meters and charges up to now, applies
// the balance rules and finalizes last month's invoices.
// It also grants each billable tenant its plan's included credit for the month, once (grant-included-credit.ts).
// Its first tick as holder is the start-up resync: an interval left open by a pod that vanished while no meter
// ran is closed at its deletion time or the last time it was seen. A tick never throws.

export const BILLING_METER_LEASE = "billing-meter";

export interface MeterServiceOptions {
  database: () => Promise<Database>;
  /** The synced watch cache, or undefined while it is still listing (then the tick meters nothing). */
  cache: () => WatchCache | undefined;
  cluster: () => SuspensionCluster;
  rules: BillingRulesConfig;
  intervalMs: number;
  /** Lease lifetime and how often it is tried; LEASE_TTL_MS and LEASE_RENEW_MS unless given. */
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  holder?: string;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export class MeterService {
  readonly holder: string;
  private holding = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private unsubscribeCache: (() => void) | undefined;
  private subscribedCache: WatchCache | undefined;
  private readonly unsubscribeBalance: () => void;
  /** Balance rules run one at a time per tenant (a tick and a top-up must not interleave their cluster writes). */
  private readonly ruleRuns = new Map<string, Promise<unknown>>();
  /** Pods seen deleted by the watch since the last tick: uid → when. */
  private readonly vanished = new Map<string, number>();
  private readonly lease: LeaseKeeper;
  /** When this process last charged usage up to the present (wall clock, for /api/v1/metrics). */
  lastMeteredAtMs: number | undefined;

  constructor(private readonly options: MeterServiceOptions) {
    this.holder = options.holder ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.lease = new LeaseKeeper({
      database: options.database,
      name: BILLING_METER_LEASE,
      holder: this.holder,
      ttlMs: options.leaseTtlMs,
      renewMs: options.leaseRenewMs,
      // A standby that takes the lease over meters at once rather than at its next tick.
      onAcquired: () => this.tickSoon(),
      onError: options.onError,
    });
    // A top-up lifts a warning or a suspension at once rather than at the next tick.
    this.unsubscribeBalance = onBalanceChanged((tenantId) => this.onBalanceChanged(tenantId));
  }

  get holdsLease(): boolean {
    return this.holding && this.lease.holding;
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private follow(cache: WatchCache): void {
    if (this.subscribedCache === cache) return;
    this.unsubscribeCache?.();
    this.subscribedCache = cache;
    this.unsubscribeCache = cache.subscribe((change) => {
      if (change.kind !== "pods" || change.type !== "DELETED") return;
      const uid = change.object.metadata?.uid;
      if (uid) this.vanished.set(uid, Math.floor(this.now().getTime() / 1000));
    });
  }

  /** One step: the lease, then (as holder) observe, meter, charge, apply the rules, finalize invoices. */
  async tick(): Promise<void> {
    try {
      const db = await this.options.database();
      this.holding = await this.lease.renew(db);
      if (!this.holding) return;
      // The month's included credit first (one query finds who lacks it), so the balance rules below see it.
      try {
        await grantDueIncludedCredit(db, this.now(), this.options.onError);
      } catch (error) {
        this.options.onError?.(error);
      }
      const cache = this.options.cache();
      // Never meter from a cache still listing: every pod would look vanished.
      if (!cache || !cache.isSynced("pods")) return;
      this.follow(cache);
      const now = this.now();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const tenants = await listBillableTenants(db);
      const observations: ContainerObservation[] = [];
      for (const tenant of tenants) for (const pod of cache.list("pods", tenant.namespace)) observations.push(...observePod(pod, tenant.id));
      const vanished = new Map(this.vanished);
      await recordObservations(db, { nowSeconds, observations, vanishedAtSeconds: vanished });
      for (const uid of vanished.keys()) this.vanished.delete(uid);
      await meterUpTo(db, nowSeconds);
      this.lastMeteredAtMs = Date.now();
      for (const tenant of tenants) {
        try {
          await this.serialized(tenant.id, () => applyBalanceRules(db, tenant, this.options.rules, this.options.cluster(), this.now()));
        } catch (error) {
          this.options.onError?.(error);
        }
      }
      await finalizeEndedInvoices(db, now);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private async onBalanceChanged(tenantId: string): Promise<void> {
    if (!this.holdsLease || this.stopped) return;
    try {
      const db = await this.options.database();
      const tenant = (await listBillableTenants(db)).find((candidate) => candidate.id === tenantId);
      if (tenant) await this.serialized(tenant.id, () => applyBalanceRules(db, tenant, this.options.rules, this.options.cluster(), this.now()));
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private serialized<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.ruleRuns.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(work);
    this.ruleRuns.set(tenantId, next);
    void next.finally(() => {
      if (this.ruleRuns.get(tenantId) === next) this.ruleRuns.delete(tenantId);
    }).catch(() => {});
    return next;
  }

  /** Ticks every interval, and tries the lease every few seconds, until stop(). */
  start(): void {
    if (this.timer || this.stopped) return;
    this.schedule(0);
    this.lease.start();
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.running = this.tick().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.options.intervalMs);
      });
    }, delayMs).unref();
  }

  /** The next tick now, unless one is running or the service is not started. */
  private tickSoon(): void {
    if (this.timer && !this.running && !this.stopped) this.schedule(0);
  }

  /** Stops ticking and gives the lease up, so a standby takes over at its next tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.lease.stop();
    this.unsubscribeBalance();
    this.unsubscribeCache?.();
    await this.running;
    if (this.holding) {
      this.holding = false;
      try {
        await releaseLease(await this.options.database(), BILLING_METER_LEASE, this.holder);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}
