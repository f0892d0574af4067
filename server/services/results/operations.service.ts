/**
 * Joint operations: a coordinating unit, a period, participating countries/units (the members of the
 * operation's closed sharing group, created here in the same transaction), target commodities and risk
 * profiles activated for it, daily reports by participants, and the live operation room (feed of the group's
 * warnings, feedback and seizures; participating ports on a map). Visibility: policies/operation.policy.ts.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rows, type Db, type DbOrTx } from '../../db/client.ts';
import { countries, operationReports, operations, riskProfiles, sharingGroupMembers, sharingGroups, units, OPERATION_STATES } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { commodityByCode } from '../../engine/results/taxonomy.ts';
import { canCreateOperation, canManageOperation, mayFileDailyReports, operationView, participatingUnitsSql, visibleOperationsWhere } from '../../policies/operation.policy.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { visibleSharedRecordWhere } from '../../policies/sharing.policy.ts';

export type OperationState = (typeof OPERATION_STATES)[number];
export type Operation = typeof operations.$inferSelect;

export interface ParticipantInput {
  country: string;
  unitId?: string | null;
}

export interface OperationInput {
  code: string;
  name: string;
  description?: string;
  startsOn: string;
  endsOn: string;
  /** A national coordinator names the coordinating unit (of their country); a unit head coordinates from their own. */
  coordinatingUnitId?: string;
  participants: ParticipantInput[];
  targetCommodities?: string[];
  profileIds?: string[];
}

export interface DailyReportInput {
  reportDate?: string;
  screened: number;
  selected: number;
  inspected: number;
  notes?: string;
}

/** Allowed state changes: planned → active → closed; a planned operation may also be called off (closed). */
const NEXT_STATES: Record<OperationState, readonly OperationState[]> = { planned: ['active', 'closed'], active: ['closed'], closed: [] };

const utcDay = (d: Date) => d.toISOString().slice(0, 10);

