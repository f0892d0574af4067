/**
 * dispatch(tx, event): the one entry point the exchange services call inside their transaction.
 * It decides the audience (see audience.ts), stores one notification per user (a title without sensitive
 * contents, a link, a due date), queues e-mail and webhook deliveries as jobs, and NOTIFYs the live streams —
 * all in the caller's transaction, so a rolled-back change notifies nobody and a committed one reaches every
 * server process (NOTIFY is delivered on commit; see hub.ts).
 *
 *   await dispatch(tx, { kind: 'warning.received', warningId: w.id });
 */
import { and, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { rows, type Tx } from '../../db/client.ts';
import { informationRequests, jobs, units, users } from '../../db/schema.ts';
import { loadConfig } from '../../config.ts';
import { candidates, usersSeeingRequest, warningAudienceSql } from './audience.ts';
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

interface WarningPlanRow {
  id: string;
  tlp: string;
  deadline: string | null;
  senderCode: string | null;
  fromCode: string | null;
  /** Candidate recipients who may read the warning (audience.ts), in id order. */
  audience: string[];
  /** warning.pending_approval only: coordinators, used when the unit has no other head. */
  fallback: string[] | null;
}

/**
 * Everything a warning notification needs in one statement: the facts for the title (unit codes included)
 * and the audience — candidate users chosen by unit, country and role relative to the warning (`w`), each
 * tested with the warning's read rule.
 */
async function warningPlanRow(tx: Tx, event: Extract<DeliveryEvent, { warningId: string }>): Promise<WarningPlanRow | undefined> {
  let who: SQL;
  let fallback: SQL = sql`NULL::json`;
  switch (event.kind) {
    case 'warning.pending_approval':
      who = sql`u.role = 'unit_head' AND u.unit_id = w.sender_unit_id AND u.id <> w.created_by`;
      fallback = warningAudienceSql(sql`u.role = 'national_coordinator' AND u.country = w.sender_country AND u.id <> w.created_by`);
      break;
    case 'warning.received':
      // The sending side (its unit, its country's coordinator) is not a receiver.
      who = sql`u.unit_id IS DISTINCT FROM w.sender_unit_id AND NOT (u.role = 'national_coordinator' AND u.country = w.sender_country)`;
      break;
    case 'warning.feedback':
      who = sql`(u.unit_id = w.sender_unit_id OR (u.role = 'national_coordinator' AND u.country = w.sender_country)) AND u.id <> ${event.authorId}`;
      break;
    case 'warning.matched':
      who = sql`u.unit_id = (SELECT c.unit_id FROM consignments c WHERE c.id = ${event.consignmentId})`;
      break;
  }
  const fromUnitId = event.kind === 'warning.feedback' ? event.feedbackUnitId : null;
  const [row] = await rows<WarningPlanRow>(
    tx,
    sql`SELECT w.id, w.tlp, w.deadline, su.code AS "senderCode", (SELECT fu.code FROM units fu WHERE fu.id = ${fromUnitId}) AS "fromCode",
          ${warningAudienceSql(who)} AS audience, ${fallback} AS fallback
        FROM warnings w LEFT JOIN units su ON su.id = w.sender_unit_id WHERE w.id = ${event.warningId}`,
  );
  return row;
}

async function unitCode(tx: Tx, id: string | null): Promise<string> {
  if (!id) return '?';
  const [u] = await tx.select({ code: units.code }).from(units).where(eq(units.id, id));
  return u?.code ?? '?';
}

async function warningPlan(tx: Tx, event: Extract<DeliveryEvent, { warningId: string }>): Promise<Plan | null> {
  const w = await warningPlanRow(tx, event);
  if (!w) return null;
  const sender = w.senderCode ?? '?';
  const base = { kind: event.kind, link: `/warnings/${w.id}`, refType: 'warning' as const, refId: w.id };
  switch (event.kind) {
    case 'warning.pending_approval':
      return { ...base, userIds: w.audience.length ? w.audience : (w.fallback ?? []), title: `Warning from ${sender} awaits your approval, TLP:${w.tlp}`, dueAt: null };
    case 'warning.received':
      return { ...base, userIds: w.audience, title: `New warning from ${sender}, TLP:${w.tlp}${duePart(w.deadline)}`, dueAt: dueOf(w.deadline) };
    case 'warning.feedback':
      return { ...base, userIds: w.audience, title: `Feedback from ${w.fromCode ?? '?'} on a warning of ${sender}`, dueAt: null };
    case 'warning.matched':
      return {
        ...base,
        link: `/cargo/consignments/${event.consignmentId}`,
        userIds: w.audience,
        title: `Warning from ${sender} matched a consignment of your unit, TLP:${w.tlp}${duePart(w.deadline)}`,
        dueAt: dueOf(w.deadline),
      };
  }
}

async function planFor(tx: Tx, event: DeliveryEvent): Promise<Plan | null> {
  switch (event.kind) {
    case 'warning.pending_approval':
    case 'warning.received':
    case 'warning.feedback':
    case 'warning.matched':
      return warningPlan(tx, event);
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
  const config = loadConfig();
  const created = await storeAndSignal(tx, plan, config.publicUrl);
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
  return created.length;
}

/**
 * One statement: stores a notification per user, NOTIFYs their ids (delivered on commit; 500 ids per NOTIFY,
 * payloads are limited to 8000 bytes), and queues the webhooks. A webhook of country X (optionally one unit)
 * receives the event when it subscribed to the kind and at least one notified user is in its country (and
 * unit): national systems learn what their own people were told. The payload carries ids and links, never
 * contents; each delivery gets a log row and a job.
 */
async function storeAndSignal(tx: Tx, plan: Plan, publicUrl: string): Promise<{ id: number; userId: string }[]> {
  const payload = { event: plan.kind, id: plan.refId, occurredAt: new Date().toISOString(), link: `${publicUrl}${plan.link}` };
  return rows<{ id: number; userId: string }>(
    tx,
    sql`WITH ins AS (
          INSERT INTO notifications (user_id, kind, title, link, ref_type, ref_id, due_at)
          SELECT x::uuid, ${plan.kind}, ${plan.title}, ${plan.link}, ${plan.refType}, ${plan.refId}, ${plan.dueAt ? plan.dueAt.toISOString() : null}::timestamptz
          FROM jsonb_array_elements_text(${JSON.stringify(plan.userIds)}::jsonb) x
          RETURNING id, user_id),
        signal AS (
          SELECT pg_notify(${NOTIFY_CHANNEL}, json_build_object('ids', json_agg(id ORDER BY id))::text)
          FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 500 AS chunk FROM ins) c GROUP BY chunk),
        notified AS (SELECT DISTINCT u.country, u.unit_id FROM users u WHERE u.id IN (SELECT user_id FROM ins)),
        deliveries AS (
          INSERT INTO webhook_deliveries (webhook_id, event, payload, state)
          SELECT h.id, ${plan.kind}, ${JSON.stringify(payload)}::jsonb, 'pending' FROM webhooks h
          WHERE h.active AND h.events ? ${plan.kind}
          AND EXISTS (SELECT 1 FROM notified n WHERE n.country = h.country AND (h.unit_id IS NULL OR h.unit_id = n.unit_id))
          RETURNING id),
        webhook_jobs AS (
          INSERT INTO jobs (name, payload, dedupe_key, max_attempts)
          SELECT ${WEBHOOK_JOB}, jsonb_build_object('deliveryId', d.id), ${`${WEBHOOK_JOB}:`}::text || d.id::text, ${WEBHOOK_MAX_ATTEMPTS}::int FROM deliveries d)
        SELECT ins.id::int AS id, ins.user_id AS "userId", (SELECT count(*) FROM signal) AS signals FROM ins ORDER BY ins.id`,
  );
}
