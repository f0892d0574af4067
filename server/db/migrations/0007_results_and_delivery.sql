CREATE TABLE "information_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_unit_id" uuid NOT NULL,
	"sender_country" text NOT NULL,
	"created_by" uuid NOT NULL,
	"recipient_country" text NOT NULL,
	"recipient_unit_id" uuid,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"tlp" text NOT NULL,
	"state" text NOT NULL,
	"warning_id" uuid,
	"consignment_id" uuid,
	"hint_kind" text,
	"hint_value" text,
	"deadline" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"place" text,
	"online" boolean DEFAULT false NOT NULL,
	"participants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"operation_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"country" text,
	"version" integer NOT NULL,
	"state" text NOT NULL,
	"model" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"training_from" text,
	"training_to" text,
	"rows" integer NOT NULL,
	"positives" integer NOT NULL,
	"trained_by" uuid,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_by" uuid,
	"activated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"link" text NOT NULL,
	"ref_type" text NOT NULL,
	"ref_id" text NOT NULL,
	"due_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"report_date" text NOT NULL,
	"screened" integer DEFAULT 0 NOT NULL,
	"selected" integer DEFAULT 0 NOT NULL,
	"inspected" integer DEFAULT 0 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text NOT NULL,
	"coordinating_unit_id" uuid NOT NULL,
	"coordinating_country" text NOT NULL,
	"group_id" uuid NOT NULL,
	"target_commodities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"profile_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "recommendation_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recommendation_id" uuid NOT NULL,
	"note" text NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"owner_country" text,
	"owner_unit_id" uuid,
	"owner_organisation" text,
	"due_date" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"body" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seizure_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seizure_id" uuid NOT NULL,
	"commodity" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"quantity" double precision NOT NULL,
	"unit" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seizure_persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seizure_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"country" text,
	"identifier" text,
	"birth_date" text
);
--> statement-breakpoint
CREATE TABLE "seizure_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seizure_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seizure_warnings" (
	"seizure_id" uuid NOT NULL,
	"warning_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seizures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"seizure_date" text NOT NULL,
	"place_locode" text,
	"consignment_id" uuid,
	"inspection_id" uuid,
	"container_number" text,
	"operation_id" uuid,
	"route_origin" text,
	"route_transit" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"route_destination" text,
	"transport_mode" text,
	"concealment" text,
	"detection_method" text,
	"summary" text DEFAULT '' NOT NULL,
	"estimated_value" double precision,
	"currency" text,
	"form" text NOT NULL,
	"quality_score" smallint NOT NULL,
	"quality_issues" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"on_shared_information" boolean DEFAULT false NOT NULL,
	"tlp" text NOT NULL,
	"distribution" text NOT NULL,
	"group_id" uuid,
	"named_countries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sharing_group_members" (
	"group_id" uuid NOT NULL,
	"country" text NOT NULL,
	"unit_id" uuid,
	"added_by" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sharing_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"owner_country" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhook_id" uuid NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"country" text NOT NULL,
	"unit_id" uuid,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"events" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "forwarded_from" uuid;--> statement-breakpoint
ALTER TABLE "warnings" ADD COLUMN "redact_personal" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "information_requests" ADD CONSTRAINT "information_requests_sender_unit_id_units_id_fk" FOREIGN KEY ("sender_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_requests" ADD CONSTRAINT "information_requests_recipient_unit_id_units_id_fk" FOREIGN KEY ("recipient_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_requests" ADD CONSTRAINT "information_requests_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operation_reports" ADD CONSTRAINT "operation_reports_operation_id_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_coordinating_unit_id_units_id_fk" FOREIGN KEY ("coordinating_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operations" ADD CONSTRAINT "operations_group_id_sharing_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."sharing_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendation_notes" ADD CONSTRAINT "recommendation_notes_recommendation_id_recommendations_id_fk" FOREIGN KEY ("recommendation_id") REFERENCES "public"."recommendations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_replies" ADD CONSTRAINT "request_replies_request_id_information_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."information_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seizure_items" ADD CONSTRAINT "seizure_items_seizure_id_seizures_id_fk" FOREIGN KEY ("seizure_id") REFERENCES "public"."seizures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seizure_persons" ADD CONSTRAINT "seizure_persons_seizure_id_seizures_id_fk" FOREIGN KEY ("seizure_id") REFERENCES "public"."seizures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seizure_photos" ADD CONSTRAINT "seizure_photos_seizure_id_seizures_id_fk" FOREIGN KEY ("seizure_id") REFERENCES "public"."seizures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seizure_warnings" ADD CONSTRAINT "seizure_warnings_seizure_id_seizures_id_fk" FOREIGN KEY ("seizure_id") REFERENCES "public"."seizures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seizure_warnings" ADD CONSTRAINT "seizure_warnings_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "seizures" ADD CONSTRAINT "seizures_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_group_members" ADD CONSTRAINT "sharing_group_members_group_id_sharing_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."sharing_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_group_members" ADD CONSTRAINT "sharing_group_members_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_groups" ADD CONSTRAINT "sharing_groups_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_attachments" ADD CONSTRAINT "warning_attachments_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "information_requests_sender_idx" ON "information_requests" USING btree ("sender_country","created_at");--> statement-breakpoint
CREATE INDEX "information_requests_recipient_idx" ON "information_requests" USING btree ("recipient_country","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_uq" ON "model_versions" USING btree (coalesce("country", ''),"version");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "operation_reports_uq" ON "operation_reports" USING btree ("operation_id","unit_id","report_date");--> statement-breakpoint
CREATE INDEX "recommendation_notes_idx" ON "recommendation_notes" USING btree ("recommendation_id");--> statement-breakpoint
CREATE INDEX "recommendations_meeting_idx" ON "recommendations" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "request_replies_request_idx" ON "request_replies" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "seizure_items_seizure_idx" ON "seizure_items" USING btree ("seizure_id");--> statement-breakpoint
CREATE INDEX "seizure_items_commodity_idx" ON "seizure_items" USING btree ("commodity");--> statement-breakpoint
CREATE INDEX "seizure_persons_seizure_idx" ON "seizure_persons" USING btree ("seizure_id");--> statement-breakpoint
CREATE INDEX "seizure_photos_seizure_idx" ON "seizure_photos" USING btree ("seizure_id");--> statement-breakpoint
CREATE UNIQUE INDEX "seizure_warnings_uq" ON "seizure_warnings" USING btree ("seizure_id","warning_id");--> statement-breakpoint
CREATE INDEX "seizure_warnings_warning_idx" ON "seizure_warnings" USING btree ("warning_id");--> statement-breakpoint
CREATE UNIQUE INDEX "seizures_reference_uq" ON "seizures" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "seizures_country_date_idx" ON "seizures" USING btree ("country","seizure_date");--> statement-breakpoint
CREATE INDEX "seizures_operation_idx" ON "seizures" USING btree ("operation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sharing_group_members_uq" ON "sharing_group_members" USING btree ("group_id","country",coalesce("unit_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "sharing_group_members_country_idx" ON "sharing_group_members" USING btree ("country");--> statement-breakpoint
CREATE INDEX "warning_attachments_warning_idx" ON "warning_attachments" USING btree ("warning_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id","created_at");