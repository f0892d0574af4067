/**
 * Retro-hunt: when watchlist entries are added, find the recent consignments they concern. Candidates come
 * from the database, then those consignments are re-assessed so the precise matcher decides and the hits show
 * in the queue.
 *
 * Names are found word by word (docs/decisions/0011): each word of the watchlist name becomes a group of
 * spellings — itself, its typos and variants found in the small party_name_tokens dictionary (trigram index,
 * one-edit probes, same consonant skeleton), and joined or split forms ("Abdul Rahman" / "Abdulrahman"). Which
 * groups a party must match is candidateCondition(): GIN lookups on consignment_parties.name_tokens whose posting
 * lists are intersected inside the index, so a hunt reads only the rows it proposes — no trigram scan over
 * millions of stored names. Exact IMO/container/document numbers are btree lookups.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { searchKey } from '../intake/consignment-rows.ts';
import { countToken, isNumberWord, nameWords, NO_NUMBER } from '../intake/party-tokens.ts';
import { assessConsignments } from './scoring.service.ts';
import { compareNames, DEFAULT_THRESHOLD } from '../../engine/matching/index.ts';
import { damerauLevenshtein } from '../../engine/matching/distance.ts';

/** Spelling distance still taken as the same word, by word length. */
export function maxEdits(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/** A folded word without its vowels, as the party_name_tokens_skeleton index has it. */
export const skeleton = (word: string): string => word.replace(/[aeiou]+/g, '');

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Every string one edit (deletion, transposition, substitution, insertion) away from a short word. */
export function oneEditVariants(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    if (i < word.length) out.add(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length) out.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    for (const ch of ALPHABET) {
      if (i < word.length) out.add(word.slice(0, i) + ch + word.slice(i + 1));
      out.add(word.slice(0, i) + ch + word.slice(i));
    }
  }
  out.delete(word);
  out.delete('');
  return [...out];
}

/**
 * For each word of a folded name, the dictionary spellings that count as that word. The word itself is always
 * in its group (even when the dictionary does not know it), so exact names are found without the dictionary.
 */
export async function wordGroups(db: Db, words: string[]): Promise<string[][]> {
  // Trigrams find little for short words: ask for their one-edit neighbours directly.
  const neighbours = words.map((w) => (w.length <= 5 ? oneEditVariants(w) : []));
  const probes = new Set<string>();
  for (const [i, w] of words.entries()) {
    probes.add(w);
    for (const v of neighbours[i]!) probes.add(v);
    const next = words[i + 1];
    if (next) probes.add(w + next);
    // A word written as two ("Blacksea" / "Black Sea"): both halves must be known words.
    for (let j = 2; j <= w.length - 2; j++) probes.add(w.slice(0, j)).add(w.slice(j));
  }
  const known = new Set(
    (
      await rows<{ token: string }>(
        db,
        sql`SELECT token FROM party_name_tokens WHERE token IN (SELECT jsonb_array_elements_text(${JSON.stringify([...probes])}::jsonb))`,
      )
    ).map((r) => r.token),
  );
  // Trigram neighbours (kept when within a few edits), and words with the same consonant skeleton (vowels are
  // where transliterations differ most: Trade / Treid).
  const skeletonWords = words.filter((w) => !isNumberWord(w) && skeleton(w).length >= 3);
  const similar = await rows<{ word: string; token: string; same_skeleton: boolean }>(
    db,
    sql`SELECT q.word, t.token, false AS same_skeleton FROM jsonb_array_elements_text(${JSON.stringify(words)}::jsonb) AS q(word)
          CROSS JOIN LATERAL (SELECT token FROM party_name_tokens WHERE token % q.word) t
        UNION ALL
        SELECT q.word, t.token, true FROM jsonb_array_elements_text(${JSON.stringify(skeletonWords)}::jsonb) AS q(word)
          CROSS JOIN LATERAL (SELECT token FROM party_name_tokens
                              WHERE regexp_replace(token, '[aeiou]+', '', 'g') = regexp_replace(q.word, '[aeiou]+', '', 'g')) t`,
  );
  return words.map((w, i) => {
    const group = new Set<string>([w]);
    for (const s of similar) {
      if (s.word === w && (s.same_skeleton || damerauLevenshtein(w, s.token) <= maxEdits(w.length))) group.add(s.token);
    }
    for (const v of neighbours[i]!) if (known.has(v)) group.add(v);
    const next = words[i + 1];
    const prev = words[i - 1];
    if (next && known.has(w + next)) group.add(w + next);
    if (prev && known.has(prev + w)) group.add(prev + w);
    for (let j = 2; j <= w.length - 2; j++) {
      if (known.has(w.slice(0, j)) && known.has(w.slice(j))) group.add(w.slice(0, j));
    }
    return [...group];
  });
}

const hasAny = (group: string[]): SQL => sql`p.name_tokens && (SELECT array_agg(x) FROM jsonb_array_elements_text(${JSON.stringify(group)}::jsonb) x)`;

