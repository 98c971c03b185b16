import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "./database";

export interface Lease {
  name: string;
  holder: string;
  expiresAt: Date;
  epoch: number;
}

/**
 * Takes or renews the lease `name` for `holder` for `ttlMs`, in one statement, so two replicas racing for it
 * cannot both win: the insert succeeds for the first, and the conditional update succeeds only for the current
 * holder or when the lease has expired. Returns the lease when `holder` holds it afterwards, otherwise null.
 */
export async function tryAcquireLease(db: Database, name: string, holder: string, ttlMs: number): Promise<Lease | null> {
  const result = await db.execute<{ name: string; holder: string; expires_at: string | Date; epoch: string | number }>(sql`
    insert into leases (name, holder, acquired_at, renewed_at, expires_at, epoch)
    values (${name}, ${holder}, now(), now(), now() + ${ttlMs} * interval '1 millisecond', 1)
    on conflict (name) do update set
      holder = excluded.holder,
      acquired_at = case when leases.holder = excluded.holder then leases.acquired_at else now() end,
      renewed_at = now(),
      expires_at = excluded.expires_at,
      epoch = case when leases.holder = excluded.holder then leases.epoch else leases.epoch + 1 end
    where leases.holder = excluded.holder or leases.expires_at < now()
    returning name, holder, expires_at, epoch`);
  const row = (result as unknown as { rows: { name: string; holder: string; expires_at: string | Date; epoch: string | number }[] }).rows[0];
  if (!row) return null;
  return { name: row.name, holder: row.holder, expiresAt: new Date(row.expires_at), epoch: Number(row.epoch) };
}

/** Gives the lease up at once (on shutdown) so a standby replica takes over without waiting for expiry. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.execute(sql`update leases set expires_at = now() - interval '1 millisecond' where name = ${name} and holder = ${holder}`);
}

/**
 * The default lease timing of the replicated services (metrics collector, billing meter). Every replica tries the
 * lease every LEASE_RENEW_MS, whatever its work interval: the holder renews it, the others would take it. A holder
 * killed without releasing it (SIGKILL, a lost node) has renewed at most LEASE_RENEW_MS before it died, so its
 * lease runs out at most LEASE_TTL_MS later and a standby takes it at its next try: the work is handed over within
 * LEASE_TTL_MS + LEASE_RENEW_MS = 25 s. The TTL leaves three missed renewals (a slow database, a long pause) before
 * a live holder loses it.
 */
export const LEASE_TTL_MS = 20_000;
export const LEASE_RENEW_MS = 5_000;

export interface LeaseKeeperOptions {
  database: () => Promise<Database>;
  name: string;
  holder: string;
  ttlMs?: number;
  renewMs?: number;
  /** Called when this process takes the lease (not on a renewal), so the service starts its work at once. */
  onAcquired?: () => void;
  onError?: (error: unknown) => void;
}

/** Keeps trying (and renewing) one lease on its own timer, apart from the work it guards. */
export class LeaseKeeper {
  private heldUntilMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {}

  get ttlMs(): number {
    return this.options.ttlMs ?? LEASE_TTL_MS;
  }

  /** Whether this process holds the lease now, by its own clock: never longer than a TTL after its last renewal began. */
  get holding(): boolean {
    return this.heldUntilMs > Date.now();
  }

  /** One attempt to take or renew the lease; answers whether this process holds it. Throws when the database does. */
  async renew(db?: Database): Promise<boolean> {
    const wasHolding = this.holding;
    // Measured from before the statement, so this process never thinks it holds the lease longer than the database does.
    const startedMs = Date.now();
    const lease = await tryAcquireLease(db ?? (await this.options.database()), this.options.name, this.options.holder, this.ttlMs);
    this.heldUntilMs = lease ? startedMs + this.ttlMs : 0;
    if (lease && !wasHolding && !this.stopped) this.options.onAcquired?.();
    return lease !== null;
  }

  /** Tries every renewMs until stop(). */
  start(): void {
    if (this.timer || this.stopped) return;
    const attempt = () => {
      if (this.stopped) return;
      this.renew()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(attempt, this.options.renewMs ?? LEASE_RENEW_MS).unref();
        });
    };
    this.timer = setTimeout(attempt, this.options.renewMs ?? LEASE_RENEW_MS).unref();
  }

  /** Stops trying; the lease is left as it is (releasing it is the service's stop). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.heldUntilMs = 0;
  }
}
