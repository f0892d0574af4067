/**
 * Warnings between units: created (from a consignment's facts or by hand), approved by the unit head when an
 * officer wrote them (four eyes), sent, matched automatically against receiving countries' cargo, answered with
 * feedback. Every read of a warning is audited in the transaction that reads it; the sender sees who read,
 * answered and matched.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { escapeLike, rows, type Db } from '../../db/client.ts';
import { consignments, equipment, consignmentParties, units, warningFeedback, warningMatches, warningRecipients, warnings, warningAttachments, type Distribution, type Tlp, type WarningFacts, type WarningState } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canApprove, needsApproval, tlpProblem, visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';
import { assessConsignments } from '../risk/scoring.service.ts';
import { activeWarnings, candidateConsignments } from './matching.ts';
import { assertGroupMember } from './groups.service.ts';
import { factsFor, redactsFor } from './redaction.ts';
import { dispatch } from '../delivery/dispatch.ts';

export interface WarningInput {
  subject: string;
  facts?: Partial<WarningFacts>;
  consignmentId?: string;
  reasons: string;
  requestedAction: string;
  deadline?: string;
  tlp: Tlp;
  distribution: Distribution;
  recipients?: { country: string; unitId?: string | null }[];
  expiresInDays?: number;
  /** Distribution 'group': a sharing group the sender belongs to. */
  groupId?: string;
  /** Party names are shown only to the sender's country. */
  redactPersonal?: boolean;
}

/** Facts of a stored consignment the actor may see, to pre-fill a warning ("refer to partner"). */
export async function factsFromConsignment(db: Db, actor: Actor, consignmentId: string): Promise<WarningFacts> {
  const [c] = await db.select().from(consignments).where(and(eq(consignments.id, consignmentId), visibleConsignmentsWhere(actor)));
  if (!c) throw new AppError('UNKNOWN_REFERENCE', 'Unknown consignment', { field: 'consignmentId' });
  const eq_ = await db.select({ n: equipment.containerNumber }).from(equipment).where(eq(equipment.consignmentId, c.id));
  const ps = await db.select({ name: consignmentParties.name, role: consignmentParties.role, country: consignmentParties.country }).from(consignmentParties).where(eq(consignmentParties.consignmentId, c.id));
  return {
    containers: eq_.map((e) => e.n),
    documents: [c.documentNumber, ...(c.masterDocumentNumber ? [c.masterDocumentNumber] : [])],
    vesselImo: c.imoNumber ?? undefined,
    voyage: c.voyageNumber ?? undefined,
    parties: ps.map((p) => ({ name: p.name, role: p.role, country: p.country ?? undefined })),
    route: [c.placeOfLoading, ...c.transshipments, c.placeOfDischarge].filter((x): x is string => Boolean(x)),
  };
}

