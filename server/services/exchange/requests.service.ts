/**
 * Requests for information between units: a question to another country (any of its units) or to one unit,
 * optionally linked to a warning, to one of the sender's consignments, or to a correlation hint ("another
 * country holds related information"). Replies form a thread; the receiving side's reply marks the request
 * answered; the sender closes it. Visibility is SQL (policies/request.policy.ts); reads are audited.
 */
import { and, eq, sql } from 'drizzle-orm';
import { escapeLike, rows, type Db } from '../../db/client.ts';
import { consignments, informationRequests, requestReplies, warnings, type RequestState, type Tlp } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canWriteRequests, isRequestSender, visibleRequestsWhere } from '../../policies/request.policy.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';
import { checkRecipients } from './forward.service.ts';
import { dispatch } from '../delivery/dispatch.ts';

export const HINT_KINDS = ['container', 'document', 'vessel', 'party'] as const;
export type HintKind = (typeof HINT_KINDS)[number];

export interface RequestInput {
  recipientCountry: string;
  recipientUnitId?: string | null;
  subject: string;
  body: string;
  tlp: Tlp;
  warningId?: string;
  consignmentId?: string;
  hint?: { kind: HintKind; value: string };
  deadline?: string;
}

export async function createRequest(db: Db, actor: Actor, ctx: AuditContext, input: RequestInput) {
  if (!canWriteRequests(actor)) throw forbidden('request.create');
  if (input.recipientCountry === actor.country && (!input.recipientUnitId || input.recipientUnitId === actor.unitId)) {
    throw new AppError('VALIDATION_FAILED', 'Send the request to another unit or country', { field: 'recipientUnitId' });
  }
  await checkRecipients(db, [{ country: input.recipientCountry, unitId: input.recipientUnitId ?? null }], 'recipient');
  if (input.tlp === 'RED' && !input.recipientUnitId) throw new AppError('VALIDATION_FAILED', 'TLP:RED goes to a named unit only', { field: 'tlp' });
  if (input.warningId) {
    const [w] = await db.select({ id: warnings.id }).from(warnings).where(and(eq(warnings.id, input.warningId), sql`${visibleWarningsWhere(actor, 'warnings')}`));
    if (!w) throw new AppError('UNKNOWN_REFERENCE', 'Unknown warning', { field: 'warningId' });
  }
  if (input.consignmentId) {
    const [c] = await db.select({ id: consignments.id }).from(consignments).where(and(eq(consignments.id, input.consignmentId), visibleConsignmentsWhere(actor)));
    if (!c) throw new AppError('UNKNOWN_REFERENCE', 'Unknown consignment', { field: 'consignmentId' });
  }
  return db.transaction(async (tx) => {
    const [r] = await tx
      .insert(informationRequests)
      .values({
        senderUnitId: actor.unitId!,
        senderCountry: actor.country!,
        createdBy: actor.userId,
        recipientCountry: input.recipientCountry,
        recipientUnitId: input.recipientUnitId ?? null,
        subject: input.subject,
        body: input.body,
        tlp: input.tlp,
        state: 'open',
        warningId: input.warningId ?? null,
        consignmentId: input.consignmentId ?? null,
        hintKind: input.hint?.kind ?? null,
        hintValue: input.hint?.value ?? null,
        deadline: input.deadline ?? null,
      })
      .returning();
    await record(
      tx,
      ctx,
      { type: 'request.created', data: { requestId: r!.id, recipientCountry: r!.recipientCountry, recipientUnitId: r!.recipientUnitId, tlp: r!.tlp, hintKind: r!.hintKind } },
      { country: actor.country, entityType: 'information_request', entityId: r!.id },
    );
    await dispatch(tx, { kind: 'request.received', requestId: r!.id });
    return r!;
  });
}

export interface RequestFilter {
  box: 'inbox' | 'outbox' | 'all';
  state?: RequestState;
  q?: string;
  warningId?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
}

