/**
 * Versions of the learned risk model: the network model (country null) and one per country. Training
 * stores a `candidate` with its metrics, training range, rows/positives and who trained it; activating
 * makes it the one scoring uses (the previous active version is retired); rolling back re-activates the
 * version that was active before. Each change is one transaction with its audit row.
 *
 *   const v = await trainModelVersion(db, actor, ctx, { country: 'GE' });
 *   await activateModelVersion(db, actor, ctx, v.id);
 *   await rollbackModel(db, actor, ctx, { country: 'GE' });
 */
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { rows, type Db, type DbOrTx } from '../../db/client.ts';
import { modelVersions } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { record, type AuditContext } from '../../audit/audit.service.ts';
import { ModelInputError } from '../../engine/model/errors.ts';
import { canManageModel, canSeeModel, visibleModelsWhere } from '../../policies/model.policy.ts';
import { DRIFT_FRACTION, sampleMetrics, trainIrenModel, type IrenModelMetrics } from './model-training.ts';

/** A version trained on fewer positive inspections than this cannot be activated. */
export const MIN_POSITIVES_TO_ACTIVATE = 20;
/** Recent inspections needed before drift is judged. */
export const MIN_DRIFT_ROWS = 20;
const DRIFT_DAYS = 30;

type ModelRow = typeof modelVersions.$inferSelect;

const scopeWhere = (country: string | null) => (country === null ? isNull(modelVersions.country) : eq(modelVersions.country, country));

/** Columns without the model JSON (trees and training statistics stay on the server). */
const summaryColumns = {
  id: modelVersions.id,
  country: modelVersions.country,
  version: modelVersions.version,
  state: modelVersions.state,
  metrics: modelVersions.metrics,
  trainingFrom: modelVersions.trainingFrom,
  trainingTo: modelVersions.trainingTo,
  rows: modelVersions.rows,
  positives: modelVersions.positives,
  trainedBy: modelVersions.trainedBy,
  trainedAt: modelVersions.trainedAt,
  activatedBy: modelVersions.activatedBy,
  activatedAt: modelVersions.activatedAt,
};
type ModelSummary = Omit<ModelRow, 'model'>;

/** The scopes ('' = network-wide) with a retired version that was once active: where a rollback has somewhere to go. */
async function scopesWithEarlierVersion(db: DbOrTx): Promise<Set<string>> {
  const found = await rows<{ scope: string }>(db, sql`SELECT DISTINCT coalesce(country, '') AS scope FROM model_versions WHERE state = 'retired' AND activated_at IS NOT NULL`);
  return new Set(found.map((r) => r.scope));
}

function present(actor: Actor, row: ModelSummary, usernames: Map<string, string>, rollbackScopes: Set<string>) {
  const manage = canManageModel(actor, row.country);
  return {
    ...row,
    trainedAt: row.trainedAt.toISOString(),
    activatedAt: row.activatedAt?.toISOString() ?? null,
    trainedByName: row.trainedBy ? (usernames.get(row.trainedBy) ?? null) : null,
    activatedByName: row.activatedBy ? (usernames.get(row.activatedBy) ?? null) : null,
    minPositivesToActivate: MIN_POSITIVES_TO_ACTIVATE,
    can: {
      activate: manage && row.state !== 'active' && row.positives >= MIN_POSITIVES_TO_ACTIVATE,
      rollback: manage && row.state === 'active' && rollbackScopes.has(row.country ?? ''),
      train: manage,
    },
  };
}

async function usernamesOf(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map();
  const found = await rows<{ id: string; username: string }>(db, sql`SELECT id, username FROM users WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb)::uuid)`);
  return new Map(found.map((u) => [u.id, u.username]));
}

export async function listModelVersions(db: Db, actor: Actor, opts: { country?: string | null } = {}) {
  const list = await db
    .select(summaryColumns)
    .from(modelVersions)
    .where(and(visibleModelsWhere(actor), opts.country === undefined ? undefined : scopeWhere(opts.country)))
    .orderBy(sql`${modelVersions.country} NULLS FIRST`, desc(modelVersions.version));
  const names = await usernamesOf(db, list.flatMap((r) => [r.trainedBy, r.activatedBy]));
  const rollbackScopes = await scopesWithEarlierVersion(db);
  return list.map((r) => present(actor, r, names, rollbackScopes));
}