export async function createWarning(db: Db, actor: Actor, ctx: AuditContext, input: WarningInput) {
  if (!actor.unitId || !actor.country || actor.role === 'observer' || actor.role === 'network_admin') throw forbidden('warning.create');
  const base = input.consignmentId ? await factsFromConsignment(db, actor, input.consignmentId) : { containers: [], documents: [], parties: [] };
  const facts: WarningFacts = {
    ...base,
    ...input.facts,
    containers: [...new Set([...(base.containers ?? []), ...(input.facts?.containers ?? [])].map((x) => x.toUpperCase().replace(/[\s-]/g, '')))],
    documents: [...new Set([...(base.documents ?? []), ...(input.facts?.documents ?? [])].map((x) => x.toUpperCase().replace(/[\s-]/g, '')))],
    parties: [...(base.parties ?? []), ...(input.facts?.parties ?? [])],
  };
  if (!facts.containers.length && !facts.documents.length && !facts.vesselImo && !facts.parties.length) {
    throw new AppError('VALIDATION_FAILED', 'A warning needs at least a container, a document, a vessel or a party', { field: 'facts' });
  }
  const recipients = input.distribution === 'named' ? (input.recipients ?? []) : [];
  if (input.distribution === 'named' && recipients.length === 0) throw new AppError('VALIDATION_FAILED', 'Named distribution needs recipients', { field: 'recipients' });
  const groupId = input.distribution === 'group' ? await assertGroupMember(db, actor, input.groupId) : null;
  const problem = tlpProblem(input.tlp, input.distribution, recipients.filter((r) => r.unitId).length);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { field: 'tlp' });
  for (const r of recipients) {
    if (r.unitId) {
      const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, r.unitId));
      if (!u || u.country !== r.country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown recipient unit', { field: 'recipients' });
    }
  }
  const pending = needsApproval(actor);
  const now = new Date();
  const row = await db.transaction(async (tx) => {
    const [w] = await tx
      .insert(warnings)
      .values({
        senderUnitId: actor.unitId!,
        senderCountry: actor.country!,
        createdBy: actor.userId,
        state: pending ? 'pending_approval' : 'sent',
        subject: input.subject,
        facts,
        reasons: input.reasons,
        requestedAction: input.requestedAction,
        deadline: input.deadline ?? null,
        tlp: input.tlp,
        distribution: input.distribution,
        sourceConsignmentId: input.consignmentId ?? null,
        groupId,
        redactPersonal: input.redactPersonal ?? false,
        expiresAt: new Date(now.getTime() + (input.expiresInDays ?? 60) * 86_400_000),
        sentAt: pending ? null : now,
      })
      .returning();
    if (recipients.length) await tx.insert(warningRecipients).values(recipients.map((r) => ({ warningId: w!.id, country: r.country, unitId: r.unitId ?? null })));
    await dispatch(tx, { kind: w!.state === 'sent' ? 'warning.received' : 'warning.pending_approval', warningId: w!.id });
    // Last: the audit chain's lock is held from here to COMMIT (see audit.service.ts), so keep that stretch short.
    await record(tx, ctx, { type: 'warning.created', data: { warningId: w!.id, state: w!.state, tlp: w!.tlp, distribution: w!.distribution } }, { country: actor.country, entityType: 'warning', entityId: w!.id });
    return w!;
  });
  if (row.state === 'sent') await matchOnSend(db, row.id);
  return row;
}

/** Four eyes: a unit head (or the country's coordinator) releases an officer's warning. */
export async function approveWarning(db: Db, actor: Actor, ctx: AuditContext, id: string) {
  const [w] = await db.select().from(warnings).where(and(eq(warnings.id, id), sql`${visibleWarningsWhere(actor, 'warnings')}`));
  if (!w) throw notFound('Warning');
  if (!canApprove(actor, w)) throw forbidden('warning.approve');
  if (w.state !== 'pending_approval') throw new AppError('CONFLICT', `The warning is ${w.state}`, { field: 'state' });
  const row = await db.transaction(async (tx) => {
    const [u] = await tx.update(warnings).set({ state: 'sent', approvedBy: actor.userId, approvedAt: new Date(), sentAt: new Date() }).where(eq(warnings.id, id)).returning();
    await dispatch(tx, { kind: 'warning.received', warningId: id });
    await record(tx, ctx, { type: 'warning.approved', data: { warningId: id } }, { country: w.senderCountry, entityType: 'warning', entityId: id });
    return u!;
  });
  await matchOnSend(db, id);
  return row;
}

/** Matches a newly sent warning against the cargo already stored in receiving countries. */
export async function matchOnSend(db: Db, id: string): Promise<number> {
  const w = (await activeWarnings(db)).find((x) => x.id === id);
  if (!w) return 0;
  const ids = await candidateConsignments(db, w);
  await assessConsignments(db, ids);
  return ids.length;
}

export interface WarningListFilters {
  box: 'inbox' | 'outbox' | 'all';
  state?: WarningState;
  tlp?: Tlp;
  /** Sender country (ISO 3166 alpha-2). */
  country?: string;
  overdue?: boolean;
  /** Words in the subject. */
  q?: string;
  limit: number;
  offset: number;
}

