import "server-only";
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// The database schema. Tables arrive with the issues that need them; migrations are generated from this file
// with `npm run db:generate` and checked in under ./migrations.

/**
 * Time-limited leases for work that exactly one replica may do (the metrics collector, the billing meter).
 * A replica holds a lease while it renews it before `expiresAt`; when the holder dies, another takes over.
 */
export const leases = pgTable(
  "leases",
  {
    name: text("name").primaryKey(),
    holder: text("holder").notNull(),
    acquiredAt: timestamp("acquired_at", { withTimezone: true }).notNull(),
    renewedAt: timestamp("renewed_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Bumped on every change of holder, so work can be fenced by the epoch it started under. */
    epoch: bigint("epoch", { mode: "number" }).notNull().default(1),
  },
  (table) => [index("leases_expires_at_idx").on(table.expiresAt)],
);

// ── Tenancy (issue 4): users, sessions, tenants, plans, members, invitations, API keys, audit log ──────────────
// Secrets are never stored: passwords as scrypt hashes, session ids, invitation tokens, API keys and backup codes
// as SHA-256 hashes of 256-bit random values (ASVS 6.5.2 allows a plain hash at that entropy).

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Lower-cased on the way in, so uniqueness is case-insensitive. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  platformAdmin: boolean("platform_admin").notNull().default(false),
  /** Base32 TOTP secret; set while enrolling, active once totpEnabledAt is set. */
  totpSecret: text("totp_secret"),
  totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
  /** The last TOTP time step accepted, so a code cannot be replayed within its window. */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
});

export const backupCodes = pgTable(
  "backup_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("backup_codes_user_idx").on(table.userId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** SHA-256 of the cookie's value; the value itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Absolute end of the session, whatever its use. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [index("sessions_user_idx").on(table.userId)],
);

