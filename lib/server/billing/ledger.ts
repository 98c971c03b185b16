import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/lib/server/db/database";
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from "@/lib/server/db/schema";
import { ApiError } from "@/lib/server/http/api-error";
import { emitClusterEvent, onClusterEvent } from "@/lib/server/redis/cluster-events";

// The double-entry ledger (DESIGN.md § Billing). Every movement of money is one ledger transaction whose entries
// sum to zero (checked here, and again at commit by the deferred trigger of migration 0007_billing). A positive
// entry raises an account's balance. Balances change only inside the database transaction that writes the entries
// explaining them, under row locks taken in one fixed order (account ids sorted), so two postings never deadlock
// and a balance always equals the sum of its entries. Ledger rows are append-only (triggers refuse UPDATE/DELETE).
//
// Accounts
//   tenant:<id>:prepaid     a tenant's prepaid balance; floor 0 unless an operator lowers it (credit limit)
//   platform:revenue        credited with every usage charge, in full
//   platform:cash           debited with money received (top-ups paid, operator credit)
//   platform:promotions     debited with money given away (vouchers)
//   platform:uncollected    debited with usage that ran while the tenant's balance was at its floor, so the ledger
//                           records every charge and invoices reconcile with it
//
// API (callers pass the Database or a transaction of it; every call is atomic on its own and joins the caller's
// transaction as a savepoint when given one):
//   postTransaction(db, { idempotencyKey, kind, tenantId?, memo, metadata?, entries })
//       → { transactionId, replayed }
//   chargeUsage(db, { tenantId, idempotencyKey, amountMinor, memo, periodStart, periodEnd, metadata? })
//       → { transactionId, chargedMinor, uncollectedMinor, balanceAfterMinor, replayed }
//   debitTenantToFloor(db, { tenantId, idempotencyKey, kind, amountMinor, to, memo, metadata? })
//       → { transactionId, debitedMinor, uncollectedMinor, balanceAfterMinor, replayed }   (refunds, adjustments)
//   creditTenant(db, { tenantId, idempotencyKey, amountMinor, kind, from, memo, metadata? })
//       → { transactionId, balanceAfterMinor, replayed }
//   getBalance(db, tenantId) → { balanceMinor, floorMinor, currency }     (a tenant never charged reads 0)
//   setTenantFloor(db, tenantId, floorMinor)                               (a credit limit: floor ≤ 0)
//   onBalanceChanged(listener) → unsubscribe   called after commit of every posting that moved a tenant's balance
// The same idempotency key always returns the first result and moves nothing again.

export type PlatformAccount = "platform:revenue" | "platform:cash" | "platform:promotions" | "platform:uncollected";

export type LedgerTransactionKind =
  | "topup_operator"
  | "topup_voucher"
  | "topup_payment"
  | "refund_payment"
  | "usage_charge"
  | "included_credit"
  | "adjustment";

export interface LedgerEntryInput {
  account: string;
  amountMinor: bigint;
  /** Write this entry even at zero (it then records the account's balance at that moment). */
  keepWhenZero?: boolean;
}

export interface PostTransactionInput {
  idempotencyKey: string;
  kind: LedgerTransactionKind;
  tenantId?: string | null;
  memo: string;
  metadata?: Record<string, unknown>;
  entries: LedgerEntryInput[];
}

export interface PostedTransaction {
  transactionId: string;
  replayed: boolean;
}

export interface TenantBalance {
  balanceMinor: bigint;
  floorMinor: bigint;
  currency: string;
}

export function tenantAccountId(tenantId: string): string {
  return `tenant:${tenantId}:prepaid`;
}

const DEFAULT_TENANT_FLOOR_MINOR = 0n;

type BalanceListener = (tenantId: string) => void | Promise<void>;
// Through the cluster events (lib/server/redis/cluster-events.ts): a top-up posted by one replica's route handlers
// reaches the meter wherever it runs (and the SSE streams of every replica), as it reaches this process's own at once.

/** Registers a callback run after a posting that changed a tenant's balance has committed (e.g. to lift a suspension). */
export function onBalanceChanged(listener: BalanceListener): () => void {
  return onClusterEvent("balance-changed", (tenantId) => {
    // A listener's failure is its own; the money has moved and committed either way.
    void Promise.resolve()
      .then(() => listener(tenantId))
      .catch(() => {});
  });
}

function notifyBalanceChanged(tenantId: string | null | undefined): void {
  if (tenantId) emitClusterEvent("balance-changed", tenantId);
}

/**
 * Opens a tenant's prepaid account (in the ledger's currency) if it has none yet. `on conflict do nothing` names no
 * index on purpose: the account is unique by id and by (tenant, kind), and when two first posts race, PostgreSQL
 * checks only a named arbiter index speculatively; the other one then raised a unique violation in the loser
 * (seen in CI: 200 concurrent posts of a new tenant).
 */
