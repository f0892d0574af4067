/**
 * The inbox: a user's own notifications (rows are per user, so the only rule is user_id = the caller).
 * "Overdue" is computed when read: the due date has passed and, for a warning, the reader's country has not
 * answered it yet (the same rule as the warnings list).
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { notFound } from '../../errors.ts';
import type { NotificationKind } from './kinds.ts';

export interface NotificationRow {
  id: number;
  kind: NotificationKind;
  title: string;
  link: string;
  refType: string;
  refId: string;
  dueAt: string | null;
  readAt: string | null;
  createdAt: string;
  overdue: boolean;
}

export interface InboxFilter {
  unread?: boolean;
  kind?: NotificationKind;
  overdue?: boolean;
  limit: number;
  offset: number;
}

function overdueSql(actor: Actor): SQL {
  // ref_id is text; cast it (only for warnings) rather than the column, so the feedback index is used.
  return sql`(n.due_at IS NOT NULL AND n.due_at < now() AND NOT (n.ref_type = 'warning' AND EXISTS (
    SELECT 1 FROM warning_feedback f WHERE f.warning_id = CASE WHEN n.ref_type = 'warning' THEN n.ref_id::uuid END AND f.country = ${actor.country ?? ''})))`;
}

const COLUMNS = sql`n.id::int AS id, n.kind, n.title, n.link, n.ref_type AS "refType", n.ref_id AS "refId", n.due_at AS "dueAt", n.read_at AS "readAt", n.created_at AS "createdAt"`;

function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
}

/** Rows from raw SQL carry driver-specific timestamp types; the API always answers ISO strings. */
export function normalise(r: Record<string, unknown>): NotificationRow {
  return { ...(r as unknown as NotificationRow), id: Number(r.id), dueAt: iso(r.dueAt), readAt: iso(r.readAt), createdAt: iso(r.createdAt)!, overdue: Boolean(r.overdue) };
}

export async function listNotifications(db: Db, actor: Actor, f: InboxFilter): Promise<{ data: NotificationRow[]; total: number }> {
  const where = sql.join(
    [
      sql`n.user_id = ${actor.userId}`,
      ...(f.unread ? [sql`n.read_at IS NULL`] : []),
      ...(f.kind ? [sql`n.kind = ${f.kind}`] : []),
      ...(f.overdue ? [overdueSql(actor)] : []),
    ],
    sql` AND `,
  );
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT ${COLUMNS}, ${overdueSql(actor)} AS overdue, count(*) OVER ()::int AS total
        FROM notifications n WHERE ${where} ORDER BY n.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`,
  );
  let total = Number(found[0]?.total ?? 0);
  if (!found.length && f.offset > 0) {
    const [c] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM notifications n WHERE ${where}`);
    total = c?.n ?? 0;
  }
  return { data: found.map(normalise), total };
}

export async function notificationCounts(db: Db, actor: Actor): Promise<{ unread: number; overdue: number }> {
  const [c] = await rows<{ unread: number; overdue: number }>(
    db,
    sql`SELECT count(*)::int AS unread, count(*) FILTER (WHERE ${overdueSql(actor)})::int AS overdue
        FROM notifications n WHERE n.user_id = ${actor.userId} AND n.read_at IS NULL`,
  );
  return { unread: c?.unread ?? 0, overdue: c?.overdue ?? 0 };
}

/** Marks one of the caller's notifications read (idempotent); someone else's answers 404. */
export async function markRead(db: Db, actor: Actor, id: number): Promise<NotificationRow> {
  const [r] = await rows<Record<string, unknown>>(
    db,
    sql`UPDATE notifications n SET read_at = coalesce(n.read_at, now()) WHERE n.id = ${id} AND n.user_id = ${actor.userId}
        RETURNING ${COLUMNS}, ${overdueSql(actor)} AS overdue`,
  );
  if (!r) throw notFound('Notification');
  return normalise(r);
}

/** Marks all (or all of one kind, or those about one record) read; returns how many changed. */
export async function markAllRead(db: Db, actor: Actor, opts: { kind?: NotificationKind; refId?: string } = {}): Promise<number> {
  const changed = await rows<{ id: number }>(
    db,
    sql`UPDATE notifications n SET read_at = now() WHERE n.user_id = ${actor.userId} AND n.read_at IS NULL
        ${opts.kind ? sql`AND n.kind = ${opts.kind}` : sql``} ${opts.refId ? sql`AND n.ref_id = ${opts.refId}` : sql``} RETURNING n.id`,
  );
  return changed.length;
}

/** Rows for the live stream: the given notifications that belong to the given (connected) users. */
export async function notificationsFor(db: Db, ids: number[], userIds: string[]): Promise<(NotificationRow & { userId: string })[]> {
  if (!ids.length || !userIds.length) return [];
  const found = await rows<Record<string, unknown>>(
    db,
    sql`SELECT ${COLUMNS}, n.user_id AS "userId", false AS overdue FROM notifications n
        WHERE n.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)
        AND n.user_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)::uuid) ORDER BY n.id`,
  );
  return found.map((r) => ({ ...normalise(r), userId: String(r.userId) }));
}
