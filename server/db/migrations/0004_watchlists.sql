CREATE TABLE "watchlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"watchlist_id" uuid NOT NULL,
	"schema" text NOT NULL,
	"names" text[] NOT NULL,
	"countries" text[] NOT NULL,
	"birth_date" text,
	"identifiers" jsonb NOT NULL,
	"imo_number" text,
	"container_number" text,
	"document_number" text,
	"external_id" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watchlists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"owner_scope" text NOT NULL,
	"owner_country" text,
	"owner_unit_id" uuid,
	"weight" integer NOT NULL,
	"lane" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "watchlist_entries" ADD CONSTRAINT "watchlist_entries_watchlist_id_watchlists_id_fk" FOREIGN KEY ("watchlist_id") REFERENCES "public"."watchlists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watchlists" ADD CONSTRAINT "watchlists_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "watchlist_entries_list_idx" ON "watchlist_entries" USING btree ("watchlist_id");--> statement-breakpoint
CREATE UNIQUE INDEX "watchlist_entries_external_uq" ON "watchlist_entries" USING btree ("watchlist_id","external_id");--> statement-breakpoint
CREATE INDEX "watchlist_entries_imo_idx" ON "watchlist_entries" USING btree ("imo_number");--> statement-breakpoint
CREATE INDEX "watchlist_entries_container_idx" ON "watchlist_entries" USING btree ("container_number");