export async function ensureTenantAccount(db: Database, tenantId: string): Promise<void> {
  await db.execute(sql`
    insert into ledger_accounts (id, kind, tenant_id, currency, balance_minor, floor_minor)
    select ${tenantAccountId(tenantId)}, 'tenant_prepaid', ${tenantId}::uuid, currency, 0, ${DEFAULT_TENANT_FLOOR_MINOR}
    from ledger_accounts where id = 'platform:cash'
    on conflict do nothing`);
}

type LockedAccount = typeof ledgerAccounts.$inferSelect;

/**
 * The one place balances change: inserts the transaction header (or finds the first one with this key), locks the
 * accounts in id order, lets `build` decide the entries from the locked balances, checks them and writes them.
 */
async function post<T>(
  db: Database,
  header: Omit<PostTransactionInput, "entries">,
  accountIds: string[],
  build: (accounts: Map<string, LockedAccount>) => LedgerEntryInput[],
  summarize: (transactionId: string, entries: { accountId: string; amountMinor: bigint; balanceAfterMinor: bigint }[]) => T,
): Promise<T & { replayed: boolean }> {
  if (!header.idempotencyKey) throw new Error("a ledger transaction needs an idempotency key");
  if (header.tenantId) await ensureTenantAccount(db, header.tenantId);
  const result = await db.transaction(async (tx) => {
    // ON CONFLICT waits for a concurrent holder of the same key to commit or roll back, so exactly one posts.
    const [inserted] = await tx
      .insert(ledgerTransactions)
      .values({ idempotencyKey: header.idempotencyKey, kind: header.kind, tenantId: header.tenantId ?? null, memo: header.memo, metadata: header.metadata ?? null })
      .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
      .returning({ id: ledgerTransactions.id });
    if (!inserted) {
      const [existing] = await tx.select().from(ledgerTransactions).where(eq(ledgerTransactions.idempotencyKey, header.idempotencyKey));
      if (existing.kind !== header.kind || (existing.tenantId ?? null) !== (header.tenantId ?? null)) {
        throw new ApiError("conflict", `Idempotency key ${header.idempotencyKey} was already used for a different ledger transaction`);
      }
      const entries = await tx
        .select({ accountId: ledgerEntries.accountId, amountMinor: ledgerEntries.amountMinor, balanceAfterMinor: ledgerEntries.balanceAfterMinor })
        .from(ledgerEntries)
        .where(eq(ledgerEntries.transactionId, existing.id))
        .orderBy(asc(ledgerEntries.id));
      return { ...summarize(existing.id, entries), replayed: true };
    }
    const ids = [...new Set(accountIds)].sort();
    const locked = await tx.select().from(ledgerAccounts).where(inArray(ledgerAccounts.id, ids)).orderBy(asc(ledgerAccounts.id)).for("update");
    const accounts = new Map(locked.map((account) => [account.id, account]));
    for (const id of ids) if (!accounts.has(id)) throw new Error(`ledger account ${id} does not exist`);
    const built = build(accounts);
    // Zero entries are left out; a transaction of nothing (a usage window that rounds to zero) keeps its first two,
    // so it is still recorded once under its key and its replay answers the same.
    const kept = built.filter((entry) => entry.amountMinor !== 0n || entry.keepWhenZero);
    const entries =
      kept.length < 2 && built.every((entry) => entry.amountMinor === 0n) ? [...kept, ...built.filter((entry) => !kept.includes(entry))].slice(0, Math.max(2, kept.length)) : kept;
    if (entries.length < 2) throw new Error(`ledger transaction ${header.idempotencyKey} does not balance: it has one non-zero entry`);
    let sum = 0n;
    const currencies = new Set<string>();
    for (const entry of entries) {
      const account = accounts.get(entry.account);
      if (!account) throw new Error(`ledger account ${entry.account} was not locked for this transaction`);
      sum += entry.amountMinor;
      currencies.add(account.currency);
    }
    if (sum !== 0n) throw new Error(`ledger transaction ${header.idempotencyKey} does not balance: its entries sum to ${sum}`);
    if (currencies.size !== 1) throw new Error(`ledger transaction ${header.idempotencyKey} mixes currencies ${[...currencies].join(", ")}`);

    // Entries of one account apply in order, each recording the balance it leaves.
    const balances = new Map(locked.map((account) => [account.id, account.balanceMinor]));
    const written = entries.map((entry) => {
      const balanceAfterMinor = (balances.get(entry.account) ?? 0n) + entry.amountMinor;
      balances.set(entry.account, balanceAfterMinor);
      return { accountId: entry.account, amountMinor: entry.amountMinor, balanceAfterMinor };
    });
    for (const [id, balance] of balances) {
      const floor = accounts.get(id)?.floorMinor;
      if (floor !== null && floor !== undefined && balance < floor) {
        throw new ApiError("conflict", `Insufficient balance: this would take ${id} to ${balance}, below its floor of ${floor} minor units`, {
          account: id,
          balanceMinor: String(accounts.get(id)?.balanceMinor),
          floorMinor: String(floor),
        });
      }
    }
    await tx.insert(ledgerEntries).values(written.map((entry) => ({ transactionId: inserted.id, accountId: entry.accountId, amountMinor: entry.amountMinor, balanceAfterMinor: entry.balanceAfterMinor })));
    for (const [id, balance] of balances) {
      if (balance === accounts.get(id)?.balanceMinor) continue;
      await tx.update(ledgerAccounts).set({ balanceMinor: balance, updatedAt: sql`now()` }).where(eq(ledgerAccounts.id, id));
    }
    return { ...summarize(inserted.id, written), replayed: false };
  });
  if (!result.replayed && header.tenantId) {
    if (isTopLevel(db)) notifyBalanceChanged(header.tenantId);
    else announceAfterCommit(header.tenantId);
  }
  return result;
}

