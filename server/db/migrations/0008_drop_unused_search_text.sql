DROP INDEX "consignments_search_trgm";--> statement-breakpoint
ALTER TABLE "consignments" DROP COLUMN "search_text";