/** What a tenant may use in the cluster; billing may add and change plans, tenants reference one by name. */
export const plans = pgTable("plans", {
  name: text("name").primaryKey(),
  requestsCpuMillicores: integer("requests_cpu_millicores").notNull(),
  requestsMemoryMiB: integer("requests_memory_mib").notNull(),
  limitsCpuMillicores: integer("limits_cpu_millicores").notNull(),
  limitsMemoryMiB: integer("limits_memory_mib").notNull(),
  pods: integer("pods").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const tenants = pgTable(
  "tenants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    namespace: text("namespace").notNull().unique(),
    /** provisioning | active | provisioning_failed | suspended | deleted */
    status: text("status").notNull().default("provisioning"),
    planName: text("plan_name")
      .notNull()
      .default("free")
      .references(() => plans.name),
    provisioningError: text("provisioning_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    provisionedAt: timestamp("provisioned_at", { withTimezone: true }),
    suspendedAt: timestamp("suspended_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [index("tenants_status_idx").on(table.status)],
);

export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** owner | admin | developer | viewer */
    role: text("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.userId] }), index("memberships_user_idx").on(table.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("invitations_tenant_idx").on(table.tenantId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The key's first characters, shown in lists to recognise it. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    role: text("role").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("api_keys_tenant_idx").on(table.tenantId)],
);

/**
 * Who did what, to what, with which result, from where, when (UTC). Append-only: a trigger (migration
 * audit_append_only) refuses UPDATE, DELETE and TRUNCATE, so not even the application's role can rewrite history.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** user | api_key | system | anonymous */
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label"),
    /** No foreign key: the record outlives whatever it mentions. */
    tenantId: uuid("tenant_id"),
    tenantSlug: text("tenant_slug"),
    action: text("action").notNull(),
    target: text("target"),
    /** success | failure | denied */
    result: text("result").notNull(),
    ip: text("ip"),
    requestId: text("request_id"),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (table) => [index("audit_log_tenant_idx").on(table.tenantId, table.id), index("audit_log_at_idx").on(table.at)],
);

// ── Image hub (issue 5): repositories and tags as the registry's notifications report them ─────────────────────
// Listings read only these tables, kept in step by POST /api/v1/registry/events, so a page never waits on the
// registry walking its storage.

export const repositories = pgTable(
  "repositories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The part after `<tenant-slug>/` in the registry. */
    name: text("name").notNull(),
    public: boolean("public").notNull().default(false),
    /** Markdown. */
    description: text("description").notNull().default(""),
    pullCount: bigint("pull_count", { mode: "number" }).notNull().default(0),
    pushCount: bigint("push_count", { mode: "number" }).notNull().default(0),
    lastPushedAt: timestamp("last_pushed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("repositories_tenant_name_idx").on(table.tenantId, table.name), index("repositories_public_idx").on(table.public)],
);

export const repositoryTags = pgTable(
  "repository_tags",
  {
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    digest: text("digest").notNull(),
    mediaType: text("media_type"),
    /** The image's bytes: config plus layers when the manifest could be read, else the manifest's own size. */
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    pushedAt: timestamp("pushed_at", { withTimezone: true }).notNull(),
    /** The token subject that pushed: a user's email or `api-key:<name>`. */
    pushedBy: text("pushed_by"),
    /** From the image's config blob (`os`, `architecture`, `variant`), read once after the push; null until then. */
    os: text("os"),
    architecture: text("architecture"),
    /** The manifest's layers in order, each with its digest, media type and compressed size. */
    layers: jsonb("layers").$type<{ digest: string; mediaType: string | null; sizeBytes: number }[]>(),
    /** When the manifest and config were read; null means a later listing or the reconcile should read them. */
    detailsReadAt: timestamp("details_read_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.repositoryId, table.tag] }), index("repository_tags_digest_idx").on(table.repositoryId, table.digest)],
);

/** One star per user per repository. Counts are read from here (an index-only count), so they cannot drift. */
export const repositoryStars = pgTable(
  "repository_stars",
  {
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.repositoryId, table.userId] }), index("repository_stars_user_idx").on(table.userId)],
);

/** Ids of registry events already applied: Distribution retries deliveries, and a replay must not count twice. */
export const registryEvents = pgTable("registry_events", {
  id: text("id").primaryKey(),
  action: text("action").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The robot credential of each tenant's pull secret (`robot$<slug>`): it may pull the tenant's repositories and
 * public ones, nothing else. Only a hash is kept; the secret itself lives in the `apiary-registry` Secret of the
 * tenant's namespace, which provisioning reads back so a re-run keeps the same credential.
 */
export const registryRobots = pgTable("registry_robots", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  secretHash: text("secret_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  rotatedAt: timestamp("rotated_at", { withTimezone: true }).notNull().defaultNow(),
});

// ── Metrics (issue 7): rollups of the in-memory hour ──────────────────────────────────────────────────────────
// One row per series (`workload:<ns>/<Kind>/<name>`, `namespace:<ns>`, `node:<name>`, `cluster`; never pods) per
// bucket, with the average and maximum of each metric over the scrape cycles in it. Measurements, not money: real
// columns. The key (series, bucket) makes a second write of the same bucket (a restart, a second writer) a no-op.

function metricRollupColumns() {
  return {
    series: text("series").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    /** Scrape cycles the bucket's values were computed from. */
    samples: integer("samples").notNull(),
    cpuCoresAvg: real("cpu_cores_avg"),
    cpuCoresMax: real("cpu_cores_max"),
    memoryBytesAvg: real("memory_bytes_avg"),
    memoryBytesMax: real("memory_bytes_max"),
    rxBytesPerSecondAvg: real("rx_bytes_per_second_avg"),
    rxBytesPerSecondMax: real("rx_bytes_per_second_max"),
    txBytesPerSecondAvg: real("tx_bytes_per_second_avg"),
    txBytesPerSecondMax: real("tx_bytes_per_second_max"),
    fsReadBytesPerSecondAvg: real("fs_read_bytes_per_second_avg"),
    fsReadBytesPerSecondMax: real("fs_read_bytes_per_second_max"),
    fsWriteBytesPerSecondAvg: real("fs_write_bytes_per_second_avg"),
    fsWriteBytesPerSecondMax: real("fs_write_bytes_per_second_max"),
  };
}

/** 1-minute rollups, kept 7 days. */
export const metricRollups1m = pgTable("metric_rollups_1m", metricRollupColumns(), (table) => [
  primaryKey({ columns: [table.series, table.bucket] }),
  index("metric_rollups_1m_bucket_idx").on(table.bucket),
]);

/** 1-hour rollups (computed from the 1-minute ones), kept 90 days. */
export const metricRollups1h = pgTable("metric_rollups_1h", metricRollupColumns(), (table) => [
  primaryKey({ columns: [table.series, table.bucket] }),
  index("metric_rollups_1h_bucket_idx").on(table.bucket),
]);

/**
 * Each node's latest scrape as the collector saw it, so every replica (not only the one holding the collector's
 * lease) can say which nodes are stale. Rewritten every cycle.
 */
export const metricNodeStates = pgTable("metric_node_states", {
  node: text("node").primaryKey(),
  stale: boolean("stale").notNull(),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  lastError: text("last_error"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

// ── Billing (issue 8): price book, ledger, idempotency, top-ups ───────────────────────────────────────────────
// Money is BIGINT minor units (cents, fen) with its currency beside it; rates are BIGINT micro-minor units per
// unit-hour (lib/server/billing/rate-usage.ts PriceRates). Price cards, plan versions, ledger transactions and
// entries are append-only: triggers (migration 0007_billing) refuse UPDATE and DELETE, and a deferred constraint
// trigger refuses to commit a transaction whose entries do not sum to zero.

/** A version of the price book. A change is a new row effective from a later time; past usage keeps its card. */
export const priceCards = pgTable(
  "price_cards",
  {
    version: integer("version").primaryKey(),
    currency: text("currency").notNull(),
    cpuMicroMinorPerVcpuHour: bigint("cpu_micro_minor_per_vcpu_hour", { mode: "bigint" }).notNull(),
    memoryMicroMinorPerGiBHour: bigint("memory_micro_minor_per_gib_hour", { mode: "bigint" }).notNull(),
    volumeMicroMinorPerGiBMonth: bigint("volume_micro_minor_per_gib_month", { mode: "bigint" }).notNull(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
    note: text("note"),
  },
  (table) => [
    check("price_cards_rates_not_negative", sql`${table.cpuMicroMinorPerVcpuHour} >= 0 and ${table.memoryMicroMinorPerGiBHour} >= 0 and ${table.volumeMicroMinorPerGiBMonth} >= 0`),
  ],
);

/**
 * A version of a plan (quota and monthly included credit). `plans` keeps the quota in force for provisioning;
 * a new version is written here and copied into `plans` in the same transaction.
 */
export const planVersions = pgTable(
  "plan_versions",
  {
    planName: text("plan_name")
      .notNull()
      .references(() => plans.name),
    version: integer("version").notNull(),
    requestsCpuMillicores: integer("requests_cpu_millicores").notNull(),
    requestsMemoryMiB: integer("requests_memory_mib").notNull(),
    limitsCpuMillicores: integer("limits_cpu_millicores").notNull(),
    limitsMemoryMiB: integer("limits_memory_mib").notNull(),
    pods: integer("pods").notNull(),
    volumes: integer("volumes").notNull(),
    includedCreditMinor: bigint("included_credit_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [primaryKey({ columns: [table.planName, table.version] })],
);

/**
 * A ledger account: `tenant:<id>:prepaid` per tenant, `platform:revenue|cash|promotions|uncollected`. A positive
 * entry raises the balance. The balance changes only with the entries that explain it; a floor, when set, is
 * enforced by the database too.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: text("id").primaryKey(),
    /** tenant_prepaid | platform_revenue | platform_cash | platform_promotions | platform_uncollected */
    kind: text("kind").notNull(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    currency: text("currency").notNull(),
    balanceMinor: bigint("balance_minor", { mode: "bigint" }).notNull().default(sql`0`),
    /** Null: no floor (platform accounts). */
    floorMinor: bigint("floor_minor", { mode: "bigint" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("ledger_accounts_tenant_kind_idx").on(table.tenantId, table.kind),
    index("ledger_accounts_kind_balance_idx").on(table.kind, table.balanceMinor),
    check("ledger_accounts_balance_above_floor", sql`${table.floorMinor} is null or ${table.balanceMinor} >= ${table.floorMinor}`),
  ],
);

export const ledgerTransactions = pgTable(
  "ledger_transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /** topup_operator | topup_voucher | topup_payment | refund_payment | usage_charge | adjustment | included_credit */
    kind: text("kind").notNull(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    memo: text("memo").notNull(),
    /** Kind-specific facts (usage period, voucher id, payment id, operator reason); never secrets. */
    metadata: jsonb("metadata").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("ledger_transactions_tenant_idx").on(table.tenantId, table.createdAt, table.id), index("ledger_transactions_kind_idx").on(table.kind, table.createdAt)],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: text("account_id")
      .notNull()
      .references(() => ledgerAccounts.id),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    /** The account's balance right after this entry (entries of one account are written under its row lock). */
    balanceAfterMinor: bigint("balance_after_minor", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("ledger_entries_transaction_idx").on(table.transactionId), index("ledger_entries_account_idx").on(table.accountId, table.id)],
);

/**
 * A money-moving HTTP request's key and first answer: a retry with the same key gets the same status and body and
 * moves nothing; the same key with a different body is refused. `responseStatus` is null while the first request runs.
 */
export const idempotencyRecords = pgTable(
  "idempotency_records",
  {
    /** Who the key belongs to (tenant id, or `ops:<user id>`), so two callers' keys never collide. */
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    /** The operation and a SHA-256 of the request body. */
    operation: text("operation").notNull(),
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] })],
);

/** A voucher: single use. Only a SHA-256 of the code is kept; the code is shown once, when the batch is made. */
export const vouchers = pgTable(
  "vouchers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    codeHash: text("code_hash").notNull().unique(),
    /** The code's last characters, to recognise it in lists. */
    codeHint: text("code_hint").notNull(),
    batchId: uuid("batch_id").notNull(),
    label: text("label").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [index("vouchers_batch_idx").on(table.batchId), check("vouchers_amount_positive", sql`${table.amountMinor} > 0`)],
);

/** At most one redemption per voucher: the primary key is what makes concurrent redemptions credit once. */
export const voucherRedemptions = pgTable("voucher_redemptions", {
  voucherId: uuid("voucher_id")
    .primaryKey()
    .references(() => vouchers.id),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  transactionId: uuid("transaction_id")
    .notNull()
    .references(() => ledgerTransactions.id),
  redeemedAt: timestamp("redeemed_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Every event a payment provider sent, once: a replayed event id changes nothing. */
export const paymentEvents = pgTable(
  "payment_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    /** payment_succeeded | payment_failed | payment_refunded */
    type: text("type").notNull(),
    paymentId: text("payment_id").notNull(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    /** applied | ignored — what the event did to the payment (ignored: it arrived after a terminal state) */
    status: text("status").notNull(),
    transactionId: uuid("transaction_id").references(() => ledgerTransactions.id),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.eventId] }), index("payment_events_payment_idx").on(table.provider, table.paymentId)],
);

/**
 * A payment's state as its events have made it, whatever order they came in: a refund or failure seen before the
 * payment itself makes the late payment credit nothing.
 */
export const payments = pgTable(
  "payments",
  {
    provider: text("provider").notNull(),
    paymentId: text("payment_id").notNull(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    currency: text("currency").notNull(),
    /** pending | succeeded | failed | refunded */
    state: text("state").notNull(),
    creditedMinor: bigint("credited_minor", { mode: "bigint" }).notNull().default(sql`0`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.paymentId] })],
);

// ── Billing meter (issue 8): running intervals, usage windows, charges, billing state, invoices ──────────────────
// Quantities are integers (millicore-seconds, MiB-seconds); exact amounts are NUMERIC counts of
// 1/EXACT_DENOMINATOR minor units (lib/server/billing/rate-usage.ts), which outgrow BIGINT after a few cents.

/**
 * A container's time running, from its start to its termination (or its pod's deletion), keyed by pod uid and
 * container. `meteredTo` is how far usage windows have been written and charged; it moves in the same database
 * transaction as those windows and their charge, so a crash leaves it consistent with them.
 */
export const meterIntervals = pgTable(
  "meter_intervals",
  {
    podUid: text("pod_uid").notNull(),
    container: text("container").notNull(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    podName: text("pod_name").notNull(),
    /** The Deployment or StatefulSet owning the pod (its name), or the pod's own name. */
    workload: text("workload").notNull(),
    cpuMillicores: integer("cpu_millicores").notNull(),
    memoryMiB: integer("memory_mib").notNull(),
    startAt: timestamp("start_at", { withTimezone: true }).notNull(),
    /** Exclusive end; null while the container runs. */
    endAt: timestamp("end_at", { withTimezone: true }),
    meteredTo: timestamp("metered_to", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    /** When the pod was seen being deleted (its deletionTimestamp), used to close it if it vanishes unseen. */
    deletingAt: timestamp("deleting_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.podUid, table.container] }), index("meter_intervals_tenant_open_idx").on(table.tenantId, table.endAt)],
);

/** A piece of an interval within one UTC hour and one price card; its id is deterministic (pod/container/start). */
export const usageWindows = pgTable(
  "usage_windows",
  {
    id: text("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    podUid: text("pod_uid").notNull(),
    container: text("container").notNull(),
    workload: text("workload").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    hourStart: timestamp("hour_start", { withTimezone: true }).notNull(),
    /** The first day of the UTC month the window belongs to (charges and invoices group by it). */
    monthStart: timestamp("month_start", { withTimezone: true }).notNull(),
    seconds: integer("seconds").notNull(),
    cpuMillicores: integer("cpu_millicores").notNull(),
    memoryMiB: integer("memory_mib").notNull(),
    cpuMillicoreSeconds: bigint("cpu_millicore_seconds", { mode: "bigint" }).notNull(),
    memoryMiBSeconds: bigint("memory_mib_seconds", { mode: "bigint" }).notNull(),
    priceCardVersion: integer("price_card_version")
      .notNull()
      .references(() => priceCards.version),
    exactCpu: text("exact_cpu").notNull(),
    exactMemory: text("exact_memory").notNull(),
    /** The meter charge that billed this window. */
    chargeId: text("charge_id").notNull(),
  },
  (table) => [index("usage_windows_tenant_month_idx").on(table.tenantId, table.monthStart), index("usage_windows_tenant_hour_idx").on(table.tenantId, table.hourStart)],
);

/** One meter posting: the windows of one tenant-month written in one tick, and the ledger charge for them. */
export const meterCharges = pgTable(
  "meter_charges",
  {
    id: text("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    monthStart: timestamp("month_start", { withTimezone: true }).notNull(),
    /** Exact amount of this posting's windows, in 1/EXACT_DENOMINATOR minor units (a decimal integer). */
    exactTotal: text("exact_total").notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
    transactionId: uuid("transaction_id").references(() => ledgerTransactions.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("meter_charges_tenant_month_idx").on(table.tenantId, table.monthStart)],
);

/** Billing's automatic state of a tenant (separate from an operator's suspension). */
export const tenantBillingStates = pgTable("tenant_billing_states", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  /** ok | low | warned | suspended */
  state: text("state").notNull().default("ok"),
  lowSince: timestamp("low_since", { withTimezone: true }),
  warnedAt: timestamp("warned_at", { withTimezone: true }),
  suspendedAt: timestamp("suspended_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Notices to a tenant about its balance (low, warned, suspended, restored), shown as a banner and a list. */
export const billingNotifications = pgTable(
  "billing_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** low | warned | suspended | restored */
    kind: text("kind").notNull(),
    message: text("message").notNull(),
    balanceMinor: bigint("balance_minor", { mode: "bigint" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("billing_notifications_tenant_idx").on(table.tenantId, table.createdAt)],
);

/** A finalized monthly invoice (drafts are computed live); immutable once written (trigger, 0008_billing_meter). */
export const invoices = pgTable(
  "invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    monthStart: timestamp("month_start", { withTimezone: true }).notNull(),
    currency: text("currency").notNull(),
    totalMinor: bigint("total_minor", { mode: "bigint" }).notNull(),
    finalizedAt: timestamp("finalized_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("invoices_tenant_month_idx").on(table.tenantId, table.monthStart)],
);

export const invoiceLines = pgTable(
  "invoice_lines",
  {
    invoiceId: uuid("invoice_id")
      .notNull()
      .references(() => invoices.id),
    position: integer("position").notNull(),
    workload: text("workload").notNull(),
    /** cpu | memory */
    resource: text("resource").notNull(),
    priceCardVersion: integer("price_card_version").notNull(),
    /** vCPU-hours or GiB-hours as an exact decimal string. */
    quantity: text("quantity").notNull(),
    rateMicroMinor: bigint("rate_micro_minor", { mode: "bigint" }).notNull(),
    amountMinor: bigint("amount_minor", { mode: "bigint" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.invoiceId, table.position] })],
);
