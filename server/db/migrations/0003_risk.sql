CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consignment_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"method" text NOT NULL,
	"outcome" text NOT NULL,
	"notes" text,
	"inspected_by" uuid,
	"inspected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_hits" (
	"consignment_id" uuid NOT NULL,
	"profile_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"hit_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"consignment_id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"score" double precision NOT NULL,
	"suggested_lane" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"owner_scope" text NOT NULL,
	"owner_country" text,
	"owner_unit_id" uuid,
	"items" text[] NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_profile_versions" (
	"profile_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rule" text NOT NULL,
	"weight" integer NOT NULL,
	"lane" text NOT NULL,
	"reason" text NOT NULL,
	"instruction" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"owner_scope" text NOT NULL,
	"owner_country" text,
	"owner_unit_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"current_version" integer NOT NULL,
	"valid_from" text,
	"valid_to" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "targeting_decisions" (
	"consignment_id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"lane" text NOT NULL,
	"random" boolean DEFAULT false NOT NULL,
	"comment" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_hits" ADD CONSTRAINT "profile_hits_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_hits" ADD CONSTRAINT "profile_hits_profile_id_risk_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."risk_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_lists" ADD CONSTRAINT "risk_lists_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_profile_versions" ADD CONSTRAINT "risk_profile_versions_profile_id_risk_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."risk_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_profiles" ADD CONSTRAINT "risk_profiles_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targeting_decisions" ADD CONSTRAINT "targeting_decisions_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspections_consignment_idx" ON "inspections" USING btree ("consignment_id");--> statement-breakpoint
CREATE INDEX "inspections_unit_idx" ON "inspections" USING btree ("unit_id","inspected_at");--> statement-breakpoint
CREATE UNIQUE INDEX "profile_hits_uq" ON "profile_hits" USING btree ("consignment_id","profile_id","version");--> statement-breakpoint
CREATE INDEX "profile_hits_profile_idx" ON "profile_hits" USING btree ("profile_id","version");--> statement-breakpoint
CREATE INDEX "risk_assessments_unit_score_idx" ON "risk_assessments" USING btree ("unit_id","score");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_lists_name_uq" ON "risk_lists" USING btree ("name","owner_scope",coalesce("owner_country", ''),coalesce("owner_unit_id"::text, ''));--> statement-breakpoint
CREATE UNIQUE INDEX "risk_profile_versions_pk" ON "risk_profile_versions" USING btree ("profile_id","version");--> statement-breakpoint
CREATE INDEX "risk_profiles_owner_idx" ON "risk_profiles" USING btree ("owner_scope","owner_country");--> statement-breakpoint
CREATE INDEX "targeting_decisions_unit_idx" ON "targeting_decisions" USING btree ("unit_id","decided_at");