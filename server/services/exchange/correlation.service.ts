/**
 * Correlation panel of a consignment or a warning: the same container number, transport document, vessel IMO
 * or party (the screening matcher, as warning matching uses it) elsewhere in the network's records.
 *  - Records the actor may see (their country's consignments, visible warnings) are listed with links.
 *  - Records the actor may not see give only a hint `{ kind, holderCountry, value }` — value is the actor's
 *    own value that matched — so they can send the holder a request (POST /requests with `hint`) without
 *    learning anything more: no ids, no counts, no other details.
 * Whether a record is visible is computed inside the SQL by the same policies every read uses.
 */
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { consignmentParties, consignments, equipment, warnings, type WarningFacts } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import { compareNames } from '../../engine/matching/index.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { searchKey } from '../intake/consignment-rows.ts';
import { factsFor, REDACTED, redactsFor } from './redaction.ts';
import type { HintKind } from './requests.service.ts';

export interface CorrelatedRecord {
  type: 'consignment' | 'warning';
  id: string;
  label: string;
  country: string;
  on: HintKind;
  value: string;
}

export interface CorrelationHint {
  kind: HintKind;
  holderCountry: string;
  value: string;
}

interface SourceValues {
  containers: string[];
  documents: string[];
  vesselImo: string | null;
  parties: string[];
  excludeConsignment: string | null;
  excludeWarningRoot: string | null;
}

/** Listed records per kind are capped: a vessel carries hundreds of consignments. */
const MAX_PER_KIND = 50;

const norm = (x: string) => x.toUpperCase().replace(/[\s-]/g, '');

async function fromConsignment(db: Db, actor: Actor, id: string): Promise<SourceValues> {
  const [c] = await db.select().from(consignments).where(and(eq(consignments.id, id), visibleConsignmentsWhere(actor)));
  if (!c) throw notFound('Consignment');
  const eqs = await db.select({ n: equipment.containerNumber }).from(equipment).where(eq(equipment.consignmentId, id));
  const ps = await db.select({ name: consignmentParties.name }).from(consignmentParties).where(eq(consignmentParties.consignmentId, id));
  return {
    containers: [...new Set(eqs.map((e) => norm(e.n)))],
    documents: [...new Set([c.documentNumber, c.masterDocumentNumber].filter((x): x is string => Boolean(x)).map(norm))],
    vesselImo: c.imoNumber,
    parties: [...new Set(ps.map((p) => p.name))],
    excludeConsignment: c.id,
    excludeWarningRoot: null,
  };
}

async function fromWarning(db: Db, actor: Actor, id: string): Promise<SourceValues> {
  const [w] = await db.select().from(warnings).where(and(eq(warnings.id, id), sql`${visibleWarningsWhere(actor, 'warnings')}`));
  if (!w) throw notFound('Warning');
  const facts = factsFor(actor, w);
  return {
    containers: facts.containers.map(norm),
    documents: facts.documents.map(norm),
    vesselImo: facts.vesselImo ?? null,
    parties: facts.parties.map((p) => p.name).filter((n) => n !== REDACTED),
    excludeConsignment: null,
    excludeWarningRoot: w.forwardedFrom ?? w.id,
  };
}

