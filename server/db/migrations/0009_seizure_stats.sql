CREATE TABLE "seizure_stats" (
	"filter" text NOT NULL,
	"kind" text NOT NULL,
	"month" text NOT NULL,
	"country" text NOT NULL,
	"unit_id" uuid,
	"key1" text,
	"key2" text,
	"restricted" boolean NOT NULL,
	"distribution" text,
	"group_id" uuid,
	"named_countries" jsonb,
	"seizures" integer NOT NULL,
	"shared" integer NOT NULL,
	"quantity" numeric,
	"merged" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
DROP INDEX "seizure_items_seizure_idx";--> statement-breakpoint
CREATE INDEX "seizure_stats_filter_month_idx" ON "seizure_stats" USING btree ("filter","month");--> statement-breakpoint
CREATE INDEX "seizure_stats_unmerged_idx" ON "seizure_stats" USING btree ("merged") WHERE NOT "seizure_stats"."merged";--> statement-breakpoint
CREATE INDEX "seizures_date_idx" ON "seizures" USING btree ("seizure_date");--> statement-breakpoint
CREATE INDEX "seizure_items_seizure_idx" ON "seizure_items" USING btree ("seizure_id","commodity","unit","quantity");