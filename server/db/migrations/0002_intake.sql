CREATE TABLE "consignment_parties" (
	"consignment_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"address" text,
	"city" text,
	"postcode" text,
	"country" text,
	"identifiers" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"country" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"import_id" uuid,
	"document_key" text NOT NULL,
	"document_type" text NOT NULL,
	"document_number" text NOT NULL,
	"master_document_number" text,
	"mode" text NOT NULL,
	"carrier_code" text,
	"carrier_name" text,
	"vessel_name" text,
	"imo_number" text,
	"voyage_number" text,
	"flight_number" text,
	"place_of_loading" text,
	"place_of_discharge" text,
	"transshipments" text[] NOT NULL,
	"place_of_delivery" text,
	"country_of_origin" text,
	"country_of_destination" text,
	"departure_date" text,
	"estimated_arrival_date" text,
	"arrival_day" text,
	"quality_score" smallint NOT NULL,
	"quality_flags" jsonb NOT NULL,
	"problems" jsonb NOT NULL,
	"source" jsonb,
	"version" integer NOT NULL,
	"is_current" boolean NOT NULL,
	"content_hash" text NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment" (
	"consignment_id" uuid NOT NULL,
	"container_number" text NOT NULL,
	"size_type" text,
	"seals" text[] NOT NULL,
	"full_empty" text
);
--> statement-breakpoint
CREATE TABLE "goods_items" (
	"consignment_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"hs_code" text,
	"description" text,
	"package_count" integer,
	"package_type" text,
	"gross_mass_kg" double precision,
	"net_mass_kg" double precision,
	"value" double precision,
	"currency" text,
	"un_number" text,
	"container_numbers" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_files" (
	"import_id" uuid PRIMARY KEY NOT NULL,
	"content_base64" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"format" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"amended" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"containers" integer DEFAULT 0 NOT NULL,
	"goods_items" integer DEFAULT 0 NOT NULL,
	"bytes_read" double precision DEFAULT 0 NOT NULL,
	"bytes_total" double precision,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "consignment_parties" ADD CONSTRAINT "consignment_parties_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consignments" ADD CONSTRAINT "consignments_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment" ADD CONSTRAINT "equipment_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goods_items" ADD CONSTRAINT "goods_items_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "consignment_parties_cons_idx" ON "consignment_parties" USING btree ("consignment_id");--> statement-breakpoint
CREATE INDEX "consignment_parties_name_trgm" ON "consignment_parties" USING gin ("name_key" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "consignments_content_uq" ON "consignments" USING btree ("country","document_key","content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "consignments_current_uq" ON "consignments" USING btree ("country","document_key") WHERE "consignments"."is_current";--> statement-breakpoint
CREATE INDEX "consignments_doc_idx" ON "consignments" USING btree ("document_number");--> statement-breakpoint
CREATE INDEX "consignments_country_arrival_idx" ON "consignments" USING btree ("country","arrival_day");--> statement-breakpoint
CREATE INDEX "consignments_imo_idx" ON "consignments" USING btree ("imo_number");--> statement-breakpoint
CREATE INDEX "consignments_search_trgm" ON "consignments" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "equipment_cons_idx" ON "equipment" USING btree ("consignment_id");--> statement-breakpoint
CREATE INDEX "equipment_container_idx" ON "equipment" USING btree ("container_number");--> statement-breakpoint
CREATE INDEX "goods_items_cons_idx" ON "goods_items" USING btree ("consignment_id");--> statement-breakpoint
CREATE INDEX "goods_items_hs_idx" ON "goods_items" USING btree ("hs_code");--> statement-breakpoint
CREATE INDEX "imports_country_idx" ON "imports" USING btree ("country","created_at");