/**
 * The GIN condition for parties that may carry this name, mirroring what the name matcher accepts:
 * - a spelling of every word that is not a number;
 * - numbers count only next to one or two such words ("Kaspiy Logistik 421" is not "Kaspiy Logistik 17", but
 *   "Silk Road Trade 17" and "Silk Road Trade 601" are the same company to the matcher), and then a party
 *   without any number also qualifies ("Kaspiy Logistik LLC");
 * - with three words or more, one of them may be missing when the party has fewer words (count token): a
 *   missing middle name.
 */
export function candidateCondition(words: string[], groups: string[][]): SQL {
  const strong = groups.filter((_, i) => !isNumberWord(words[i]!));
  const numbers = groups.filter((_, i) => isNumberWord(words[i]!));
  if (strong.length === 0) return sql`(${sql.join(numbers.map(hasAny), sql` AND `)})`;
  const numbersMatter = numbers.length > 0 && strong.length < 3;
  const numberCondition = numbersMatter ? sql` AND ((${sql.join(numbers.map(hasAny), sql` AND `)}) OR ${hasAny([NO_NUMBER])})` : sql``;
  const all = sql`(${sql.join(strong.map(hasAny), sql` AND `)}${numberCondition})`;
  if (strong.length < 3) return all;
  const fewer = Array.from({ length: strong.length - 1 }, (_, i) => countToken(i + 1));
  const oneMissing = strong.map((_, j) => sql`(${sql.join([...strong.filter((_, i) => i !== j).map(hasAny), hasAny(fewer)], sql` AND `)})`);
  return sql`(${all} OR ${sql.join(oneMissing, sql` OR `)})`;
}

export interface RetroHuntResult {
  entries: number;
  /** Parties the word index proposed, and consignments the matcher kept for re-assessment. */
  proposed: number;
  candidates: number;
  candidateIds: string[];
  /** Milliseconds spent finding candidates (index lookups + matcher) and re-assessing them. */
  timings: { findMs: number; assessMs: number };
  hits: { consignmentId: string; entryId: string; on: string; matchScore: number }[];
}

export async function retroHunt(db: Db, entryIds: string[], days: number, progress?: (p: Record<string, unknown>) => Promise<void>): Promise<RetroHuntResult> {
  const started = performance.now();
  const since = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const entries = await rows<{ id: string; names: string[]; imo_number: string | null; container_number: string | null; document_number: string | null }>(
    db,
    sql`SELECT id, names, imo_number, container_number, document_number FROM watchlist_entries WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(entryIds)}::jsonb)::uuid)`,
  );
  const candidates = new Set<string>();
  let proposed = 0;
  for (const [i, e] of entries.entries()) {
    for (const name of e.names) {
      const words = nameWords(searchKey(name));
      if (words.length === 0) continue;
      const groups = await wordGroups(db, words);
      const found = await rows<{ id: string; name: string }>(
        db,
        sql`SELECT c.id, p.name FROM consignment_parties p JOIN consignments c ON c.id = p.consignment_id
            WHERE ${candidateCondition(words, groups)} AND c.is_current AND (c.arrival_day IS NULL OR c.arrival_day >= ${since})`,
      );
      // The word index proposes; the name matcher decides which are worth re-assessing.
      for (const f of found) {
        if (!candidates.has(f.id) && compareNames(name, f.name).score >= DEFAULT_THRESHOLD) candidates.add(f.id);
      }
      proposed += found.length;
    }
    // Three index lookups (a NULL identifier finds nothing); an OR with EXISTS would scan every consignment.
    const exact = await rows<{ id: string }>(
      db,
      sql`SELECT c.id FROM consignments c WHERE c.is_current AND (c.arrival_day IS NULL OR c.arrival_day >= ${since}) AND c.id IN (
            SELECT id FROM consignments WHERE imo_number = ${e.imo_number}
            UNION SELECT id FROM consignments WHERE document_number = ${e.document_number}
            UNION SELECT consignment_id FROM equipment WHERE container_number = ${e.container_number})`,
    );
    for (const f of exact) candidates.add(f.id);
    await progress?.({ entriesDone: i + 1, entries: entries.length, candidates: candidates.size });
  }
  const ids = [...candidates];
  const found = performance.now();
  await assessConsignments(db, ids);
  const assessed = performance.now();
  const hits = ids.length
    ? await rows<{ consignment_id: string; entry_id: string; on: string; match_score: number }>(
        db,
        sql`SELECT a.consignment_id, r->>'entryId' AS entry_id, r->>'on' AS on, (r->>'matchScore')::float AS match_score
            FROM risk_assessments a, jsonb_array_elements(a.reasons) r
            WHERE a.consignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
              AND r->>'kind' = 'watchlist' AND r->>'entryId' IN (SELECT jsonb_array_elements_text(${JSON.stringify(entryIds)}::jsonb))`,
      )
    : [];
  return { entries: entries.length, proposed, candidates: ids.length, candidateIds: ids, timings: { findMs: found - started, assessMs: assessed - found }, hits: hits.map((h) => ({ consignmentId: h.consignment_id, entryId: h.entry_id, on: h.on, matchScore: h.match_score })) };
}