export async function correlate(db: Db, actor: Actor, q: { consignmentId?: string; warningId?: string }) {
  const src = q.consignmentId ? await fromConsignment(db, actor, q.consignmentId) : await fromWarning(db, actor, q.warningId!);
  const items: CorrelatedRecord[] = [];
  const hints = new Map<string, CorrelationHint>();
  const perKind = new Map<string, number>();
  const add = (visible: boolean, rec: CorrelatedRecord) => {
    if (!visible) {
      hints.set(`${rec.on}/${rec.country}/${rec.value}`, { kind: rec.on, holderCountry: rec.country, value: rec.value });
      return;
    }
    const k = `${rec.type}/${rec.on}`;
    if ((perKind.get(k) ?? 0) >= MAX_PER_KIND || items.some((i) => i.type === rec.type && i.id === rec.id && i.on === rec.on)) return;
    perKind.set(k, (perKind.get(k) ?? 0) + 1);
    items.push(rec);
  };

  // ---- consignments (current versions), visibility from the consignment policy inside the query
  const visibleC = visibleConsignmentsWhere(actor);
  const notSrc = src.excludeConsignment ? sql`consignments.id <> ${src.excludeConsignment}` : sql`true`;
  type CRow = { id: string; country: string; documentNumber: string; value: string; visible: boolean };
  const cols = sql`consignments.id, consignments.country, consignments.document_number AS "documentNumber", (${visibleC}) AS visible`;
  if (src.containers.length) {
    for (const r of await rows<CRow>(
      db,
      sql`SELECT DISTINCT ${cols}, e.container_number AS value FROM equipment e JOIN consignments ON consignments.id = e.consignment_id
          WHERE consignments.is_current AND ${notSrc} AND e.container_number IN (SELECT jsonb_array_elements_text(${JSON.stringify(src.containers)}::jsonb)) LIMIT 1000`,
    )) {
      add(r.visible, { type: 'consignment', id: r.id, label: r.documentNumber, country: r.country, on: 'container', value: r.value });
    }
  }
  if (src.documents.length) {
    for (const r of await rows<CRow & { master: string | null }>(
      db,
      sql`SELECT ${cols}, consignments.document_number AS value, consignments.master_document_number AS master FROM consignments
          WHERE consignments.is_current AND ${notSrc} AND (consignments.document_number IN (SELECT jsonb_array_elements_text(${JSON.stringify(src.documents)}::jsonb))
            OR consignments.master_document_number IN (SELECT jsonb_array_elements_text(${JSON.stringify(src.documents)}::jsonb))) LIMIT 1000`,
    )) {
      const value = src.documents.includes(r.value) ? r.value : (r.master ?? r.value);
      add(r.visible, { type: 'consignment', id: r.id, label: r.documentNumber, country: r.country, on: 'document', value });
    }
  }
  if (src.vesselImo) {
    for (const r of await rows<CRow>(
      db,
      sql`SELECT ${cols}, consignments.imo_number AS value FROM consignments WHERE consignments.is_current AND ${notSrc} AND consignments.imo_number = ${src.vesselImo}
          ORDER BY (${visibleC}) DESC, consignments.arrival_day DESC NULLS LAST LIMIT 1000`,
    )) {
      add(r.visible, { type: 'consignment', id: r.id, label: r.documentNumber, country: r.country, on: 'vessel', value: `IMO ${r.value}` });
    }
  }
  const keys = src.parties.map((p) => searchKey(p)).filter((k) => k.length >= 3);
  if (keys.length) {
    for (const r of await rows<CRow>(
      db,
      sql`SELECT ${cols}, p.name AS value FROM consignment_parties p JOIN consignments ON consignments.id = p.consignment_id
          WHERE consignments.is_current AND ${notSrc} AND p.name_key % ANY (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)) LIMIT 2000`,
    )) {
      const own = src.parties.find((name) => compareNames(name, r.value).match);
      if (!own) continue;
      // A hidden record's party is reported by the actor's own spelling, never by the holder's.
      add(r.visible, { type: 'consignment', id: r.id, label: r.documentNumber, country: r.country, on: 'party', value: r.visible ? r.value : own });
    }
  }

  // ---- warnings (not withdrawn), visibility from the warning policy inside the query
  const notRoot = src.excludeWarningRoot ? sql`w.id <> ${src.excludeWarningRoot} AND (w.forwarded_from IS NULL OR w.forwarded_from <> ${src.excludeWarningRoot})` : sql`true`;
  const ws = await rows<{ id: string; subject: string; senderCountry: string; facts: WarningFacts; redactPersonal: boolean; visible: boolean }>(
    db,
    sql`SELECT w.id, w.subject, w.sender_country AS "senderCountry", w.facts, w.redact_personal AS "redactPersonal", (${visibleWarningsWhere(actor)}) AS visible
        FROM warnings w WHERE w.state <> 'withdrawn' AND ${notRoot} AND (
             (w.facts->'containers') ?| ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(src.containers)}::jsonb))
          OR (w.facts->'documents') ?| ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(src.documents)}::jsonb))
          OR (${src.vesselImo}::text IS NOT NULL AND w.facts->>'vesselImo' = ${src.vesselImo})
          OR (${src.parties.length > 0} AND jsonb_array_length(w.facts->'parties') > 0))
        ORDER BY w.created_at DESC LIMIT 2000`,
  );
  for (const w of ws) {
    const base = { type: 'warning' as const, id: w.id, label: w.subject, country: w.senderCountry };
    for (const c of src.containers) if (w.facts.containers.includes(c)) add(w.visible, { ...base, on: 'container', value: c });
    for (const d of src.documents) if (w.facts.documents.includes(d)) add(w.visible, { ...base, on: 'document', value: d });
    if (src.vesselImo && w.facts.vesselImo === src.vesselImo) add(w.visible, { ...base, on: 'vessel', value: `IMO ${src.vesselImo}` });
    for (const name of src.parties) {
      if (!w.facts.parties.some((p) => compareNames(name, p.name).match)) continue;
      // Names withheld from this reader by redaction only ever produce a hint.
      add(w.visible && !redactsFor(actor, w), { ...base, on: 'party', value: name });
      break;
    }
  }
  return {
    source: q.consignmentId ? { type: 'consignment' as const, id: q.consignmentId } : { type: 'warning' as const, id: q.warningId! },
    items,
    hints: [...hints.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.holderCountry.localeCompare(b.holderCountry) || a.value.localeCompare(b.value)),
  };
}