async function checkParticipant(db: DbOrTx, p: ParticipantInput, field: string): Promise<void> {
  const [c] = await db.select({ member: countries.member }).from(countries).where(eq(countries.iso2, p.country));
  if (!c?.member) throw new AppError('UNKNOWN_REFERENCE', `${p.country} is not a network country`, { field: `${field}.country` });
  if (p.unitId) {
    const [u] = await db.select({ country: units.country }).from(units).where(eq(units.id, p.unitId));
    if (!u || u.country !== p.country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit of that country', { field: `${field}.unitId` });
  }
}

function dedupe(ps: ParticipantInput[]): ParticipantInput[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.country}/${p.unitId ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export async function createOperation(db: Db, actor: Actor, ctx: AuditContext, input: OperationInput): Promise<Operation> {
  if (!canCreateOperation(actor)) throw forbidden('operation.create');
  let coordinatingUnitId = actor.unitId;
  if (actor.role === 'national_coordinator') {
    if (!input.coordinatingUnitId) throw new AppError('VALIDATION_FAILED', 'A coordinator names the coordinating unit of their country', { field: 'coordinatingUnitId' });
    coordinatingUnitId = input.coordinatingUnitId;
  } else if (input.coordinatingUnitId && input.coordinatingUnitId !== actor.unitId) {
    throw new AppError('VALIDATION_FAILED', 'A unit head coordinates operations from their own unit', { field: 'coordinatingUnitId' });
  }
  const [coordinating] = await db.select({ id: units.id, country: units.country }).from(units).where(eq(units.id, coordinatingUnitId!));
  if (!coordinating || coordinating.country !== actor.country) throw new AppError('UNKNOWN_REFERENCE', 'Unknown unit of your country', { field: 'coordinatingUnitId' });
  if (input.endsOn < input.startsOn) throw new AppError('VALIDATION_FAILED', 'The operation ends before it starts', { field: 'endsOn' });
  const participants = dedupe(input.participants);
  if (!participants.length) throw new AppError('VALIDATION_FAILED', 'Name at least one participating country or unit', { field: 'participants' });
  for (const [i, p] of participants.entries()) await checkParticipant(db, p, `participants[${i}]`);
  const commodities = [...new Set(input.targetCommodities ?? [])];
  for (const [i, c] of commodities.entries()) {
    if (!commodityByCode.has(c)) throw new AppError('VALIDATION_FAILED', `Unknown commodity ${c}`, { field: `targetCommodities[${i}]` });
  }
  const profileIds = [...new Set(input.profileIds ?? [])];
  if (profileIds.length) {
    const found = new Set((await db.select({ id: riskProfiles.id }).from(riskProfiles).where(inArray(riskProfiles.id, profileIds))).map((p) => p.id));
    const missing = profileIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw new AppError('UNKNOWN_REFERENCE', 'Unknown risk profile', { field: `profileIds[${missing}]` });
  }
  const [taken] = await db.select({ id: operations.id }).from(operations).where(eq(operations.code, input.code));
  if (taken) throw new AppError('CONFLICT', `Operation code ${input.code} is taken`, { field: 'code' });

  return db.transaction(async (tx) => {
    // The operation's closed user group: its warnings, feedback and seizures are shared with the participants.
    const [group] = await tx
      .insert(sharingGroups)
      .values({ name: `Operation ${input.code}`, description: input.name, ownerUnitId: coordinating.id, ownerCountry: coordinating.country, createdBy: actor.userId })
      .returning();
    await record(tx, ctx, { type: 'group.created', data: { groupId: group!.id, name: group!.name, ownerUnitId: coordinating.id } }, { country: coordinating.country, entityType: 'sharing_group', entityId: group!.id });
    await tx.insert(sharingGroupMembers).values(participants.map((p) => ({ groupId: group!.id, country: p.country, unitId: p.unitId ?? null, addedBy: actor.userId })));
    const [op] = await tx
      .insert(operations)
      .values({
        code: input.code,
        name: input.name,
        description: input.description ?? '',
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        coordinatingUnitId: coordinating.id,
        coordinatingCountry: coordinating.country,
        groupId: group!.id,
        targetCommodities: commodities,
        profileIds,
        state: 'planned',
        createdBy: actor.userId,
      })
      .returning();
    await record(
      tx,
      ctx,
      { type: 'operation.created', data: { operationId: op!.id, code: op!.code, groupId: group!.id, participants: participants.map((p) => ({ country: p.country, unitId: p.unitId ?? null })) } },
      { country: coordinating.country, entityType: 'operation', entityId: op!.id },
    );
    return op!;
  });
}

/** An operation the actor may see, or 404. */
export async function loadOperation(db: DbOrTx, actor: Actor, id: string): Promise<Operation> {
  const [op] = await db.select().from(operations).where(and(eq(operations.id, id), sql`${visibleOperationsWhere(actor, 'operations')}`));
  if (!op) throw notFound('Operation');
  return op;
}

/** Participating countries (ISO codes, sorted), the coordinating country included. */
export async function participatingCountries(db: DbOrTx, op: Operation): Promise<string[]> {
  const ms = await db.select({ country: sharingGroupMembers.country }).from(sharingGroupMembers).where(eq(sharingGroupMembers.groupId, op.groupId));
  return [...new Set([op.coordinatingCountry, ...ms.map((m) => m.country)])].sort();
}

export async function listOperations(db: Db, actor: Actor, opts: { state?: OperationState; limit: number; offset: number }) {
  const where = sql`${visibleOperationsWhere(actor)} ${opts.state ? sql`AND o.state = ${opts.state}` : sql``}`;
  const full = operationView(actor) === 'full';
  const data = await rows<Record<string, unknown>>(
    db,
    sql`SELECT o.id, ${full ? sql`o.code` : sql`NULL`} AS code, o.name, o.starts_on AS "startsOn", o.ends_on AS "endsOn", o.state,
          o.coordinating_country AS "coordinatingCountry", ${full ? sql`u.code` : sql`NULL`} AS "coordinatingUnitCode",
          (SELECT coalesce(jsonb_agg(DISTINCT c ORDER BY c), '[]'::jsonb) FROM (
             SELECT o.coordinating_country AS c UNION SELECT m.country FROM sharing_group_members m WHERE m.group_id = o.group_id) x) AS countries,
          (SELECT count(*)::int FROM seizures s WHERE s.operation_id = o.id AND s.tlp NOT IN ('RED', 'AMBER+STRICT')) AS seizures
        FROM operations o JOIN units u ON u.id = o.coordinating_unit_id
        WHERE ${where} ORDER BY o.starts_on DESC, o.code LIMIT ${opts.limit} OFFSET ${opts.offset}`,
  );
  const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM operations o WHERE ${where}`);
  return { data: data.map((o) => ({ ...o, view: full ? 'full' : 'aggregate' })), total: count?.n ?? 0 };
}

/** Participating units with their place and coordinates (for the operation room map). */
export async function participatingUnits(db: DbOrTx, op: Operation) {
  return rows<{ id: string; code: string; name: string; nameRu: string | null; country: string; kind: string; locode: string; placeName: string | null; lat: number | null; lon: number | null; coordinating: boolean }>(
    db,
    // A place without coordinates in UN/LOCODE (e.g. UZTAS) takes its airport's (same country, IATA code).
    sql`SELECT u.id, u.code, u.name, u.name_ru AS "nameRu", u.country, u.kind, u.locode, l.name AS "placeName",
          coalesce(l.lat, a.lat) AS lat, coalesce(l.lon, a.lon) AS lon, (u.id = ${op.coordinatingUnitId}) AS coordinating
        FROM units u LEFT JOIN locations l ON l.unlocode = u.locode
        LEFT JOIN airports a ON a.iata = coalesce(l.iata, substr(u.locode, 3, 3)) AND a.country = u.country
        WHERE u.id IN ${participatingUnitsSql(op.id)} ORDER BY u.country, u.code`,
  );
}

export async function getOperation(db: Db, actor: Actor, id: string) {
  const op = await loadOperation(db, actor, id);
  const countryList = await participatingCountries(db, op);
  if (operationView(actor) === 'aggregate') {
    return { view: 'aggregate' as const, id: op.id, name: op.name, startsOn: op.startsOn, endsOn: op.endsOn, state: op.state, countries: countryList, can: { manage: false, report: false } };
  }
  const members = await rows<Record<string, unknown>>(
    db,
    sql`SELECT m.country, m.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName", m.added_at AS "addedAt"
        FROM sharing_group_members m LEFT JOIN units u ON u.id = m.unit_id WHERE m.group_id = ${op.groupId} ORDER BY m.country, u.code NULLS FIRST`,
  );
  const [coordinating] = await db.select({ code: units.code, name: units.name, nameRu: units.nameRu }).from(units).where(eq(units.id, op.coordinatingUnitId));
  const profiles = op.profileIds.length
    ? await db.select({ id: riskProfiles.id, name: riskProfiles.name, state: riskProfiles.state }).from(riskProfiles).where(inArray(riskProfiles.id, op.profileIds))
    : [];
  const unitsTakingPart = await participatingUnits(db, op);
  const reporting = mayFileDailyReports(actor) && unitsTakingPart.some((u) => u.id === actor.unitId);
  return {
    view: 'full' as const,
    ...op,
    coordinatingUnit: coordinating ?? null,
    countries: countryList,
    members,
    units: unitsTakingPart,
    profiles,
    can: { manage: canManageOperation(actor, op), report: reporting && op.state === 'active', nextStates: canManageOperation(actor, op) ? NEXT_STATES[op.state] : [] },
  };
}

function fullOnly(actor: Actor, action: string): void {
  if (operationView(actor) !== 'full') throw forbidden(action);
}

export async function setOperationState(db: Db, actor: Actor, ctx: AuditContext, id: string, state: OperationState): Promise<Operation> {
  const op = await loadOperation(db, actor, id);
  if (!canManageOperation(actor, op)) throw forbidden('operation.manage');
  if (!NEXT_STATES[op.state].includes(state)) throw new AppError('CONFLICT', `An operation that is ${op.state} cannot become ${state}`, { field: 'state' });
  return db.transaction(async (tx) => {
    const [row] = await tx.update(operations).set({ state }).where(eq(operations.id, id)).returning();
    await record(tx, ctx, { type: 'operation.state_changed', data: { operationId: id, from: op.state, to: state } }, { country: op.coordinatingCountry, entityType: 'operation', entityId: id });
    return row!;
  });
}

export async function addParticipant(db: Db, actor: Actor, ctx: AuditContext, id: string, p: ParticipantInput) {
  const op = await loadOperation(db, actor, id);
  if (!canManageOperation(actor, op)) throw forbidden('operation.manage');
  if (op.state === 'closed') throw new AppError('CONFLICT', 'The operation is closed', { field: 'state' });
  await checkParticipant(db, p, 'body');
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(sharingGroupMembers)
      .values({ groupId: op.groupId, country: p.country, unitId: p.unitId ?? null, addedBy: actor.userId })
      .onConflictDoNothing()
      .returning({ country: sharingGroupMembers.country });
    if (!inserted.length) throw new AppError('CONFLICT', 'Already a participant', { field: p.unitId ? 'unitId' : 'country' });
    await record(tx, ctx, { type: 'operation.participant_added', data: { operationId: id, groupId: op.groupId, country: p.country, unitId: p.unitId ?? null } }, { country: op.coordinatingCountry, entityType: 'operation', entityId: id });
    return { operationId: id, country: p.country, unitId: p.unitId ?? null };
  });
}

/**
 * Removes a participating country or unit (the coordinating side, while the operation is not closed). Its
 * daily reports and seizures stay; it no longer sees the operation unless it takes part otherwise. The
 * operation keeps at least one participant besides the coordinating unit.
 */
export async function removeParticipant(db: Db, actor: Actor, ctx: AuditContext, id: string, p: ParticipantInput) {
  const op = await loadOperation(db, actor, id);
  if (!canManageOperation(actor, op)) throw forbidden('operation.manage');
  if (op.state === 'closed') throw new AppError('CONFLICT', 'The operation is closed', { field: 'state' });
  const field = p.unitId ? 'unitId' : 'country';
  await db.transaction(async (tx) => {
    const same = and(eq(sharingGroupMembers.groupId, op.groupId), eq(sharingGroupMembers.country, p.country), p.unitId ? eq(sharingGroupMembers.unitId, p.unitId) : isNull(sharingGroupMembers.unitId));
    const members = await tx.select({ country: sharingGroupMembers.country, unitId: sharingGroupMembers.unitId }).from(sharingGroupMembers).where(eq(sharingGroupMembers.groupId, op.groupId)).for('update');
    const isMember = members.some((m) => m.country === p.country && (m.unitId ?? null) === (p.unitId ?? null));
    if (!isMember) throw new AppError('NOT_FOUND', 'Not a participant of this operation', { field });
    if (members.length === 1) throw new AppError('CONFLICT', 'An operation keeps at least one participant: admit another before removing this one', { field });
    await tx.delete(sharingGroupMembers).where(same);
    await record(tx, ctx, { type: 'operation.participant_removed', data: { operationId: id, groupId: op.groupId, country: p.country, unitId: p.unitId ?? null } }, { country: op.coordinatingCountry, entityType: 'operation', entityId: id });
  });
}

/**
 * A participant's daily report: one per unit and day, filed (or corrected) on that day only, while the
 * operation is active and the day is within its period. `now` is the clock (the demo seed files past days).
 */
export async function saveDailyReport(db: Db, actor: Actor, ctx: AuditContext, id: string, input: DailyReportInput, now = new Date()) {
  const op = await loadOperation(db, actor, id);
  if (!mayFileDailyReports(actor)) throw forbidden('operation.report');
  const [taking] = await rows<{ id: string }>(db, sql`SELECT id FROM units WHERE id = ${actor.unitId} AND id IN ${participatingUnitsSql(op.id)}`);
  if (!taking) throw forbidden('operation.report');
  if (op.state !== 'active') throw new AppError('CONFLICT', `Daily reports are filed while the operation is active (it is ${op.state})`, { field: 'state' });
  const today = utcDay(now);
  const day = input.reportDate ?? today;
  if (day < op.startsOn || day > op.endsOn) throw new AppError('VALIDATION_FAILED', `The day is outside the operation (${op.startsOn} – ${op.endsOn})`, { field: 'reportDate' });
  if (day !== today) throw new AppError('REPORT_DAY_CLOSED', `The report for ${day} can be filed or changed only on that day`, { field: 'reportDate' });
  if (input.selected > input.screened) throw new AppError('VALIDATION_FAILED', 'More selected than screened', { field: 'selected' });
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: operationReports.id })
      .from(operationReports)
      .where(and(eq(operationReports.operationId, id), eq(operationReports.unitId, actor.unitId!), eq(operationReports.reportDate, day)));
    const values = { screened: input.screened, selected: input.selected, inspected: input.inspected, notes: input.notes ?? '' };
    const [row] = existing
      ? await tx.update(operationReports).set(values).where(eq(operationReports.id, existing.id)).returning()
      : await tx.insert(operationReports).values({ operationId: id, unitId: actor.unitId!, country: actor.country!, reportDate: day, createdBy: actor.userId, ...values }).returning();
    await record(
      tx,
      ctx,
      { type: 'operation.daily_report', data: { operationId: id, reportId: row!.id, reportDate: day, unitId: actor.unitId!, corrected: Boolean(existing), screened: input.screened, selected: input.selected, inspected: input.inspected } },
      { country: op.coordinatingCountry, entityType: 'operation', entityId: id },
    );
    return row!;
  });
}

export async function listDailyReports(db: Db, actor: Actor, id: string, now = new Date()) {
  const op = await loadOperation(db, actor, id);
  fullOnly(actor, 'operation.reports');
  const data = await rows<Record<string, unknown>>(
    db,
    sql`SELECT r.id, r.report_date AS "reportDate", r.unit_id AS "unitId", u.code AS "unitCode", r.country, r.screened, r.selected, r.inspected, r.notes,
          r.created_at AS "createdAt", (r.unit_id = ${actor.unitId ?? '00000000-0000-0000-0000-000000000000'} AND r.report_date = ${utcDay(now)} AND ${op.state === 'active'}) AS editable
        FROM operation_reports r JOIN units u ON u.id = r.unit_id WHERE r.operation_id = ${id}
        ORDER BY r.report_date DESC, u.code`,
  );
  const [totals] = await rows<{ screened: number; selected: number; inspected: number; reports: number }>(
    db,
    sql`SELECT coalesce(sum(screened), 0)::int AS screened, coalesce(sum(selected), 0)::int AS selected, coalesce(sum(inspected), 0)::int AS inspected, count(*)::int AS reports
        FROM operation_reports WHERE operation_id = ${id}`,
  );
  return { data, totals: totals! };
}

/**
 * The operation room feed: the group's warnings, feedback on them and the operation's seizures, newest
 * first — only what the actor may see (warning and seizure visibility rules; feedback as on the warning page:
 * the sender side sees all of it, receivers their own country's). The read is audited.
 */
export async function operationFeed(db: Db, actor: Actor, ctx: AuditContext, id: string, opts: { limit: number; offset: number }) {
  const op = await loadOperation(db, actor, id);
  fullOnly(actor, 'operation.feed');
  const unit = actor.unitId ?? '00000000-0000-0000-0000-000000000000';
  const coordinator = actor.role === 'national_coordinator';
  const senderSide = sql`(w.sender_unit_id = ${unit} OR (${coordinator} AND w.sender_country = ${actor.country}))`;
  const feed = sql`
    SELECT 'warning' AS kind, w.id, w.id AS "warningId", w.sent_at AS at, w.sender_country AS country, su.code AS "unitCode",
           w.subject AS title, w.tlp, NULL::text AS result, NULL::boolean AS "onSharedInformation", NULL::text AS commodities
      FROM warnings w JOIN units su ON su.id = w.sender_unit_id
      WHERE w.group_id = ${op.groupId} AND w.state = 'sent' AND ${visibleWarningsWhere(actor, 'w')}
    UNION ALL
    SELECT 'feedback', f.id, w.id, f.created_at, f.country, fu.code, w.subject, w.tlp, f.result, NULL, NULL
      FROM warning_feedback f JOIN warnings w ON w.id = f.warning_id JOIN units fu ON fu.id = f.unit_id
      WHERE w.group_id = ${op.groupId} AND w.state = 'sent' AND ${visibleWarningsWhere(actor, 'w')} AND (${senderSide} OR f.country = ${actor.country})
    UNION ALL
    SELECT 'seizure', s.id, NULL, s.created_at, s.country, zu.code, s.reference || coalesce(': ' || nullif(s.summary, ''), ''), s.tlp, NULL, s.on_shared_information,
           (SELECT string_agg(DISTINCT i.commodity, ', ') FROM seizure_items i WHERE i.seizure_id = s.id)
      FROM seizures s JOIN units zu ON zu.id = s.unit_id
      WHERE (s.operation_id = ${op.id} OR (s.distribution = 'group' AND s.group_id = ${op.groupId})) AND ${visibleSharedRecordWhere(actor, 's')}`;
  return db.transaction(async (tx) => {
    const data = await rows<Record<string, unknown>>(tx, sql`SELECT * FROM (${feed}) x ORDER BY at DESC, id LIMIT ${opts.limit} OFFSET ${opts.offset}`);
    const [count] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM (${feed}) x`);
    await record(tx, ctx, { type: 'operation.feed_read', data: { operationId: id, readerCountry: actor.country, items: data.length } }, { country: op.coordinatingCountry, entityType: 'operation', entityId: id });
    return { data, total: count?.n ?? 0 };
  });
}