export async function listRequests(db: Db, actor: Actor, f: RequestFilter) {
  const unit = actor.unitId ?? '00000000-0000-0000-0000-000000000000';
  const coordinator = actor.role === 'national_coordinator';
  const outbox = sql`(r.sender_unit_id = ${unit} OR (${coordinator} AND r.sender_country = ${actor.country ?? ''}))`;
  const conds = [visibleRequestsWhere(actor)];
  if (f.box === 'outbox') conds.push(outbox);
  if (f.box === 'inbox') conds.push(sql`NOT ${outbox}`);
  if (f.state) conds.push(sql`r.state = ${f.state}`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(sql`(r.subject ILIKE ${like} OR r.body ILIKE ${like})`);
  }
  if (f.warningId) conds.push(sql`r.warning_id = ${f.warningId}`);
  if (f.overdue) conds.push(sql`r.state = 'open' AND r.deadline IS NOT NULL AND r.deadline < to_char(now(), 'YYYY-MM-DD')`);
  const where = sql.join(conds, sql` AND `);
  const data = await rows<Record<string, unknown>>(
    db,
    sql`SELECT r.id, r.subject, r.state, r.tlp, r.sender_country AS "senderCountry", r.sender_unit_id AS "senderUnitId", su.code AS "senderUnitCode",
          r.recipient_country AS "recipientCountry", r.recipient_unit_id AS "recipientUnitId", ru.code AS "recipientUnitCode",
          r.deadline, r.warning_id AS "warningId", r.hint_kind AS "hintKind", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
          (SELECT count(*)::int FROM request_replies x WHERE x.request_id = r.id) AS "replyCount",
          (r.state = 'open' AND r.deadline IS NOT NULL AND r.deadline < to_char(now(), 'YYYY-MM-DD')) AS overdue,
          ${outbox} AS outgoing
        FROM information_requests r JOIN units su ON su.id = r.sender_unit_id LEFT JOIN units ru ON ru.id = r.recipient_unit_id
        WHERE ${where} ORDER BY r.updated_at DESC, r.id LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
  const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM information_requests r WHERE ${where}`);
  return { data, total: count?.n ?? 0 };
}

async function loadVisible(db: Db, actor: Actor, id: string) {
  const [r] = await db.select().from(informationRequests).where(and(eq(informationRequests.id, id), sql`${visibleRequestsWhere(actor, 'information_requests')}`));
  if (!r) throw notFound('Request');
  return r;
}

/** One request with its replies; the read is audited in the same transaction. */
export async function readRequest(db: Db, actor: Actor, ctx: AuditContext, id: string) {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(informationRequests).where(and(eq(informationRequests.id, id), sql`${visibleRequestsWhere(actor, 'information_requests')}`));
    if (!r) throw notFound('Request');
    await record(tx, ctx, { type: 'request.read', data: { requestId: id, readerCountry: actor.country } }, { country: r.senderCountry, entityType: 'information_request', entityId: id });
    const replies = await rows<Record<string, unknown>>(
      tx,
      sql`SELECT x.id, x.unit_id AS "unitId", u.code AS "unitCode", x.country, x.body, x.created_at AS "createdAt"
          FROM request_replies x JOIN units u ON u.id = x.unit_id WHERE x.request_id = ${id} ORDER BY x.created_at, x.id`,
    );
    const sender = isRequestSender(actor, r);
    return {
      request: r,
      replies,
      can: { reply: r.state !== 'closed' && canWriteRequests(actor), close: r.state !== 'closed' && sender && canWriteRequests(actor) },
    };
  });
}

export async function replyToRequest(db: Db, actor: Actor, ctx: AuditContext, id: string, input: { body: string }) {
  const r = await loadVisible(db, actor, id);
  if (!canWriteRequests(actor)) throw forbidden('request.reply');
  if (r.state === 'closed') throw new AppError('CONFLICT', 'The request is closed', { field: 'state' });
  const fromRecipient = !isRequestSender(actor, r);
  return db.transaction(async (tx) => {
    const [x] = await tx.insert(requestReplies).values({ requestId: id, unitId: actor.unitId!, country: actor.country!, body: input.body, createdBy: actor.userId }).returning();
    await tx
      .update(informationRequests)
      .set({ updatedAt: new Date(), ...(fromRecipient ? { state: 'answered' as const } : {}) })
      .where(eq(informationRequests.id, id));
    await record(tx, ctx, { type: 'request.replied', data: { requestId: id, replyId: x!.id, readerCountry: actor.country } }, { country: r.senderCountry, entityType: 'information_request', entityId: id });
    await dispatch(tx, { kind: 'request.replied', requestId: id, replyUnitId: actor.unitId!, authorId: actor.userId });
    return x!;
  });
}

export async function closeRequest(db: Db, actor: Actor, ctx: AuditContext, id: string) {
  const r = await loadVisible(db, actor, id);
  if (!isRequestSender(actor, r) || !canWriteRequests(actor)) throw forbidden('request.close');
  if (r.state === 'closed') throw new AppError('CONFLICT', 'The request is already closed', { field: 'state' });
  return db.transaction(async (tx) => {
    const [u] = await tx.update(informationRequests).set({ state: 'closed', updatedAt: new Date() }).where(eq(informationRequests.id, id)).returning();
    await record(tx, ctx, { type: 'request.closed', data: { requestId: id } }, { country: r.senderCountry, entityType: 'information_request', entityId: id });
    return u!;
  });
}

