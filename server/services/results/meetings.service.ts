/**
 * Meetings (expert meetings, operational debriefs), the recommendations and future actions they adopt (owner
 * country / unit / organisation, due date, status), progress notes that move a recommendation's status, and
 * the follow-up view for the next meeting: done, late, in progress, not started (and its PDF).
 * Who may do what: policies/meeting.policy.ts. Every change is audited in its transaction.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { rows, type Db, type DbOrTx } from '../../db/client.ts';
import { countries, meetings, MEETING_KINDS, recommendationNotes, recommendations, RECOMMENDATION_STATUSES, units, users } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canAddProgressNote, canEditMeeting, canRecordMeetings } from '../../policies/meeting.policy.ts';
import { visibleOperationsWhere } from '../../policies/operation.policy.ts';
import { finishPdf, heading, keyFigures, paragraph, startPdf, table } from './pdf.ts';

export type MeetingKind = (typeof MEETING_KINDS)[number];
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const FOLLOW_UP_GROUPS = ['late', 'not_started', 'in_progress', 'done', 'cancelled'] as const;
export type FollowUpGroup = (typeof FOLLOW_UP_GROUPS)[number];

export interface MeetingInput {
  title: string;
  kind: MeetingKind;
  startsOn: string;
  endsOn: string;
  place?: string;
  online?: boolean;
  participants?: { country: string; agency?: string; count?: number }[];
  summary?: string;
  operationId?: string;
}

/** A correction of a recorded meeting: only the fields given change (null clears place / operation). */
export interface MeetingPatch {
  title?: string;
  kind?: MeetingKind;
  startsOn?: string;
  endsOn?: string;
  place?: string | null;
  online?: boolean;
  participants?: { country: string; agency?: string; count?: number }[];
  summary?: string;
  operationId?: string | null;
}

/** A correction of a recommendation: text, owner, due date (null clears it), status. */
export interface RecommendationPatch {
  number?: string;
  kind?: 'recommendation' | 'action';
  text?: string;
  ownerCountry?: string | null;
  ownerUnitId?: string | null;
  ownerOrganisation?: string | null;
  dueDate?: string | null;
  status?: RecommendationStatus;
}

export interface RecommendationInput {
  number: string;
  kind: 'recommendation' | 'action';
  text: string;
  ownerCountry?: string;
  ownerUnitId?: string;
  ownerOrganisation?: string;
  dueDate?: string;
  status?: RecommendationStatus;
}

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

/** The follow-up group of a recommendation (alias `r`) on day `asOf`: late = due date passed and not done. */
const groupSql = (asOf: string) =>
  sql`CASE WHEN r.status = 'done' THEN 'done' WHEN r.status = 'cancelled' THEN 'cancelled'
           WHEN r.due_date IS NOT NULL AND r.due_date < ${asOf} THEN 'late'
           WHEN r.status = 'in_progress' THEN 'in_progress' ELSE 'not_started' END`;

