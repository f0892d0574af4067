CREATE TABLE "warning_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warning_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"country" text NOT NULL,
	"status" text NOT NULL,
	"action" text,
	"result" text NOT NULL,
	"notes" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_matches" (
	"warning_id" uuid NOT NULL,
	"consignment_id" uuid NOT NULL,
	"country" text NOT NULL,
	"matched_on" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warning_recipients" (
	"warning_id" uuid NOT NULL,
	"country" text NOT NULL,
	"unit_id" uuid
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sender_unit_id" uuid NOT NULL,
	"sender_country" text NOT NULL,
	"created_by" uuid NOT NULL,
	"state" text NOT NULL,
	"subject" text NOT NULL,
	"facts" jsonb NOT NULL,
	"reasons" text NOT NULL,
	"requested_action" text NOT NULL,
	"deadline" text,
	"tlp" text NOT NULL,
	"distribution" text NOT NULL,
	"source_consignment_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "warning_feedback" ADD CONSTRAINT "warning_feedback_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_matches" ADD CONSTRAINT "warning_matches_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_matches" ADD CONSTRAINT "warning_matches_consignment_id_consignments_id_fk" FOREIGN KEY ("consignment_id") REFERENCES "public"."consignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_recipients" ADD CONSTRAINT "warning_recipients_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_sender_unit_id_units_id_fk" FOREIGN KEY ("sender_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "warning_feedback_warning_idx" ON "warning_feedback" USING btree ("warning_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warning_matches_uq" ON "warning_matches" USING btree ("warning_id","consignment_id","matched_on");--> statement-breakpoint
CREATE INDEX "warning_matches_consignment_idx" ON "warning_matches" USING btree ("consignment_id");--> statement-breakpoint
CREATE INDEX "warning_recipients_idx" ON "warning_recipients" USING btree ("warning_id");--> statement-breakpoint
CREATE INDEX "warning_recipients_country_idx" ON "warning_recipients" USING btree ("country");--> statement-breakpoint
CREATE INDEX "warnings_state_idx" ON "warnings" USING btree ("state","expires_at");--> statement-breakpoint
CREATE INDEX "warnings_sender_idx" ON "warnings" USING btree ("sender_country","created_at");