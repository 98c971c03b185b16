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