// Listeners must run after the money is committed. Inside a caller's transaction that is not yet the case, so a
// posting made within runAfterCommit is announced when that transaction has committed.
const pendingNotifications = new AsyncLocalStorage<Set<string>>();

function isTopLevel(db: Database): boolean {
  return !("rollback" in db);
}

function announceAfterCommit(tenantId: string): void {
  const pending = pendingNotifications.getStore();
  // Outside runAfterCommit the caller's transaction is unknown: announce now (listeners re-read the balance anyway).
  if (pending) pending.add(tenantId);
  else notifyBalanceChanged(tenantId);
}

/**
 * Runs `work` in a transaction and, once it has committed, tells the balance listeners about every tenant whose
 * balance a posting inside it changed. Services that post inside their own transaction use this instead of
 * db.transaction.
 */
export async function runAfterCommit<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  const pending = new Set<string>();
  const result = await pendingNotifications.run(pending, () => db.transaction(async (tx) => work(tx as unknown as Database)));
  for (const tenantId of pending) notifyBalanceChanged(tenantId);
  return result;
}

/** Posts a balanced set of entries once per idempotency key. */
export async function postTransaction(db: Database, input: PostTransactionInput): Promise<PostedTransaction> {
  for (const entry of input.entries) {
    if (typeof entry.amountMinor !== "bigint") throw new TypeError("ledger amounts are bigint minor units");
  }
  return post(
    db,
    input,
    input.entries.map((entry) => entry.account),
    () => input.entries,
    (transactionId) => ({ transactionId }),
  );
}

export interface ChargeUsageInput {
  tenantId: string;
  idempotencyKey: string;
  amountMinor: bigint;
  memo: string;
  periodStart: Date;
  periodEnd: Date;
  metadata?: Record<string, unknown>;
}

export interface ChargedUsage {
  transactionId: string;
  chargedMinor: bigint;
  uncollectedMinor: bigint;
  balanceAfterMinor: bigint;
  replayed: boolean;
}

/**
 * Charges usage: revenue is credited with the full amount; the tenant is debited down to its floor at most and the
 * rest is recorded against platform:uncollected, so a charge never fails and never breaks the floor.
 */
export async function chargeUsage(db: Database, input: ChargeUsageInput): Promise<ChargedUsage> {
  if (input.amountMinor < 0n) throw new Error("a usage charge is never negative");
  const debited = await debitTenantToFloor(db, {
    tenantId: input.tenantId,
    idempotencyKey: input.idempotencyKey,
    kind: "usage_charge",
    amountMinor: input.amountMinor,
    to: "platform:revenue",
    memo: input.memo,
    metadata: { ...input.metadata, periodStart: input.periodStart.toISOString(), periodEnd: input.periodEnd.toISOString() },
  });
  return { transactionId: debited.transactionId, chargedMinor: debited.debitedMinor, uncollectedMinor: debited.uncollectedMinor, balanceAfterMinor: debited.balanceAfterMinor, replayed: debited.replayed };
}

export interface DebitTenantInput {
  tenantId: string;
  idempotencyKey: string;
  kind: Extract<LedgerTransactionKind, "usage_charge" | "refund_payment" | "adjustment">;
  amountMinor: bigint;
  /** The platform account credited with the full amount. */
  to: PlatformAccount;
  memo: string;
  metadata?: Record<string, unknown>;
}

/**
 * Takes up to `amountMinor` from a tenant, never below its floor; what the balance cannot cover is recorded against
 * platform:uncollected, so `to` is always credited in full and every amount owed stays in the ledger.
 */