/** Warnings the actor may see, newest first, filtered in SQL; `total` counts every visible match. */
export async function listWarnings(db: Db, actor: Actor, opts: WarningListFilters): Promise<{ data: Record<string, unknown>[]; total: number }> {
  const box =
    opts.box === 'outbox'
      ? sql`w.sender_country = ${actor.country ?? ''} AND (w.sender_unit_id = ${actor.unitId ?? '00000000-0000-0000-0000-000000000000'} OR ${actor.role === 'national_coordinator'})`
      : opts.box === 'inbox'
        ? sql`w.state = 'sent' AND w.sender_unit_id <> ${actor.unitId ?? '00000000-0000-0000-0000-000000000000'}`
        : sql`true`;
  const overdue = sql`(w.deadline IS NOT NULL AND w.deadline < to_char(now(), 'YYYY-MM-DD') AND NOT EXISTS (
             SELECT 1 FROM warning_feedback f WHERE f.warning_id = w.id AND f.country = ${actor.country ?? ''}))`;
  const filters = [
    opts.state ? sql`w.state = ${opts.state}` : sql`true`,
    opts.tlp ? sql`w.tlp = ${opts.tlp}` : sql`true`,
    opts.country ? sql`w.sender_country = ${opts.country}` : sql`true`,
    opts.overdue === undefined ? sql`true` : opts.overdue ? overdue : sql`NOT ${overdue}`,
    opts.q ? sql`w.subject ILIKE ${`%${escapeLike(opts.q)}%`}` : sql`true`,
  ];
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT w.id, w.subject, w.state, w.tlp, w.distribution, w.sender_country AS "senderCountry", w.deadline, w.sent_at AS "sentAt",
          w.created_at AS "createdAt", w.expires_at AS "expiresAt",
          w.feedback_count AS "feedbackCount",
          (SELECT count(*)::int FROM warning_matches m WHERE m.warning_id = w.id AND m.country = ${actor.country ?? ''}) AS "matchesHere",
          ${overdue} AS overdue, count(*) OVER ()::int AS "_total"
        FROM warnings w WHERE ${visibleWarningsWhere(actor)} AND ${box} AND ${sql.join(filters, sql` AND `)}
        ORDER BY w.created_at DESC LIMIT ${opts.limit} OFFSET ${opts.offset}`,
  );
  let total = (found[0]?._total as number | undefined) ?? 0;
  if (found.length === 0 && opts.offset > 0) {
    const [c] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM warnings w WHERE ${visibleWarningsWhere(actor)} AND ${box} AND ${sql.join(filters, sql` AND `)}`);
    total = c?.n ?? 0;
  }
  return { data: found.map(({ _total, ...r }) => r), total };
}

