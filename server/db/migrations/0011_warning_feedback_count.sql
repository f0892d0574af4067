ALTER TABLE "warnings" ADD COLUMN "feedback_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- warnings.feedback_count = the number of warning_feedback rows of the warning: the warning lists show it
-- for every row, and counting feedback per listed warning read every feedback row's heap page.
UPDATE "warnings" w SET "feedback_count" = (SELECT count(*) FROM "warning_feedback" f WHERE f."warning_id" = w."id");
--> statement-breakpoint
CREATE FUNCTION warning_feedback_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE warnings SET feedback_count = feedback_count + 1 WHERE id = NEW.warning_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE warnings SET feedback_count = feedback_count - 1 WHERE id = OLD.warning_id;
  ELSIF NEW.warning_id IS DISTINCT FROM OLD.warning_id THEN
    UPDATE warnings SET feedback_count = feedback_count - 1 WHERE id = OLD.warning_id;
    UPDATE warnings SET feedback_count = feedback_count + 1 WHERE id = NEW.warning_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER warning_feedback_count AFTER INSERT OR UPDATE OF warning_id OR DELETE ON "warning_feedback"
  FOR EACH ROW EXECUTE FUNCTION warning_feedback_count();