export async function debitTenantToFloor(
  db: Database,
  input: DebitTenantInput,
): Promise<{ transactionId: string; debitedMinor: bigint; uncollectedMinor: bigint; balanceAfterMinor: bigint; replayed: boolean }> {
  if (input.amountMinor < 0n) throw new Error("a debit is never negative");
  const tenantAccount = tenantAccountId(input.tenantId);
  const result = await post(
    db,
    { idempotencyKey: input.idempotencyKey, kind: input.kind, tenantId: input.tenantId, memo: input.memo, metadata: input.metadata },
    [tenantAccount, input.to, "platform:uncollected"],
    (accounts) => {
      const account = accounts.get(tenantAccount)!;
      const available = account.floorMinor === null ? input.amountMinor : account.balanceMinor - account.floorMinor;
      const taken = available <= 0n ? 0n : available < input.amountMinor ? available : input.amountMinor;
      return [
        { account: input.to, amountMinor: input.amountMinor },
        // Kept at zero too, so the transaction records the tenant's balance when it ran (a replay answers the same).
        { account: tenantAccount, amountMinor: -taken, keepWhenZero: true },
        { account: "platform:uncollected", amountMinor: -(input.amountMinor - taken) },
      ];
    },
    (transactionId, entries) => {
      const tenantEntry = entries.find((entry) => entry.accountId === tenantAccount);
      const uncollectedEntry = entries.find((entry) => entry.accountId === "platform:uncollected");
      return {
        transactionId,
        debitedMinor: tenantEntry ? -tenantEntry.amountMinor : 0n,
        uncollectedMinor: uncollectedEntry ? -uncollectedEntry.amountMinor : 0n,
        balanceAfterMinor: tenantEntry?.balanceAfterMinor ?? null,
      };
    },
  );
  // A debit taken entirely as uncollected (balance at its floor) has no tenant entry: the balance is unchanged.
  return { ...result, balanceAfterMinor: result.balanceAfterMinor ?? (await getBalance(db, input.tenantId)).balanceMinor };
}

export interface CreditTenantInput {
  tenantId: string;
  idempotencyKey: string;
  amountMinor: bigint;
  kind: Extract<LedgerTransactionKind, "topup_operator" | "topup_voucher" | "topup_payment" | "included_credit" | "adjustment">;
  /** The platform account the money comes from: cash for money received, promotions for money given. */
  from: Extract<PlatformAccount, "platform:cash" | "platform:promotions">;
  memo: string;
  metadata?: Record<string, unknown>;
}

/** Adds money to a tenant's prepaid balance. */
export async function creditTenant(db: Database, input: CreditTenantInput): Promise<{ transactionId: string; balanceAfterMinor: bigint; replayed: boolean }> {
  if (input.amountMinor <= 0n) throw new ApiError("bad_request", "A credit must be a positive amount");
  const tenantAccount = tenantAccountId(input.tenantId);
  return post(
    db,
    { idempotencyKey: input.idempotencyKey, kind: input.kind, tenantId: input.tenantId, memo: input.memo, metadata: input.metadata },
    [tenantAccount, input.from],
    () => [
      { account: tenantAccount, amountMinor: input.amountMinor },
      { account: input.from, amountMinor: -input.amountMinor },
    ],
    (transactionId, entries) => ({
      transactionId,
      balanceAfterMinor: entries.find((entry) => entry.accountId === tenantAccount)?.balanceAfterMinor ?? 0n,
    }),
  );
}

/** A tenant's prepaid balance; a tenant that never had money reads 0 with the default floor. */
export async function getBalance(db: Database, tenantId: string): Promise<TenantBalance> {
  const [account] = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.id, tenantAccountId(tenantId)));
  if (account) return { balanceMinor: account.balanceMinor, floorMinor: account.floorMinor ?? 0n, currency: account.currency };
  const [cash] = await db.select({ currency: ledgerAccounts.currency }).from(ledgerAccounts).where(eq(ledgerAccounts.id, "platform:cash"));
  return { balanceMinor: 0n, floorMinor: DEFAULT_TENANT_FLOOR_MINOR, currency: cash?.currency ?? "USD" };
}

/** Sets a tenant's floor (a credit limit when below zero); refused when the balance is already below it. */
export async function setTenantFloor(db: Database, tenantId: string, floorMinor: bigint): Promise<void> {
  if (floorMinor > 0n) throw new ApiError("bad_request", "A floor is zero or a negative credit limit");
  await ensureTenantAccount(db, tenantId);
  const updated = await db
    .update(ledgerAccounts)
    .set({ floorMinor, updatedAt: sql`now()` })
    .where(and(eq(ledgerAccounts.id, tenantAccountId(tenantId)), sql`${ledgerAccounts.balanceMinor} >= ${floorMinor}`))
    .returning({ id: ledgerAccounts.id });
  if (updated.length === 0) throw new ApiError("conflict", "The balance is already below that floor");
}
