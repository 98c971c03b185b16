CREATE TABLE "billing_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"balance_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"workload" text NOT NULL,
	"resource" text NOT NULL,
	"price_card_version" integer NOT NULL,
	"quantity" text NOT NULL,
	"rate_micro_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "invoice_lines_invoice_id_position_pk" PRIMARY KEY("invoice_id","position")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"month_start" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"finalized_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_charges" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"month_start" timestamp with time zone NOT NULL,
	"exact_total" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"transaction_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meter_intervals" (
	"pod_uid" text NOT NULL,
	"container" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"pod_name" text NOT NULL,
	"workload" text NOT NULL,
	"cpu_millicores" integer NOT NULL,
	"memory_mib" integer NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone,
	"metered_to" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"deleting_at" timestamp with time zone,
	CONSTRAINT "meter_intervals_pod_uid_container_pk" PRIMARY KEY("pod_uid","container")
);
--> statement-breakpoint
CREATE TABLE "tenant_billing_states" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'ok' NOT NULL,
	"low_since" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_windows" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"pod_uid" text NOT NULL,
	"container" text NOT NULL,
	"workload" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hour_start" timestamp with time zone NOT NULL,
	"month_start" timestamp with time zone NOT NULL,
	"seconds" integer NOT NULL,
	"cpu_millicores" integer NOT NULL,
	"memory_mib" integer NOT NULL,
	"cpu_millicore_seconds" bigint NOT NULL,
	"memory_mib_seconds" bigint NOT NULL,
	"price_card_version" integer NOT NULL,
	"exact_cpu" text NOT NULL,
	"exact_memory" text NOT NULL,
	"charge_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_notifications" ADD CONSTRAINT "billing_notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_charges" ADD CONSTRAINT "meter_charges_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_charges" ADD CONSTRAINT "meter_charges_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_intervals" ADD CONSTRAINT "meter_intervals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_billing_states" ADD CONSTRAINT "tenant_billing_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_windows" ADD CONSTRAINT "usage_windows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_windows" ADD CONSTRAINT "usage_windows_price_card_version_price_cards_version_fk" FOREIGN KEY ("price_card_version") REFERENCES "public"."price_cards"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_notifications_tenant_idx" ON "billing_notifications" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_tenant_month_idx" ON "invoices" USING btree ("tenant_id","month_start");--> statement-breakpoint
CREATE INDEX "meter_charges_tenant_month_idx" ON "meter_charges" USING btree ("tenant_id","month_start");--> statement-breakpoint
CREATE INDEX "meter_intervals_tenant_open_idx" ON "meter_intervals" USING btree ("tenant_id","end_at");--> statement-breakpoint
CREATE INDEX "usage_windows_tenant_month_idx" ON "usage_windows" USING btree ("tenant_id","month_start");--> statement-breakpoint
CREATE INDEX "usage_windows_tenant_hour_idx" ON "usage_windows" USING btree ("tenant_id","hour_start");--> statement-breakpoint
-- A finalized invoice and its lines never change (billing_refuse_change comes from 0007_billing).
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
-- Usage windows and meter charges are facts once written: the meter only inserts them.
CREATE TRIGGER usage_windows_append_only BEFORE UPDATE OR DELETE ON usage_windows FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
--> statement-breakpoint
CREATE TRIGGER meter_charges_append_only BEFORE UPDATE OR DELETE ON meter_charges FOR EACH ROW EXECUTE FUNCTION billing_refuse_change();