async function visibleModel(db: DbOrTx, actor: Actor, id: string): Promise<ModelSummary> {
  const [row] = await db.select(summaryColumns).from(modelVersions).where(and(eq(modelVersions.id, id), visibleModelsWhere(actor)));
  if (!row) throw notFound('Model version');
  return row;
}

export async function getModelVersion(db: Db, actor: Actor, id: string) {
  const row = await visibleModel(db, actor, id);
  const names = await usernamesOf(db, [row.trainedBy, row.activatedBy]);
  return { ...present(actor, row, names, await scopesWithEarlierVersion(db)), drift: await driftOf(db, row) };
}

/**
 * Drift: precision of this version's scores (as stored when the consignments were assessed) on the
 * consignments inspected in the last 30 days that arrived after its training data, against its
 * precision on the validation hold-out — both at the top DRIFT_FRACTION of the ranking.
 */
async function driftOf(db: DbOrTx, row: ModelSummary) {
  const recent = await rows<{ probability: number; label: number }>(
    db,
    sql`SELECT (r->>'probability')::float8 AS probability,
          max(CASE WHEN i.outcome IN ('irregularity', 'seizure') THEN 1 ELSE 0 END) AS label
        FROM risk_assessments a
        CROSS JOIN LATERAL jsonb_array_elements(a.reasons) r
        JOIN consignments c ON c.id = a.consignment_id
        JOIN inspections i ON i.consignment_id = a.consignment_id
        WHERE r->>'kind' = 'model' AND r->>'modelId' = ${row.id}
          AND i.inspected_at >= now() - make_interval(days => ${DRIFT_DAYS})
          AND coalesce(c.arrival_day, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) > ${row.trainingTo ?? ''}
        GROUP BY a.consignment_id, r->>'probability'`,
  );
  const metrics = row.metrics as unknown as IrenModelMetrics;
  const validationPrecision = metrics.validation?.inspected.top.find((t) => t.fraction === DRIFT_FRACTION)?.precision ?? null;
  const sample = sampleMetrics(
    recent.map((r) => r.probability),
    recent.map((r) => Number(r.label)),
  );
  const recentPrecision = sample.top.find((t) => t.fraction === DRIFT_FRACTION)?.precision ?? null;
  const status =
    sample.rows < MIN_DRIFT_ROWS || recentPrecision === null || validationPrecision === null ? 'insufficient' : recentPrecision < validationPrecision ? 'drift' : 'ok';
  return { days: DRIFT_DAYS, fraction: DRIFT_FRACTION, minRows: MIN_DRIFT_ROWS, recentRows: sample.rows, recentPositives: sample.positives, recentPrecision, validationPrecision, status };
}

export interface TrainInput {
  country: string | null;
  seed?: number;
}

/**
 * Trains a new candidate version from the inspections in scope. `actor` null = the scheduled job
 * (trainedBy stays empty unless `trainedBy` is given).
 */
export async function trainModelVersion(db: Db, actor: Actor | null, ctx: AuditContext, input: TrainInput & { trainedBy?: string | null }) {
  if (actor && !canManageModel(actor, input.country)) {
    if (!canSeeModel(actor, input.country)) throw notFound('Model');
    throw forbidden('model.train');
  }
  let trained: Awaited<ReturnType<typeof trainIrenModel>>;
  try {
    trained = await trainIrenModel(db, { country: input.country }, { seed: input.seed ?? 1 });
  } catch (error) {
    if (error instanceof ModelInputError) throw new AppError('MODEL_TRAINING_DATA', `Not enough inspection results to train a model: ${error.message}`, { country: input.country });
    throw error;
  }
  const { model, metrics } = trained;
  return db.transaction(async (tx) => {
    const [last] = await tx.select({ version: modelVersions.version }).from(modelVersions).where(scopeWhere(input.country)).orderBy(desc(modelVersions.version)).limit(1);
    const version = (last?.version ?? 0) + 1;
    const [row] = await tx
      .insert(modelVersions)
      .values({
        country: input.country,
        version,
        state: 'candidate',
        model,
        metrics: metrics as unknown as Record<string, unknown>,
        trainingFrom: model.trainingRange.from,
        trainingTo: model.trainingRange.to,
        rows: model.trainingRange.rows,
        positives: model.trainingRange.positives,
        trainedBy: actor?.userId ?? input.trainedBy ?? null,
      })
      .returning(summaryColumns);
    await record(tx, ctx, { type: 'model.trained', data: { modelId: row!.id, country: input.country, version, rows: row!.rows, positives: row!.positives } }, { country: input.country, entityType: 'model_version', entityId: row!.id });
    return row!;
  });
}

