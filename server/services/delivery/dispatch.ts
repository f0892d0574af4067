/**
 * dispatch(tx, event): the one entry point the exchange services call inside their transaction.
 * It decides the audience (see audience.ts), stores one notification per user (a title without sensitive
 * contents, a link, a due date), queues e-mail and webhook deliveries as jobs, and NOTIFYs the live streams —
 * all in the caller's transaction, so a rolled-back change notifies nobody and a committed one reaches every
 * server process (NOTIFY is delivered on commit; see hub.ts).
 *
 *   await dispatch(tx, { kind: 'warning.received', warningId: w.id });
 */
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { rows, type Tx } from '../../db/client.ts';
import { consignments, informationRequests, jobs, notifications, units, users, warnings } from '../../db/schema.ts';
import { loadConfig } from '../../config.ts';
import { candidates, usersSeeingRequest, usersSeeingWarning } from './audience.ts';
import { NOTIFY_CHANNEL, type DeliveryEvent, type NotificationKind } from './kinds.ts';

export const EMAIL_JOB = 'delivery.email';
export const WEBHOOK_JOB = 'delivery.webhook';
export const WEBHOOK_MAX_ATTEMPTS = 6;

interface Plan {
  kind: NotificationKind;
  userIds: string[];
  title: string;
  link: string;
  refType: 'warning' | 'request';
  refId: string;
  dueAt: Date | null;
}

const dueOf = (day: string | null): Date | null => (day ? new Date(`${day}T23:59:59Z`) : null);
const duePart = (day: string | null) => (day ? `, due ${day}` : '');

async function unitCode(tx: Tx, id: string | null): Promise<string> {
  if (!id) return '?';
  const [u] = await tx.select({ code: units.code }).from(units).where(eq(units.id, id));
  return u?.code ?? '?';
}

async function planFor(tx: Tx, event: DeliveryEvent): Promise<Plan | null> {
  switch (event.kind) {
    case 'warning.pending_approval':
    case 'warning.received':
    case 'warning.feedback':
    case 'warning.matched': {
      const [w] = await tx.select().from(warnings).where(eq(warnings.id, event.warningId));
      if (!w) return null;
      const sender = await unitCode(tx, w.senderUnitId);
      const base = { kind: event.kind, link: `/warnings/${w.id}`, refType: 'warning' as const, refId: w.id };
      if (event.kind === 'warning.pending_approval') {
        let people = await candidates(tx, sql`u.role = 'unit_head' AND u.unit_id = ${w.senderUnitId} AND u.id <> ${w.createdBy}`);
        if (!people.length) people = await candidates(tx, sql`u.role = 'national_coordinator' AND u.country = ${w.senderCountry} AND u.id <> ${w.createdBy}`);
        return { ...base, userIds: await usersSeeingWarning(tx, w.id, people), title: `Warning from ${sender} awaits your approval, TLP:${w.tlp}`, dueAt: null };
      }
      if (event.kind === 'warning.received') {
        // The sending side (its unit, its country's coordinator) is not a receiver.
        const people = await candidates(tx, sql`u.unit_id IS DISTINCT FROM ${w.senderUnitId} AND NOT (u.role = 'national_coordinator' AND u.country = ${w.senderCountry})`);
        return { ...base, userIds: await usersSeeingWarning(tx, w.id, people), title: `New warning from ${sender}, TLP:${w.tlp}${duePart(w.deadline)}`, dueAt: dueOf(w.deadline) };
      }
      if (event.kind === 'warning.feedback') {
        const from = await unitCode(tx, event.feedbackUnitId);
        const people = await candidates(tx, sql`(u.unit_id = ${w.senderUnitId} OR (u.role = 'national_coordinator' AND u.country = ${w.senderCountry})) AND u.id <> ${event.authorId}`);
        return { ...base, userIds: await usersSeeingWarning(tx, w.id, people), title: `Feedback from ${from} on a warning of ${sender}`, dueAt: null };
      }
      const [c] = await tx.select({ unitId: consignments.unitId }).from(consignments).where(eq(consignments.id, event.consignmentId));
      if (!c) return null;
      const people = await candidates(tx, sql`u.unit_id = ${c.unitId}`);
      return {
        ...base,
        link: `/cargo/consignments/${event.consignmentId}`,
        userIds: await usersSeeingWarning(tx, w.id, people),
        title: `Warning from ${sender} matched a consignment of your unit, TLP:${w.tlp}${duePart(w.deadline)}`,
        dueAt: dueOf(w.deadline),
      };
    }
    case 'request.received':
    case 'request.replied': {
      const [r] = await tx.select().from(informationRequests).where(eq(informationRequests.id, event.requestId));
      if (!r) return null;
      const base = { kind: event.kind, link: `/requests/${r.id}`, refType: 'request' as const, refId: r.id };
      if (event.kind === 'request.received') {
        const sender = await unitCode(tx, r.senderUnitId);
        const people = await candidates(tx, sql`u.country = ${r.recipientCountry} AND u.unit_id IS DISTINCT FROM ${r.senderUnitId}`);
        return { ...base, userIds: await usersSeeingRequest(tx, r.id, people), title: `Request for information from ${sender}, TLP:${r.tlp}${duePart(r.deadline)}`, dueAt: dueOf(r.deadline) };
      }
      const from = await unitCode(tx, event.replyUnitId);
      const people = await candidates(tx, sql`u.country IN (${r.senderCountry}, ${r.recipientCountry}) AND u.unit_id IS DISTINCT FROM ${event.replyUnitId} AND u.id <> ${event.authorId}`);
      return { ...base, userIds: await usersSeeingRequest(tx, r.id, people), title: `Reply from ${from} to a request for information`, dueAt: null };
    }
  }
}