/** One warning; the read is audited with it. The sender side also sees feedback from all, matches and reads. */
export async function readWarning(db: Db, actor: Actor, ctx: AuditContext, id: string) {
  return db.transaction(async (tx) => {
    const [w] = await tx.select().from(warnings).where(and(eq(warnings.id, id), sql`${visibleWarningsWhere(actor, 'warnings')}`));
    if (!w) throw notFound('Warning');
    const senderSide = w.senderUnitId === actor.unitId || (actor.role === 'national_coordinator' && actor.country === w.senderCountry);
    const recipients = await tx.select().from(warningRecipients).where(eq(warningRecipients.warningId, id));
    const feedback = await tx
      .select()
      .from(warningFeedback)
      .where(and(eq(warningFeedback.warningId, id), senderSide ? undefined : eq(warningFeedback.country, actor.country ?? '')))
      .orderBy(desc(warningFeedback.createdAt));
    const matches = await tx
      .select({ consignmentId: warningMatches.consignmentId, country: warningMatches.country, matchedOn: warningMatches.matchedOn, value: warningMatches.value, createdAt: warningMatches.createdAt })
      .from(warningMatches)
      .where(and(eq(warningMatches.warningId, id), senderSide ? undefined : eq(warningMatches.country, actor.country ?? '')));
    const use = senderSide
      ? await rows<{ type: string; country: string | null; at: string; n: number }>(
          tx,
          sql`SELECT type, data->>'readerCountry' AS country, max(at)::text AS at, count(*)::int AS n FROM audit_log
              WHERE entity_type = 'warning' AND entity_id = ${id} AND type IN ('warning.read', 'warning.feedback', 'warning.forwarded', 'warning.attachment_read')
              GROUP BY 1, 2 ORDER BY 3 DESC`,
        )
      : [];
    const attachments = await tx
      .select({ id: warningAttachments.id, filename: warningAttachments.filename, contentType: warningAttachments.contentType, size: warningAttachments.size, sha256: warningAttachments.sha256, createdAt: warningAttachments.createdAt })
      .from(warningAttachments)
      .where(eq(warningAttachments.warningId, id))
      .orderBy(warningAttachments.createdAt);
    // The read is audited last: the audit chain's lock is held from here to COMMIT.
    await record(tx, ctx, { type: 'warning.read', data: { warningId: id, readerCountry: actor.country } }, { country: w.senderCountry, entityType: 'warning', entityId: id });
    return {
      // Redaction is applied here, where the response is built: other countries never receive the names.
      warning: { ...w, facts: factsFor(actor, w), redacted: redactsFor(actor, w) },
      recipients,
      attachments,
      feedback,
      // Matches in other countries are shown to the sender without the consignment id (not theirs to open).
      matches: matches.map((m) => (m.country === actor.country ? m : { ...m, consignmentId: null })),
      use,
      can: {
        approve: canApprove(actor, w) && w.state === 'pending_approval',
        feedback: !senderSide && w.state === 'sent',
        forward: w.state === 'sent' && Boolean(actor.unitId) && w.tlp !== 'RED' && w.tlp !== 'AMBER+STRICT',
        attach: w.senderUnitId === actor.unitId,
      },
    };
  });
}

export async function addFeedback(
  db: Db,
  actor: Actor,
  ctx: AuditContext,
  id: string,
  input: { status: 'acknowledged' | 'actioned'; action?: 'xray' | 'physical' | 'documentary' | 'none'; result?: 'pending' | 'no_find' | 'irregularity' | 'seizure'; notes?: string },
) {
  return db.transaction(async (tx) => {
    const [w] = await tx
      .select({ state: warnings.state, senderUnitId: warnings.senderUnitId, senderCountry: warnings.senderCountry })
      .from(warnings)
      .where(and(eq(warnings.id, id), sql`${visibleWarningsWhere(actor, 'warnings')}`));
    if (!w) throw notFound('Warning');
    // Visibility first: a record the caller cannot see answers 404 whoever asks.
    if (!actor.unitId || !actor.country) throw forbidden('warning.feedback');
    if (w.state !== 'sent' || w.senderUnitId === actor.unitId) throw forbidden('warning.feedback');
    if (input.action === 'none' && !input.notes) throw new AppError('VALIDATION_FAILED', 'Say why no action was taken', { field: 'notes' });
    const [f] = await tx
      .insert(warningFeedback)
      .values({ warningId: id, unitId: actor.unitId!, country: actor.country!, status: input.status, action: input.action ?? null, result: input.result ?? 'pending', notes: input.notes ?? null, createdBy: actor.userId })
      .returning();
    await dispatch(tx, { kind: 'warning.feedback', warningId: id, feedbackUnitId: actor.unitId!, authorId: actor.userId });
    await record(tx, ctx, { type: 'warning.feedback', data: { warningId: id, readerCountry: actor.country, status: input.status, result: input.result ?? 'pending' } }, { country: w.senderCountry, entityType: 'warning', entityId: id });
    return f!;
  });
}
