CREATE TABLE "metric_node_states" (
	"node" text PRIMARY KEY NOT NULL,
	"stale" boolean NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1h" (
	"series" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"cpu_cores_avg" real,
	"cpu_cores_max" real,
	"memory_bytes_avg" real,
	"memory_bytes_max" real,
	"rx_bytes_per_second_avg" real,
	"rx_bytes_per_second_max" real,
	"tx_bytes_per_second_avg" real,
	"tx_bytes_per_second_max" real,
	"fs_read_bytes_per_second_avg" real,
	"fs_read_bytes_per_second_max" real,
	"fs_write_bytes_per_second_avg" real,
	"fs_write_bytes_per_second_max" real,
	CONSTRAINT "metric_rollups_1h_series_bucket_pk" PRIMARY KEY("series","bucket")
);
--> statement-breakpoint
CREATE TABLE "metric_rollups_1m" (
	"series" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"cpu_cores_avg" real,
	"cpu_cores_max" real,
	"memory_bytes_avg" real,
	"memory_bytes_max" real,
	"rx_bytes_per_second_avg" real,
	"rx_bytes_per_second_max" real,
	"tx_bytes_per_second_avg" real,
	"tx_bytes_per_second_max" real,
	"fs_read_bytes_per_second_avg" real,
	"fs_read_bytes_per_second_max" real,
	"fs_write_bytes_per_second_avg" real,
	"fs_write_bytes_per_second_max" real,
	CONSTRAINT "metric_rollups_1m_series_bucket_pk" PRIMARY KEY("series","bucket")
);
--> statement-breakpoint
CREATE INDEX "metric_rollups_1h_bucket_idx" ON "metric_rollups_1h" USING btree ("bucket");--> statement-breakpoint
CREATE INDEX "metric_rollups_1m_bucket_idx" ON "metric_rollups_1m" USING btree ("bucket");