CREATE TABLE "idempotency_records" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_records_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"tenant_id" uuid,
	"currency" text NOT NULL,
	"balance_minor" bigint DEFAULT 0 NOT NULL,
	"floor_minor" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_balance_above_floor" CHECK ("ledger_accounts"."floor_minor" is null or "ledger_accounts"."balance_minor" >= "ledger_accounts"."floor_minor")
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" uuid NOT NULL,
	"account_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"balance_after_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" text NOT NULL,
	"tenant_id" uuid,
	"memo" text NOT NULL,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transactions_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"payment_id" text NOT NULL,
	"tenant_id" uuid,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"transaction_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"provider" text NOT NULL,
	"payment_id" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"state" text NOT NULL,
	"credited_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_provider_payment_id_pk" PRIMARY KEY("provider","payment_id")
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"plan_name" text NOT NULL,
	"version" integer NOT NULL,
	"requests_cpu_millicores" integer NOT NULL,
	"requests_memory_mib" integer NOT NULL,
	"limits_cpu_millicores" integer NOT NULL,
	"limits_memory_mib" integer NOT NULL,
	"pods" integer NOT NULL,
	"volumes" integer NOT NULL,
	"included_credit_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "plan_versions_plan_name_version_pk" PRIMARY KEY("plan_name","version")
);
--> statement-breakpoint
CREATE TABLE "price_cards" (
	"version" integer PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"cpu_micro_minor_per_vcpu_hour" bigint NOT NULL,
	"memory_micro_minor_per_gib_hour" bigint NOT NULL,
	"volume_micro_minor_per_gib_month" bigint NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"note" text,
	CONSTRAINT "price_cards_effective_from_unique" UNIQUE("effective_from"),
	CONSTRAINT "price_cards_rates_not_negative" CHECK ("price_cards"."cpu_micro_minor_per_vcpu_hour" >= 0 and "price_cards"."memory_micro_minor_per_gib_hour" >= 0 and "price_cards"."volume_micro_minor_per_gib_month" >= 0)
);
--> statement-breakpoint
CREATE TABLE "voucher_redemptions" (
	"voucher_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"redeemed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code_hash" text NOT NULL,
	"code_hint" text NOT NULL,
	"batch_id" uuid NOT NULL,
	"label" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	CONSTRAINT "vouchers_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "vouchers_amount_positive" CHECK ("vouchers"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_name_plans_name_fk" FOREIGN KEY ("plan_name") REFERENCES "public"."plans"("name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_voucher_id_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_tenant_kind_idx" ON "ledger_accounts" USING btree ("tenant_id","kind");--> statement-breakpoint
CREATE INDEX "ledger_accounts_kind_balance_idx" ON "ledger_accounts" USING btree ("kind","balance_minor");--> statement-breakpoint
CREATE INDEX "ledger_entries_transaction_idx" ON "ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "ledger_entries" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_tenant_idx" ON "ledger_transactions" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_kind_idx" ON "ledger_transactions" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "payment_events_payment_idx" ON "payment_events" USING btree ("provider","payment_id");--> statement-breakpoint
CREATE INDEX "vouchers_batch_idx" ON "vouchers" USING btree ("batch_id");--> statement-breakpoint
-- The ledger, price cards and plan versions are append-only: a correction is a new transaction or a new version,
-- never an edit, so history cannot be rewritten, not even by Apiary's own database role.
CREATE OR REPLACE FUNCTION billing_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions FOR EACH STATEMENT EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER price_cards_no_update_or_delete BEFORE UPDATE OR DELETE ON price_cards FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER plan_versions_no_update_or_delete BEFORE UPDATE OR DELETE ON plan_versions FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER voucher_redemptions_no_update_or_delete BEFORE UPDATE OR DELETE ON voucher_redemptions FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
-- Double entry: at commit, every transaction that gained entries must sum to zero per currency (one currency per
-- ledger today, so: to zero) and have at least two entries. Deferred, so a transaction's entries can be written
-- one by one.
CREATE OR REPLACE FUNCTION ledger_check_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total numeric;
  entry_count bigint;
BEGIN
  SELECT coalesce(sum(amount_minor), 0), count(*) INTO total, entry_count FROM ledger_entries WHERE transaction_id = NEW.transaction_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance: its entries sum to %', NEW.transaction_id, total USING ERRCODE = 'check_violation';
  END IF;
  IF entry_count < 2 THEN
    RAISE EXCEPTION 'ledger transaction % has only % entry', NEW.transaction_id, entry_count USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_transaction_balanced();
--> statement-breakpoint
-- The platform's accounts (no floor). Tenants' prepaid accounts are opened on first use.
INSERT INTO ledger_accounts (id, kind, currency) VALUES
  ('platform:revenue', 'platform_revenue', 'USD'),
  ('platform:cash', 'platform_cash', 'USD'),
  ('platform:promotions', 'platform_promotions', 'USD'),
  ('platform:uncollected', 'platform_uncollected', 'USD')
ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
-- The first price card, in force since the epoch so any usage can be rated: USD 0.04 per vCPU-hour, USD 0.005 per
-- GiB-hour of requested memory, USD 0.10 per GiB-month of volume (micro-cents).
INSERT INTO price_cards (version, currency, cpu_micro_minor_per_vcpu_hour, memory_micro_minor_per_gib_hour, volume_micro_minor_per_gib_month, effective_from, created_by, note)
VALUES (1, 'USD', 4000000, 500000, 10000000, '1970-01-01T00:00:00Z', 'migration', 'Launch prices')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Plans: the existing free plan gets its first version (same quota, USD 5.00 of included credit a month) and a
-- larger standard plan is added.
INSERT INTO plans (name, requests_cpu_millicores, requests_memory_mib, limits_cpu_millicores, limits_memory_mib, pods)
VALUES ('standard', 8000, 16384, 16000, 32768, 50)
ON CONFLICT (name) DO NOTHING;
--> statement-breakpoint
INSERT INTO plan_versions (plan_name, version, requests_cpu_millicores, requests_memory_mib, limits_cpu_millicores, limits_memory_mib, pods, volumes, included_credit_minor, currency, effective_from, created_by)
SELECT name, 1, requests_cpu_millicores, requests_memory_mib, limits_cpu_millicores, limits_memory_mib, pods,
  CASE WHEN name = 'standard' THEN 20 ELSE 5 END,
  CASE WHEN name = 'standard' THEN 2000 WHEN name = 'free' THEN 500 ELSE 0 END,
  'USD', '1970-01-01T00:00:00Z', 'migration'
FROM plans
ON CONFLICT DO NOTHING;