export async function listMeetings(db: Db, actor: Actor, opts: { limit: number; offset: number }) {
  const data = await rows<Record<string, unknown>>(
    db,
    sql`SELECT m.id, m.title, m.kind, m.starts_on AS "startsOn", m.ends_on AS "endsOn", m.place, m.online, m.participants,
          (SELECT count(*)::int FROM recommendations r WHERE r.meeting_id = m.id) AS recommendations,
          (SELECT count(*)::int FROM recommendations r WHERE r.meeting_id = m.id AND r.status = 'done') AS done,
          (SELECT count(*)::int FROM recommendations r WHERE r.meeting_id = m.id AND ${groupSql(utcDay(new Date()))} = 'late') AS late
        FROM meetings m ORDER BY m.starts_on DESC, m.title LIMIT ${opts.limit} OFFSET ${opts.offset}`,
  );
  const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM meetings`);
  return { data, total: count?.n ?? 0, can: { create: canRecordMeetings(actor) } };
}

async function checkCountry(db: Db, iso2: string, field: string): Promise<void> {
  const [c] = await db.select({ iso2: countries.iso2 }).from(countries).where(eq(countries.iso2, iso2));
  if (!c) throw new AppError('UNKNOWN_REFERENCE', `Unknown country ${iso2}`, { field });
}

export async function createMeeting(db: Db, actor: Actor, ctx: AuditContext, input: MeetingInput) {
  if (!canRecordMeetings(actor)) throw forbidden('meeting.create');
  if (input.endsOn < input.startsOn) throw new AppError('VALIDATION_FAILED', 'The meeting ends before it starts', { field: 'endsOn' });
  if (!input.online && !input.place) throw new AppError('VALIDATION_FAILED', 'Give the place, or mark the meeting as online', { field: 'place' });
  for (const [i, p] of (input.participants ?? []).entries()) await checkCountry(db, p.country, `participants[${i}].country`);
  if (input.operationId) {
    const [op] = await rows<{ id: string }>(db, sql`SELECT o.id FROM operations o WHERE o.id = ${input.operationId} AND ${visibleOperationsWhere(actor)}`);
    if (!op) throw new AppError('UNKNOWN_REFERENCE', 'Unknown operation', { field: 'operationId' });
  }
  return db.transaction(async (tx) => {
    const [m] = await tx
      .insert(meetings)
      .values({
        title: input.title,
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        place: input.place ?? null,
        online: input.online ?? false,
        participants: input.participants ?? [],
        summary: input.summary ?? '',
        operationId: input.operationId ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await record(tx, ctx, { type: 'meeting.created', data: { meetingId: m!.id, title: m!.title, kind: m!.kind, operationId: m!.operationId } }, { country: actor.country, entityType: 'meeting', entityId: m!.id });
    return m!;
  });
}

export interface RecommendationRow {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingDate: string;
  number: string;
  kind: 'recommendation' | 'action';
  text: string;
  ownerCountry: string | null;
  ownerUnitId: string | null;
  ownerUnitCode: string | null;
  ownerUnitCountry: string | null;
  ownerOrganisation: string | null;
  dueDate: string | null;
  status: RecommendationStatus;
  group: FollowUpGroup;
  updatedAt: string;
  notes: { id: string; note: string; status: RecommendationStatus; createdAt: string; by: string | null }[];
  /** Country of the user who recorded the meeting (for the edit policy; not returned). */
  recordedBy: string | null;
}

/** Recommendations with owner, follow-up group and notes (alias r); one meeting or all. */
async function recommendationRows(db: Db, actor: Actor, where: ReturnType<typeof sql>, asOf: string) {
  const recs = await rows<RecommendationRow>(
    db,
    sql`SELECT r.id, r.meeting_id AS "meetingId", m.title AS "meetingTitle", m.starts_on AS "meetingDate", r.number, r.kind, r.text,
          r.owner_country AS "ownerCountry", r.owner_unit_id AS "ownerUnitId", u.code AS "ownerUnitCode", u.country AS "ownerUnitCountry",
          r.owner_organisation AS "ownerOrganisation", r.due_date AS "dueDate", r.status, ${groupSql(asOf)} AS "group",
          r.updated_at AS "updatedAt", (SELECT rec.country FROM users rec WHERE rec.id = m.created_by) AS "recordedBy",
          coalesce((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'note', n.note, 'status', n.status, 'createdAt', n.created_at, 'by', us.display_name) ORDER BY n.created_at DESC)
                    FROM recommendation_notes n LEFT JOIN users us ON us.id = n.created_by WHERE n.recommendation_id = r.id), '[]'::jsonb) AS notes
        FROM recommendations r JOIN meetings m ON m.id = r.meeting_id LEFT JOIN units u ON u.id = r.owner_unit_id
        WHERE ${where}
        ORDER BY m.starts_on DESC, length(r.number), r.number`,
  );
  return recs.map(({ recordedBy, ...r }) => ({ ...r, can: { note: canAddProgressNote(actor, r), edit: canEditMeeting(actor, { recordedBy }) } }));
}

/** The meeting row with the country of the user who recorded it (`recordedBy`), or 404. */
async function meetingWithRecorder(db: DbOrTx, id: string, lock = false) {
  const q = db.select({ ...getTableColumns(meetings), recordedBy: users.country }).from(meetings).leftJoin(users, eq(users.id, meetings.createdBy)).where(eq(meetings.id, id));
  const [m] = lock ? await q.for('update', { of: meetings }) : await q;
  if (!m) throw notFound('Meeting');
  return m;
}

export async function getMeeting(db: Db, actor: Actor, id: string, now = new Date()) {
  const { recordedBy, ...m } = await meetingWithRecorder(db, id);
  // The linked operation is named only to those who may see it.
  const [op] = m.operationId ? await rows<{ id: string; name: string }>(db, sql`SELECT o.id, o.name FROM operations o WHERE o.id = ${m.operationId} AND ${visibleOperationsWhere(actor)}`) : [];
  return {
    ...m,
    operation: op ?? null,
    recommendations: await recommendationRows(db, actor, sql`r.meeting_id = ${id}`, utcDay(now)),
    can: { addRecommendation: canRecordMeetings(actor), edit: canEditMeeting(actor, { recordedBy }) },
  };
}

/** JSON with object keys sorted (jsonb does not keep the key order it was given). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Field-by-field changes between a stored row and a patch (only keys present in the patch). */
function changes<T extends Record<string, unknown>>(before: T, patch: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = before[k] ?? null;
    if (canonical(from) !== canonical(to)) out[k] = { from, to };
  }
  return out;
}

/** Corrects a recorded meeting (admin, or a coordinator of the country that recorded it); audited with what changed. */
export async function updateMeeting(db: Db, actor: Actor, ctx: AuditContext, id: string, patch: MeetingPatch) {
  const current = await meetingWithRecorder(db, id);
  if (!canEditMeeting(actor, current)) throw forbidden('meeting.update');
  const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as typeof current;
  if (next.endsOn < next.startsOn) throw new AppError('VALIDATION_FAILED', 'The meeting ends before it starts', { field: patch.endsOn !== undefined ? 'endsOn' : 'startsOn' });
  if (!next.online && !next.place) throw new AppError('VALIDATION_FAILED', 'Give the place, or mark the meeting as online', { field: 'place' });
  for (const [i, p] of (patch.participants ?? []).entries()) await checkCountry(db, p.country, `participants[${i}].country`);
  if (patch.operationId) {
    const [op] = await rows<{ id: string }>(db, sql`SELECT o.id FROM operations o WHERE o.id = ${patch.operationId} AND ${visibleOperationsWhere(actor)}`);
    if (!op) throw new AppError('UNKNOWN_REFERENCE', 'Unknown operation', { field: 'operationId' });
  }
  return db.transaction(async (tx) => {
    const before = await meetingWithRecorder(tx, id, true);
    const changed = changes(before as unknown as Record<string, unknown>, patch as Record<string, unknown>);
    if (!Object.keys(changed).length) {
      const { recordedBy: _, ...row } = before;
      return row;
    }
    const set = Object.fromEntries(Object.keys(changed).map((k) => [k, (patch as Record<string, unknown>)[k]]));
    const [m] = await tx.update(meetings).set(set).where(eq(meetings.id, id)).returning();
    await record(tx, ctx, { type: 'meeting.updated', data: { meetingId: id, changed } }, { country: actor.country, entityType: 'meeting', entityId: id });
    return m!;
  });
}

export async function addRecommendation(db: Db, actor: Actor, ctx: AuditContext, meetingId: string, input: RecommendationInput) {
  const [m] = await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId));
  if (!m) throw notFound('Meeting');
  if (!canRecordMeetings(actor)) throw forbidden('recommendation.create');
  const ownerCountry = await checkOwner(db, { ownerCountry: input.ownerCountry ?? null, ownerUnitId: input.ownerUnitId ?? null, ownerOrganisation: input.ownerOrganisation ?? null }, false);
  const [taken] = await db.select({ id: recommendations.id }).from(recommendations).where(and(eq(recommendations.meetingId, meetingId), eq(recommendations.number, input.number)));
  if (taken) throw new AppError('CONFLICT', `Number ${input.number} is taken in this meeting`, { field: 'number' });
  return db.transaction(async (tx) => {
    const [r] = await tx
      .insert(recommendations)
      .values({
        meetingId,
        number: input.number,
        kind: input.kind,
        text: input.text,
        ownerCountry,
        ownerUnitId: input.ownerUnitId ?? null,
        ownerOrganisation: input.ownerOrganisation ?? null,
        dueDate: input.dueDate ?? null,
        status: input.status ?? 'not_started',
      })
      .returning();
    await record(tx, ctx, { type: 'recommendation.created', data: { recommendationId: r!.id, meetingId, number: r!.number, ownerCountry, dueDate: r!.dueDate } }, { country: ownerCountry, entityType: 'recommendation', entityId: r!.id });
    return r!;
  });
}

/** Checks a recommendation owner (at least one of country / unit / organisation; the unit of the country) and returns the owner country. */
async function checkOwner(db: DbOrTx, owner: { ownerCountry: string | null; ownerUnitId: string | null; ownerOrganisation: string | null }, unitDecidesCountry: boolean): Promise<string | null> {
  if (!owner.ownerCountry && !owner.ownerUnitId && !owner.ownerOrganisation) throw new AppError('VALIDATION_FAILED', 'Name an owner: a country, a unit or an organisation', { field: 'ownerCountry' });
  if (owner.ownerCountry) await checkCountry(db, owner.ownerCountry, 'ownerCountry');
  let ownerCountry = owner.ownerCountry;
  if (owner.ownerUnitId) {
    const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, owner.ownerUnitId));
    if (u && unitDecidesCountry) ownerCountry = u.country;
    if (!u || (ownerCountry && u.country !== ownerCountry)) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit (of the owner country)', { field: 'ownerUnitId' });
    ownerCountry = u.country;
  }
  return ownerCountry;
}

/**
 * Corrects a recommendation (admin, or a coordinator of the country that recorded its meeting): text, owner,
 * due date, status. A new owner unit without a country names its country. Audited with what changed.
 */
export async function updateRecommendation(db: Db, actor: Actor, ctx: AuditContext, id: string, patch: RecommendationPatch) {
  const load = async (conn: DbOrTx, lock: boolean) => {
    const q = conn
      .select({ ...getTableColumns(recommendations), recordedBy: users.country })
      .from(recommendations)
      .innerJoin(meetings, eq(meetings.id, recommendations.meetingId))
      .leftJoin(users, eq(users.id, meetings.createdBy))
      .where(eq(recommendations.id, id));
    const [r] = lock ? await q.for('update', { of: recommendations }) : await q;
    if (!r) throw notFound('Recommendation');
    return r;
  };
  const current = await load(db, false);
  if (!canEditMeeting(actor, current)) throw forbidden('recommendation.update');
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as RecommendationPatch;
  const next = { ...current, ...given };
  const ownerChanged = 'ownerCountry' in given || 'ownerUnitId' in given || 'ownerOrganisation' in given;
  if (ownerChanged) {
    // A unit given without its country names the country; a country given without a unit drops a unit of another country.
    if ('ownerCountry' in given && !('ownerUnitId' in given) && next.ownerUnitId) {
      const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, next.ownerUnitId));
      if (u?.country !== next.ownerCountry) next.ownerUnitId = null;
    }
    next.ownerCountry = await checkOwner(db, next, !('ownerCountry' in given));
  }
  if (given.number !== undefined && given.number !== current.number) {
    const [taken] = await db.select({ id: recommendations.id }).from(recommendations).where(and(eq(recommendations.meetingId, current.meetingId), eq(recommendations.number, given.number)));
    if (taken) throw new AppError('CONFLICT', `Number ${given.number} is taken in this meeting`, { field: 'number' });
  }
  return db.transaction(async (tx) => {
    const before = await load(tx, true);
    const wanted = { number: next.number, kind: next.kind, text: next.text, ownerCountry: next.ownerCountry, ownerUnitId: next.ownerUnitId, ownerOrganisation: next.ownerOrganisation, dueDate: next.dueDate, status: next.status };
    const changed = changes(before as unknown as Record<string, unknown>, wanted);
    if (!Object.keys(changed).length) {
      const { recordedBy: _, ...row } = before;
      return row;
    }
    const set = Object.fromEntries(Object.keys(changed).map((k) => [k, (wanted as Record<string, unknown>)[k]]));
    const [r] = await tx.update(recommendations).set({ ...set, updatedAt: new Date() }).where(eq(recommendations.id, id)).returning();
    await record(tx, ctx, { type: 'recommendation.updated', data: { recommendationId: id, meetingId: before.meetingId, changed } }, { country: r!.ownerCountry, entityType: 'recommendation', entityId: id });
    return r!;
  });
}

/** A progress note; its status becomes the recommendation's status. */
export async function addProgressNote(db: Db, actor: Actor, ctx: AuditContext, recommendationId: string, input: { note: string; status: RecommendationStatus }) {
  return db.transaction(async (tx) => {
    const [r] = await rows<{ id: string; status: RecommendationStatus; ownerCountry: string | null; ownerUnitCountry: string | null }>(
      tx,
      sql`SELECT r.id, r.status, r.owner_country AS "ownerCountry", u.country AS "ownerUnitCountry"
          FROM recommendations r LEFT JOIN units u ON u.id = r.owner_unit_id WHERE r.id = ${recommendationId} FOR UPDATE OF r`,
    );
    if (!r) throw notFound('Recommendation');
    if (!canAddProgressNote(actor, r)) throw forbidden('recommendation.note');
    const [n] = await tx.insert(recommendationNotes).values({ recommendationId, note: input.note, status: input.status, createdBy: actor.userId }).returning();
    await tx.update(recommendations).set({ status: input.status, updatedAt: new Date() }).where(eq(recommendations.id, recommendationId));
    await record(tx, ctx, { type: 'recommendation.note_added', data: { recommendationId, noteId: n!.id, from: r.status, to: input.status } }, { country: r.ownerCountry ?? r.ownerUnitCountry, entityType: 'recommendation', entityId: recommendationId });
    return n!;
  });
}

export interface FollowUp {
  asOf: string;
  meetingId: string | null;
  counts: Record<FollowUpGroup, number>;
  groups: Record<FollowUpGroup, Awaited<ReturnType<typeof recommendationRows>>>;
}

/** What became of the recommendations (of one meeting, or all) on day `asOf` (default today). */
export async function followUp(db: Db, actor: Actor, opts: { meetingId?: string; asOf?: string } = {}): Promise<FollowUp> {
  const asOf = opts.asOf ?? utcDay(new Date());
  if (opts.meetingId) {
    const [m] = await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, opts.meetingId));
    if (!m) throw notFound('Meeting');
  }
  const recs = await recommendationRows(db, actor, opts.meetingId ? sql`r.meeting_id = ${opts.meetingId}` : sql`true`, asOf);
  const groups = Object.fromEntries(FOLLOW_UP_GROUPS.map((g) => [g, recs.filter((r) => r.group === g)])) as FollowUp['groups'];
  const counts = Object.fromEntries(FOLLOW_UP_GROUPS.map((g) => [g, groups[g].length])) as FollowUp['counts'];
  return { asOf, meetingId: opts.meetingId ?? null, counts, groups };
}

const FOLLOW_UP_LABELS = {
  en: {
    title: 'Follow-up of recommendations',
    asOf: 'As of',
    late: 'Late (due date passed, not done)',
    not_started: 'Not started',
    in_progress: 'In progress',
    done: 'Done',
    cancelled: 'Cancelled',
    number: 'No.',
    text: 'Recommendation / action',
    owner: 'Owner',
    due: 'Due',
    meeting: 'Meeting',
    latest: 'Latest note',
    none: 'None.',
  },
  ru: {
    title: 'Выполнение рекомендаций',
    asOf: 'На дату',
    late: 'Просрочено (срок прошёл, не выполнено)',
    not_started: 'Не начато',
    in_progress: 'Выполняется',
    done: 'Выполнено',
    cancelled: 'Отменено',
    number: '№',
    text: 'Рекомендация / мера',
    owner: 'Ответственный',
    due: 'Срок',
    meeting: 'Совещание',
    latest: 'Последняя отметка',
    none: 'Нет.',
  },
} as const;

export async function followUpPdf(db: Db, actor: Actor, opts: { meetingId?: string; asOf?: string; lang?: 'en' | 'ru' } = {}): Promise<Buffer> {
  const f = await followUp(db, actor, opts);
  const L = FOLLOW_UP_LABELS[opts.lang ?? 'en'];
  const [m] = f.meetingId ? await db.select({ title: meetings.title }).from(meetings).where(eq(meetings.id, f.meetingId)) : [];
  const pdf = startPdf({ title: L.title, subtitle: m?.title, meta: [`${L.asOf}: ${f.asOf}`] });
  keyFigures(
    pdf,
    FOLLOW_UP_GROUPS.filter((g) => g !== 'cancelled').map((g) => ({ label: L[g], value: String(f.counts[g]) })),
  );
  for (const g of FOLLOW_UP_GROUPS) {
    if (g === 'cancelled' && !f.counts.cancelled) continue;
    heading(pdf, `${L[g]} (${f.counts[g]})`);
    table(pdf, {
      columns: [{ header: L.number, width: 0.6 }, { header: L.text, width: 4 }, { header: L.owner, width: 1.4 }, { header: L.due, width: 1.1 }, { header: L.latest, width: 2.6 }],
      rows: f.groups[g].map((r) => {
        const owner = [r.ownerCountry, r.ownerUnitCode, r.ownerOrganisation].filter(Boolean).join(' / ');
        const text = f.meetingId ? r.text : `${r.text}\n(${L.meeting}: ${r.meetingTitle})`;
        const latest = r.notes[0];
        return [r.number, text, owner, r.dueDate ?? '—', latest ? `${latest.createdAt.slice(0, 10)}: ${latest.note}` : '—'];
      }),
      empty: L.none,
    });
  }
  if (!f.groups.late.length && !f.groups.not_started.length && !f.groups.in_progress.length && !f.groups.done.length) paragraph(pdf, L.none, { muted: true });
  return finishPdf(pdf, L.title);
}
