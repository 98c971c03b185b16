CREATE TABLE "registry_events" (
	"id" text PRIMARY KEY NOT NULL,
	"action" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"public" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"pull_count" bigint DEFAULT 0 NOT NULL,
	"push_count" bigint DEFAULT 0 NOT NULL,
	"star_count" integer DEFAULT 0 NOT NULL,
	"last_pushed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repository_tags" (
	"repository_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"digest" text NOT NULL,
	"media_type" text,
	"size_bytes" bigint NOT NULL,
	"pushed_at" timestamp with time zone NOT NULL,
	"pushed_by" text,
	CONSTRAINT "repository_tags_repository_id_tag_pk" PRIMARY KEY("repository_id","tag")
);
--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_tags" ADD CONSTRAINT "repository_tags_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_tenant_name_idx" ON "repositories" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "repositories_public_idx" ON "repositories" USING btree ("public");--> statement-breakpoint
CREATE INDEX "repository_tags_digest_idx" ON "repository_tags" USING btree ("repository_id","digest");