/**
 * Party-name tokens: what a retro-hunt looks up instead of a trigram scan over every stored party name.
 *
 * Each stored party keeps `name_tokens`: the distinct words of its folded name (searchKey) without legal forms
 * (LLC, ТОО, MChJ…), plus a count token `#<n>` (how many of those words are not numbers) and `#nonum` when none is a
 * number. A GIN index over that array answers "parties having a word from each of these groups" by intersecting
 * posting lists inside the index; the count token lets "one word of the watchlist name may be missing" ask only for
 * parties with that few words, and `#nonum` lets a name with a number also find the party written without one —
 * without visiting the rows. The distinct words also go to the small `party_name_tokens` dictionary, which has a trigram
 * index: typos and spelling variants of a word are found there first (see retrohunt.ts).
 */
import { LEGAL_FORMS } from '../../engine/matching/index.ts';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { searchKey } from './consignment-rows.ts';

let legalTokens_: ReadonlySet<string> | undefined;
/** Single-word legal forms, folded the way names are (built on first use: consignment-rows.ts imports this module). */
export function legalTokens(): ReadonlySet<string> {
  legalTokens_ ??= new Set(
    LEGAL_FORMS.flatMap((d) => [...d.forms, ...(d.edgeOnly ?? [])])
      .map((f) => searchKey(f))
      .filter((k) => k.length > 0 && !k.includes(' ')),
  );
  return legalTokens_;
}

/** The distinct words of a folded name that can identify it, in first-seen order. */
export function nameWords(nameKey: string): string[] {
  const legal = legalTokens();
  const out: string[] = [];
  for (const w of nameKey.split(' ')) {
    if (w && !legal.has(w) && !out.includes(w)) out.push(w);
  }
  return out;
}

const NUMBER = /^[0-9]+$/;
export const isNumberWord = (w: string): boolean => NUMBER.test(w);

/** `#<n>`: the party's name has n words that are not numbers. */
export const countToken = (n: number): string => `#${n}`;
/** The party's name has no number among its words. */
export const NO_NUMBER = '#nonum';

/** What is stored in consignment_parties.name_tokens for a folded name. */
export function partyTokens(nameKey: string): string[] {
  const words = nameWords(nameKey);
  const numbers = words.filter(isNumberWord).length;
  const out = [...words, countToken(words.length - numbers)];
  if (numbers === 0) out.push(NO_NUMBER);
  return out;
}

/** The distinct identifying words of these party names. */
export function wordsOfNames(names: Iterable<string>): string[] {
  const words = new Set<string>();
  for (const name of names) for (const w of nameWords(searchKey(name))) words.add(w);
  return [...words];
}

/** Adds words to the party_name_tokens dictionary (in the caller's transaction; words already there are skipped). */
export async function addDictionaryWords(tx: Db, words: string[]): Promise<void> {
  if (words.length === 0) return;
  await tx.execute(
    sql`INSERT INTO party_name_tokens (token) SELECT jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) ON CONFLICT DO NOTHING`,
  );
}

/**
 * partyTokens() in SQL, for rows written without it (the 0013 migration backfills with this statement, the
 * retro-hunt benchmark synthesises rows in SQL), and the dictionary filled from them.
 */
export async function backfillPartyTokens(db: Db): Promise<void> {
  const legal = JSON.stringify([...legalTokens()].sort());
  await db.execute(sql`
    UPDATE consignment_parties SET name_tokens = (
      SELECT coalesce(array_agg(w), '{}'::text[]) || ('#' || count(*) FILTER (WHERE w !~ '^[0-9]+$'))
        || CASE WHEN bool_or(w ~ '^[0-9]+$') THEN '{}'::text[] ELSE ARRAY['#nonum'] END
      FROM (SELECT DISTINCT w FROM unnest(string_to_array(name_key, ' ')) w
            WHERE w <> '' AND w NOT IN (SELECT jsonb_array_elements_text(${legal}::jsonb))) d)
    WHERE name_tokens = '{}'::text[]`);
  await db.execute(sql`
    INSERT INTO party_name_tokens (token)
    SELECT DISTINCT w FROM consignment_parties, unnest(name_tokens) w WHERE w NOT LIKE '#%'
    ON CONFLICT DO NOTHING`);
}
