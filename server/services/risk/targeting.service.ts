/**
 * The targeting queue of a unit, selection within its daily capacity with a random control sample, officers'
 * decisions, and inspection results.
 *
 * Selection (one run per unit and day): the highest-scored undecided consignments up to the unit's capacity are
 * targeted in their suggested lane (never below `minScore`); then `randomRate` of the remaining ones are picked at random and marked
 * `random`, so hit rates can be estimated without selection bias. A consignment whose score exceeds
 * `mustSelectScore` is always targeted, even beyond capacity (the "maximum hits without selection" safety).
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.ts';
import { consignments, inspections, riskAssessments, targetingDecisions, units, type Decision, type InspectionMethod, type InspectionOutcome, type Lane } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { canTarget } from '../../policies/risk.policy.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';

export async function targetingQueue(db: Db, actor: Actor, unitId: string, opts: { limit: number; offset: number; includeDecided?: boolean }) {
  const [unit] = await db.select({ id: units.id, country: units.country, dailyCapacity: units.dailyCapacity }).from(units).where(eq(units.id, unitId));
  if (!unit || !canTarget(actor, { unitId: unit.id, country: unit.country })) throw notFound('Unit queue');
  const queue = await db
    .select({
      id: consignments.id,
      documentNumber: consignments.documentNumber,
      mode: consignments.mode,
      vesselName: consignments.vesselName,
      placeOfLoading: consignments.placeOfLoading,
      placeOfDischarge: consignments.placeOfDischarge,
      transshipments: consignments.transshipments,
      estimatedArrivalDate: consignments.estimatedArrivalDate,
      score: riskAssessments.score,
      suggestedLane: riskAssessments.suggestedLane,
      reasons: riskAssessments.reasons,
      decision: targetingDecisions.decision,
      decisionLane: targetingDecisions.lane,
      random: targetingDecisions.random,
      consignee: sql<string | null>`(SELECT name FROM consignment_parties p WHERE p.consignment_id = ${consignments.id} AND p.role = 'consignee' LIMIT 1)`,
    })
    .from(consignments)
    .innerJoin(riskAssessments, eq(riskAssessments.consignmentId, consignments.id))
    .leftJoin(targetingDecisions, eq(targetingDecisions.consignmentId, consignments.id))
    .where(and(eq(consignments.unitId, unitId), eq(consignments.isCurrent, true), visibleConsignmentsWhere(actor), opts.includeDecided ? undefined : isNull(targetingDecisions.consignmentId)))
    .orderBy(desc(riskAssessments.score), sql`${consignments.estimatedArrivalDate} ASC NULLS LAST`, asc(consignments.id))
    .limit(opts.limit)
    .offset(opts.offset);
  return { unit, queue };
}

async function consignmentFor(db: Db, actor: Actor, id: string) {
  const [c] = await db
    .select({ id: consignments.id, unitId: consignments.unitId, country: consignments.country })
    .from(consignments)
    .where(and(eq(consignments.id, id), visibleConsignmentsWhere(actor)));
  if (!c) throw notFound('Consignment');
  if (!canTarget(actor, c)) throw forbidden('targeting.decide');
  return c;
}

export async function decide(db: Db, actor: Actor, ctx: AuditContext, id: string, input: { decision: Decision; lane?: Lane; comment?: string }) {
  const c = await consignmentFor(db, actor, id);
  const [assessment] = await db.select({ lane: riskAssessments.suggestedLane }).from(riskAssessments).where(eq(riskAssessments.consignmentId, id));
  const lane: Lane = input.lane ?? (input.decision === 'release' ? 'green' : (assessment?.lane ?? 'red'));
  if (input.decision === 'target' && lane === 'green') throw new AppError('VALIDATION_FAILED', 'A targeted consignment needs a red, yellow or blue lane', { field: 'lane' });
  return db.transaction(async (tx) => {
    const values = { consignmentId: id, unitId: c.unitId, decision: input.decision, lane, random: false, comment: input.comment ?? null, decidedBy: actor.userId, decidedAt: new Date() };
    const [row] = await tx
      .insert(targetingDecisions)
      .values(values)
      .onConflictDoUpdate({ target: targetingDecisions.consignmentId, set: { decision: values.decision, lane, comment: values.comment, decidedBy: actor.userId, decidedAt: values.decidedAt } })
      .returning();
    await record(tx, ctx, { type: 'targeting.decided', data: { decision: input.decision, lane, random: row!.random, comment: input.comment ?? null } }, { country: c.country, entityType: 'consignment', entityId: id });
    return row!;
  });
}

export interface SelectionOptions {
  /** Share of the unselected picked at random as a control sample (default 1 %). */
  randomRate?: number;
  /** Always select above this score, even beyond capacity (default 90). */
  mustSelectScore?: number;
  /** Never select by score below this (default 10): capacity is not filled with consignments nothing points at. */
  minScore?: number;
  /** Arrival day to select for (default: all undecided consignments). */
  day?: string;
  /** Random source for the control sample (tests pass a seeded one). */
  random?: () => number;
}

