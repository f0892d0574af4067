CREATE TABLE "party_name_tokens" (
	"token" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consignment_parties" ADD COLUMN "name_tokens" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "party_name_tokens_trgm" ON "party_name_tokens" USING gin ("token" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "party_name_tokens_skeleton" ON "party_name_tokens" USING btree (regexp_replace("token", '[aeiou]+', '', 'g'));--> statement-breakpoint
CREATE INDEX "consignment_parties_tokens_gin" ON "consignment_parties" USING gin ("name_tokens");--> statement-breakpoint
-- Backfill: partyTokens() of party-tokens.ts in SQL (single-word legal forms as of this migration).
UPDATE "consignment_parties" SET "name_tokens" = (
  SELECT coalesce(array_agg(w), '{}'::text[]) || ('#' || count(*) FILTER (WHERE w !~ '^[0-9]+$'))
    || CASE WHEN bool_or(w ~ '^[0-9]+$') THEN '{}'::text[] ELSE ARRAY['#nonum'] END
  FROM (SELECT DISTINCT w FROM unnest(string_to_array("name_key", ' ')) w
        WHERE w <> '' AND w NOT IN ('ab', 'ag', 'ai', 'ak', 'aksieselskap', 'aktiebolag', 'aktiengeselsaft', 'aktieselskab', 'ao', 'as', 'asa', 'asc', 'at', 'az', 'bi', 'bv', 'cdm', 'cisc', 'co', 'compani', 'cop', 'coperative', 'corp', 'corporation', 'cp', 'do', 'dp', 'fgup', 'fop', 'fzc', 'fzco', 'fze', 'fzlc', 'gbr', 'gesmbh', 'gmbh', 'gup', 'hk', 'iat', 'inc', 'incorporated', 'ip', 'isc', 'kg', 'komanditgeselsaft', 'kompania', 'koperativ', 'lc', 'limitada', 'limited', 'lp', 'ltd', 'ltda', 'mbh', 'mc', 'mci', 'mcz', 'ms', 'nv', 'o', 'oao', 'ohg', 'oi', 'oisc', 'osakeihtio', 'pao', 'partnersip', 'pat', 'pbi', 'pisc', 'plc', 'prat', 'prisc', 'psc', 'pte', 'publ', 'pvt', 'qsc', 'rgp', 'rspe', 's', 'sa', 'sarl', 'sas', 'se', 'sirkat', 'sm', 'spa', 'spi', 'spk', 'sps', 'spzo', 'srka', 'srkt', 'srl', 'sro', 'to', 'tov', 'xk', 'zao', 'zck', 'zm', 'zs')) d);--> statement-breakpoint
INSERT INTO "party_name_tokens" ("token")
SELECT DISTINCT w FROM "consignment_parties", unnest("name_tokens") w WHERE w NOT LIKE '#%'
ON CONFLICT DO NOTHING;
