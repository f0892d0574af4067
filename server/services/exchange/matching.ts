/**
 * Matching warnings to consignments. A sent, unexpired warning matches a consignment of a receiving country
 * by container number, B/L or AWB number, vessel IMO, or party name (the screening matcher, cross-script).
 * Used by scoring (every consignment assessed — including ones arriving after the warning) and, when a warning
 * is sent, to find the matching consignments already stored.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { rows, type Db, type DbOrTx, type Tx } from '../../db/client.ts';
import { warningMatches, warningRecipients, warnings, type WarningFacts } from '../../db/schema.ts';
import type { ConsignmentFacts } from '../../engine/rules/index.ts';
import { compareNames } from '../../engine/matching/index.ts';
import { searchKey } from '../intake/consignment-rows.ts';
import { dispatch } from '../delivery/dispatch.ts';

export interface ActiveWarning {
  id: string;
  subject: string;
  senderUnitId: string;
  senderCountry: string;
  distribution: string;
  requestedAction: string;
  tlp: string;
  facts: WarningFacts;
  recipients: { country: string; unitId: string | null }[];
  /** Distribution 'group': the group's member countries/units and its owning unit. */
  groupMembers: { country: string; unitId: string | null }[];
}

export interface WarningMatch {
  on: 'container' | 'document' | 'vessel' | 'party';
  value: string;
  score: number;
}

/** A partner's warning puts a matching consignment at the top of the queue: 99 dominates all but many hits together. */
export const WARNING_WEIGHT = 99;

export async function activeWarnings(db: DbOrTx): Promise<ActiveWarning[]> {
  const ws = await db.select().from(warnings).where(and(eq(warnings.state, 'sent'), gt(warnings.expiresAt, new Date())));
  if (!ws.length) return [];
  const recips = await db.select().from(warningRecipients).where(sql`${warningRecipients.warningId} IN (SELECT jsonb_array_elements_text(${JSON.stringify(ws.map((w) => w.id))}::jsonb)::uuid)`);
  const groupIds = [...new Set(ws.map((w) => w.groupId).filter((g): g is string => Boolean(g)))];
  const members = groupIds.length
    ? await rows<{ groupId: string; country: string; unitId: string | null }>(
        db,
        sql`SELECT group_id AS "groupId", country, unit_id AS "unitId" FROM sharing_group_members WHERE group_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(groupIds)}::jsonb)::uuid)
            UNION ALL SELECT id, owner_country, owner_unit_id FROM sharing_groups WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(groupIds)}::jsonb)::uuid)`,
      )
    : [];
  return ws.map((w) => ({
    id: w.id,
    subject: w.subject,
    senderUnitId: w.senderUnitId,
    senderCountry: w.senderCountry,
    distribution: w.distribution,
    requestedAction: w.requestedAction,
    tlp: w.tlp,
    facts: w.facts,
    recipients: recips.filter((r) => r.warningId === w.id).map((r) => ({ country: r.country, unitId: r.unitId })),
    groupMembers: members.filter((m) => m.groupId === w.groupId).map((m) => ({ country: m.country, unitId: m.unitId })),
  }));
}

/** Is a consignment of this unit/country on the receiving side of the warning? (The sender's own unit is not.) */
export function receives(w: ActiveWarning, c: { unitId: string; country: string }): boolean {
  if (c.unitId === w.senderUnitId) return false;
  switch (w.distribution) {
    case 'network':
      return true;
    case 'own_country':
      return c.country === w.senderCountry;
    case 'own_unit':
      return false;
    case 'named':
      return w.recipients.some((r) => r.country === c.country && (r.unitId === null || r.unitId === c.unitId));
    case 'group':
      return w.groupMembers.some((m) => m.country === c.country && (m.unitId === null || m.unitId === c.unitId));
    default:
      return false;
  }
}

export function matchFacts(w: ActiveWarning, f: ConsignmentFacts): WarningMatch[] {
  const out: WarningMatch[] = [];
  const containers = new Set(w.facts.containers.map((x) => x.toUpperCase()));
  for (const cn of f.container?.numbers ?? []) if (containers.has(cn.toUpperCase())) out.push({ on: 'container', value: cn, score: 1 });
  const docs = new Set(w.facts.documents.map((x) => x.toUpperCase().replace(/[\s-]/g, '')));
  if (f.document?.number && docs.has(f.document.number.toUpperCase())) out.push({ on: 'document', value: f.document.number, score: 1 });
  if (w.facts.vesselImo && f.vessel?.imo === w.facts.vesselImo) out.push({ on: 'vessel', value: `IMO ${w.facts.vesselImo}`, score: 1 });
  for (const p of w.facts.parties) {
    for (const name of [f.shipper?.name, f.consignee?.name, f.notify?.name]) {
      if (!name) continue;
      const r = compareNames(p.name, name);
      if (r.match) {
        out.push({ on: 'party', value: name, score: Math.round(r.score * 1000) / 1000 });
        break;
      }
    }
  }
  return out;
}

/** Consignments already stored that may match (exact identifiers, or similar party names), for re-assessment. */
export async function candidateConsignments(db: Db, w: ActiveWarning): Promise<string[]> {
  const keys = w.facts.parties.map((p) => searchKey(p.name)).filter((k) => k.length >= 3);
  const found = await rows<{ id: string }>(
    db,
    sql`SELECT c.id FROM consignments c WHERE c.is_current AND c.unit_id <> ${w.senderUnitId} AND (
          c.document_number IN (SELECT jsonb_array_elements_text(${JSON.stringify(w.facts.documents)}::jsonb))
       OR (${w.facts.vesselImo ?? null}::text IS NOT NULL AND c.imo_number = ${w.facts.vesselImo ?? null})
       OR EXISTS (SELECT 1 FROM equipment e WHERE e.consignment_id = c.id AND e.container_number IN (SELECT jsonb_array_elements_text(${JSON.stringify(w.facts.containers)}::jsonb)))
       OR EXISTS (SELECT 1 FROM consignment_parties p WHERE p.consignment_id = c.id AND p.name_key % ANY (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))))`,
  );
  return found.map((f) => f.id);
}

/** Stores matches (each once) and tells the receiving unit about every consignment newly matched by a warning. */
export async function recordMatches(tx: Tx, matched: (typeof warningMatches.$inferInsert)[]): Promise<void> {
  const fresh = await tx.insert(warningMatches).values(matched).onConflictDoNothing().returning({ warningId: warningMatches.warningId, consignmentId: warningMatches.consignmentId });
  const perPair = new Map<string, { warningId: string; consignmentId: string; n: number }>();
  for (const m of fresh) {
    const key = `${m.warningId}|${m.consignmentId}`;
    const p = perPair.get(key) ?? { ...m, n: 0 };
    p.n += 1;
    perPair.set(key, p);
  }
  for (const p of perPair.values()) {
    // A pair already matched on another field was notified then.
    const [all] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM warning_matches WHERE warning_id = ${p.warningId} AND consignment_id = ${p.consignmentId}`);
    if ((all?.n ?? 0) === p.n) await dispatch(tx, { kind: 'warning.matched', warningId: p.warningId, consignmentId: p.consignmentId });
  }
}