/** Stores the notifications, queues e-mail and webhooks and signals live streams; returns the notification count. */
export async function dispatch(tx: Tx, event: DeliveryEvent): Promise<number> {
  const plan = await planFor(tx, event);
  if (!plan || plan.userIds.length === 0) return 0;
  const created = await tx
    .insert(notifications)
    .values(plan.userIds.map((userId) => ({ userId, kind: plan.kind, title: plan.title, link: plan.link, refType: plan.refType, refId: plan.refId, dueAt: plan.dueAt })))
    .returning({ id: notifications.id, userId: notifications.userId });
  const ids = created.map((n) => n.id);
  // NOTIFY payloads are limited to 8000 bytes: 500 numeric ids fit comfortably.
  for (let i = 0; i < ids.length; i += 500) {
    await tx.execute(sql`SELECT pg_notify(${NOTIFY_CHANNEL}, ${JSON.stringify({ ids: ids.slice(i, i + 500) })})`);
  }
  const config = loadConfig();
  if (config.smtpUrl) {
    const withMail = await tx.select({ id: users.id }).from(users).where(and(inArray(users.id, plan.userIds), isNotNull(users.email)));
    const mailTo = new Set(withMail.map((u) => u.id));
    const mails = created.filter((n) => mailTo.has(n.userId));
    if (mails.length) {
      await tx
        .insert(jobs)
        .values(mails.map((n) => ({ name: EMAIL_JOB, payload: { notificationId: n.id }, dedupeKey: `${EMAIL_JOB}:${n.id}`, maxAttempts: 5 })))
        .onConflictDoNothing();
    }
  }
  await queueWebhooks(tx, plan, config.publicUrl);
  return created.length;
}

/**
 * A webhook of country X (optionally one unit) receives the event when it subscribed to the kind and at least
 * one notified user is in its country (and unit): national systems learn what their own people were told.
 * The payload carries ids and links, never contents.
 */
async function queueWebhooks(tx: Tx, plan: Plan, publicUrl: string): Promise<void> {
  const hooks = await rows<{ id: string }>(
    tx,
    sql`SELECT h.id FROM webhooks h WHERE h.active AND h.events ? ${plan.kind} AND EXISTS (
          SELECT 1 FROM users u WHERE u.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(plan.userIds)}::jsonb)::uuid)
          AND u.country = h.country AND (h.unit_id IS NULL OR h.unit_id = u.unit_id))`,
  );
  if (!hooks.length) return;
  const payload = { event: plan.kind, id: plan.refId, occurredAt: new Date().toISOString(), link: `${publicUrl}${plan.link}` };
  const deliveries = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO webhook_deliveries (webhook_id, event, payload, state)
        SELECT x::uuid, ${plan.kind}, ${JSON.stringify(payload)}::jsonb, 'pending' FROM jsonb_array_elements_text(${JSON.stringify(hooks.map((h) => h.id))}::jsonb) x
        RETURNING id`,
  );
  await tx.insert(jobs).values(deliveries.map((d) => ({ name: WEBHOOK_JOB, payload: { deliveryId: d.id }, dedupeKey: `${WEBHOOK_JOB}:${d.id}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS })));
}