export async function runSelection(db: Db, actor: Actor, ctx: AuditContext, unitId: string, opts: SelectionOptions = {}) {
  const [unit] = await db.select().from(units).where(eq(units.id, unitId));
  if (!unit || !canTarget(actor, { unitId: unit.id, country: unit.country })) throw notFound('Unit');
  const randomRate = opts.randomRate ?? 0.01;
  const mustSelect = opts.mustSelectScore ?? 90;
  const minScore = opts.minScore ?? 10;
  const rand = opts.random ?? (() => crypto.randomInt(0, 2 ** 31) / 2 ** 31);
  const candidates = await rows<{ id: string; score: number; lane: Lane }>(
    db,
    sql`SELECT c.id, a.score, a.suggested_lane AS lane FROM consignments c
        JOIN risk_assessments a ON a.consignment_id = c.id
        LEFT JOIN targeting_decisions d ON d.consignment_id = c.id
        WHERE c.unit_id = ${unitId} AND c.is_current AND d.consignment_id IS NULL
        ${opts.day ? sql`AND c.arrival_day = ${opts.day}` : sql``}
        ORDER BY a.score DESC, c.estimated_arrival_date ASC NULLS LAST, c.id`,
  );
  const selected: { id: string; lane: Lane; random: boolean }[] = [];
  const rest: typeof candidates = [];
  for (const cand of candidates) {
    if ((selected.length < unit.dailyCapacity && cand.score >= minScore) || cand.score >= mustSelect) selected.push({ id: cand.id, lane: cand.lane === 'green' ? 'yellow' : cand.lane, random: false });
    else rest.push(cand);
  }
  const randomCount = rest.length ? Math.max(1, Math.round(rest.length * randomRate)) : 0;
  // Partial Fisher–Yates: an unbiased sample of the unselected.
  for (let i = 0; i < randomCount; i++) {
    const j = i + Math.floor(rand() * (rest.length - i));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    selected.push({ id: rest[i]!.id, lane: 'red', random: true });
  }
  await db.transaction(async (tx) => {
    if (selected.length) {
      await tx
        .insert(targetingDecisions)
        .values(selected.map((s) => ({ consignmentId: s.id, unitId, decision: 'target' as const, lane: s.lane, random: s.random, comment: s.random ? 'random control sample' : 'selected by score', decidedBy: actor.userId })))
        .onConflictDoNothing();
    }
    await record(tx, ctx, { type: 'targeting.selection_run', data: { unitId, day: opts.day ?? 'all', selected: selected.filter((s) => !s.random).length, random: randomCount, capacity: unit.dailyCapacity } }, { country: unit.country, entityType: 'unit', entityId: unitId });
  });
  return { candidates: candidates.length, selected: selected.filter((s) => !s.random).length, random: randomCount, capacity: unit.dailyCapacity, decisions: selected };
}

export async function recordInspection(db: Db, actor: Actor, ctx: AuditContext, id: string, input: { method: InspectionMethod; outcome: InspectionOutcome; notes?: string }) {
  const c = await consignmentFor(db, actor, id);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(inspections).values({ consignmentId: id, unitId: c.unitId, country: c.country, method: input.method, outcome: input.outcome, notes: input.notes ?? null, inspectedBy: actor.userId }).returning();
    await record(tx, ctx, { type: 'inspection.recorded', data: { inspectionId: row!.id, method: input.method, outcome: input.outcome } }, { country: c.country, entityType: 'consignment', entityId: id });
    return row!;
  });
}

/** Score, reasons, decision and inspections of one consignment (visible to its country's staff). */
export async function riskOf(db: Db, actor: Actor, id: string) {
  const [c] = await db.select({ id: consignments.id, unitId: consignments.unitId, country: consignments.country }).from(consignments).where(and(eq(consignments.id, id), visibleConsignmentsWhere(actor)));
  if (!c) throw notFound('Consignment');
  const [assessment] = await db.select().from(riskAssessments).where(eq(riskAssessments.consignmentId, id));
  const [decision] = await db.select().from(targetingDecisions).where(eq(targetingDecisions.consignmentId, id));
  const results = await db.select().from(inspections).where(eq(inspections.consignmentId, id)).orderBy(desc(inspections.inspectedAt));
  return {
    score: assessment?.score ?? null,
    suggestedLane: assessment?.suggestedLane ?? null,
    reasons: assessment?.reasons ?? [],
    assessedAt: assessment?.assessedAt.toISOString() ?? null,
    decision: decision ? { ...decision, decidedAt: decision.decidedAt.toISOString() } : null,
    inspections: results.map((r) => ({ ...r, inspectedAt: r.inspectedAt.toISOString() })),
    can: { decide: canTarget(actor, c) },
  };
}

export async function inspectionsOf(db: Db, actor: Actor, id: string) {
  await consignmentFor(db, actor, id);
  return db.select().from(inspections).where(eq(inspections.consignmentId, id)).orderBy(desc(inspections.inspectedAt));
}