async function manageable(db: DbOrTx, actor: Actor, id: string, action: string): Promise<ModelSummary> {
  const row = await visibleModel(db, actor, id);
  if (!canManageModel(actor, row.country)) throw forbidden(action);
  return row;
}

/** Makes this version the active one of its scope; the previously active one is retired. */
export async function activateModelVersion(db: Db, actor: Actor, ctx: AuditContext, id: string) {
  const row = await manageable(db, actor, id, 'model.activate');
  if (row.state === 'active') return row;
  if (row.positives < MIN_POSITIVES_TO_ACTIVATE) {
    throw new AppError('MODEL_TOO_FEW_POSITIVES', `Version ${row.version} was trained on ${row.positives} positive inspections; at least ${MIN_POSITIVES_TO_ACTIVATE} are needed`, {
      positives: row.positives,
      minimum: MIN_POSITIVES_TO_ACTIVATE,
    });
  }
  return db.transaction(async (tx) => {
    const previous = await tx
      .update(modelVersions)
      .set({ state: 'retired' })
      .where(and(scopeWhere(row.country), eq(modelVersions.state, 'active'), ne(modelVersions.id, id)))
      .returning({ version: modelVersions.version });
    const [updated] = await tx.update(modelVersions).set({ state: 'active', activatedBy: actor.userId, activatedAt: new Date() }).where(eq(modelVersions.id, id)).returning(summaryColumns);
    await record(tx, ctx, { type: 'model.activated', data: { modelId: id, country: row.country, version: row.version, previousVersion: previous[0]?.version ?? null } }, { country: row.country, entityType: 'model_version', entityId: id });
    return updated!;
  });
}

/** Retires the active version of a scope and re-activates the one that was active before it. */
export async function rollbackModel(db: Db, actor: Actor, ctx: AuditContext, input: { country: string | null }) {
  if (!canManageModel(actor, input.country)) {
    if (!canSeeModel(actor, input.country)) throw notFound('Model');
    throw forbidden('model.rollback');
  }
  const [current] = await db.select(summaryColumns).from(modelVersions).where(and(scopeWhere(input.country), eq(modelVersions.state, 'active')));
  const [previous] = await db
    .select(summaryColumns)
    .from(modelVersions)
    .where(and(scopeWhere(input.country), eq(modelVersions.state, 'retired'), sql`${modelVersions.activatedAt} IS NOT NULL`, current ? ne(modelVersions.id, current.id) : undefined))
    .orderBy(desc(modelVersions.activatedAt))
    .limit(1);
  if (!current || !previous) throw new AppError('MODEL_NO_PREVIOUS_VERSION', undefined, { country: input.country });
  return db.transaction(async (tx) => {
    await tx.update(modelVersions).set({ state: 'retired' }).where(eq(modelVersions.id, current.id));
    const [restored] = await tx.update(modelVersions).set({ state: 'active', activatedBy: actor.userId, activatedAt: new Date() }).where(eq(modelVersions.id, previous.id)).returning(summaryColumns);
    await record(tx, ctx, { type: 'model.rolled_back', data: { country: input.country, fromVersion: current.version, toVersion: previous.version } }, { country: input.country, entityType: 'model_version', entityId: previous.id });
    return restored!;
  });
}
