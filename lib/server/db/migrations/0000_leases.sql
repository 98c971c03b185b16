CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL,
	"renewed_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"epoch" bigint DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "leases_expires_at_idx" ON "leases" USING btree ("expires_at");