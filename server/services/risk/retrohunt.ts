/**
 * Retro-hunt: when watchlist entries are added, find the recent consignments they concern. Candidates come
 * from the database (pg_trgm similarity on folded party names, exact IMO/container/document), then those
 * consignments are re-assessed so the precise matcher decides and the hits show in the queue.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { searchKey } from '../intake/consignment-rows.ts';
import { assessConsignments } from './scoring.service.ts';
import { compareNames, DEFAULT_THRESHOLD } from '../../engine/matching/index.ts';

export interface RetroHuntResult {
  entries: number;
  /** Parties the trigram index proposed, and consignments the matcher kept for re-assessment. */
  trigramCandidates: number;
  candidates: number;
  hits: { consignmentId: string; entryId: string; on: string; matchScore: number }[];
}

export async function retroHunt(db: Db, entryIds: string[], days: number, progress?: (p: Record<string, unknown>) => Promise<void>): Promise<RetroHuntResult> {
  const since = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  const entries = await rows<{ id: string; names: string[]; imo_number: string | null; container_number: string | null; document_number: string | null }>(
    db,
    sql`SELECT id, names, imo_number, container_number, document_number FROM watchlist_entries WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(entryIds)}::jsonb)::uuid)`,
  );
  const candidates = new Set<string>();
  let trigramCandidates = 0;
  for (const [i, e] of entries.entries()) {
    for (const name of e.names) {
      const key = searchKey(name);
      if (key.length < 3) continue;
      const found = await rows<{ id: string; name: string }>(
        db,
        sql`SELECT c.id, p.name FROM consignment_parties p JOIN consignments c ON c.id = p.consignment_id
            WHERE p.name_key % ${key} AND c.is_current AND (c.arrival_day IS NULL OR c.arrival_day >= ${since})`,
      );
      // Trigram similarity casts a wide net; the name matcher decides which are worth re-assessing.
      for (const f of found) {
        if (!candidates.has(f.id) && compareNames(name, f.name).score >= DEFAULT_THRESHOLD) candidates.add(f.id);
      }
      trigramCandidates += found.length;
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
  await assessConsignments(db, ids);
  const hits = ids.length
    ? await rows<{ consignment_id: string; entry_id: string; on: string; match_score: number }>(
        db,
        sql`SELECT a.consignment_id, r->>'entryId' AS entry_id, r->>'on' AS on, (r->>'matchScore')::float AS match_score
            FROM risk_assessments a, jsonb_array_elements(a.reasons) r
            WHERE a.consignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
              AND r->>'kind' = 'watchlist' AND r->>'entryId' IN (SELECT jsonb_array_elements_text(${JSON.stringify(entryIds)}::jsonb))`,
      )
    : [];
  return { entries: entries.length, trigramCandidates, candidates: ids.length, hits: hits.map((h) => ({ consignmentId: h.consignment_id, entryId: h.entry_id, on: h.on, matchScore: h.match_score })) };
}
