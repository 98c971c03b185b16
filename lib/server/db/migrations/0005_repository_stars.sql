CREATE TABLE "repository_stars" (
	"repository_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repository_stars_repository_id_user_id_pk" PRIMARY KEY("repository_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "repository_tags" ADD COLUMN "os" text;--> statement-breakpoint
ALTER TABLE "repository_tags" ADD COLUMN "architecture" text;--> statement-breakpoint
ALTER TABLE "repository_tags" ADD COLUMN "layers" jsonb;--> statement-breakpoint
ALTER TABLE "repository_tags" ADD COLUMN "details_read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "repository_stars" ADD CONSTRAINT "repository_stars_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_stars" ADD CONSTRAINT "repository_stars_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "repository_stars_user_idx" ON "repository_stars" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "repositories" DROP COLUMN "star_count";