import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { auditLog, consignments, modelVersions, units, users } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { assessImport } from '../../services/risk/assess-import.ts';
import { recordInspection } from '../../services/risk/targeting.service.ts';
import { actorOf } from '../../services/auth.service.ts';
import { trainModelVersion } from '../../services/risk/model.service.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { claimNext, runJob } from '../../jobs/queue.ts';
import { jobRegistry } from '../../jobs/definitions.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
let tashkent: { id: string; country: string };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const api = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

/** Consignments into Tashkent (UZ has no demo cargo): via Bandar Abbas mostly positive, via Ambarli mostly not. */
async function importUz(count: number, seed: number, prefix: string, today: Date) {
  const cs = [...demoConsignments({ place: 'UZTAS', country: 'UZ', count, seed, today })].map((c, i) => ({
    ...c,
    documentNumber: `${prefix}${String(i).padStart(6, '0')}`,
    transshipments: [i % 3 === 0 ? 'IRBND' : 'TRAMB'],
  }));
  const imported = await importConsignments(store.db, { unit: tashkent, format: 'json', source: cs.map((c) => `${JSON.stringify(c)}\n`), fileName: `${prefix}.jsonl`, ctx: SYSTEM_CONTEXT });
  await assessImport(store.db, imported.importId!);
  return store.db.select({ id: consignments.id, documentNumber: consignments.documentNumber, transshipments: consignments.transshipments }).from(consignments).where(eq(consignments.importId, imported.importId!));
}

async function runRetrainJob() {
  const job = await claimNext(store.db, 'test-worker', ['model.retrain']);
  expect(job).not.toBeNull();
  await runJob(store.db, jobRegistry(), job!, silent);
  return job!;
}

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  const [unit] = await store.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, 'UZ-TAS-PCU'));
  tashkent = unit!;
  // History: 120 inspected consignments over the 40 days before the demo day.
  const history = await importUz(120, 501, 'UZH', new Date(DEMO_TODAY.getTime() - 30 * 86_400_000));
  const [coordinator] = await store.db.select().from(users).where(eq(users.username, 'uz.national_coordinator'));
  const actor = actorOf(coordinator!);
  for (const [i, c] of history.entries()) {
    const risky = c.transshipments.includes('IRBND');
    const positive = risky ? i % 5 !== 0 : i % 7 === 0;
    await recordInspection(store.db, actor, SYSTEM_CONTEXT, c.id, { method: 'xray', outcome: positive ? (i % 2 ? 'seizure' : 'irregularity') : 'no_find' });
  }
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

describe('learned model versions', () => {
  let v1: string;
  let v2: string;

  it('the demo seed ends with an active network model trained on demo inspections', async () => {
    const res = await api('admin', 'GET', '/api/v1/risk/models');
    expect(res.statusCode, res.body).toBe(200);
    const active = res.json().data.find((m: { state: string; country: string | null }) => m.state === 'active' && m.country === null);
    expect(active).toBeDefined();
    expect(active.positives).toBeGreaterThanOrEqual(20);
    expect(active.metrics.validation.inspected.rows).toBeGreaterThan(0);
    expect(active).not.toHaveProperty('model');
  });

  it('only the country\'s national coordinator trains its model; others get 404 or 403', async () => {
    expect((await api('ge.national_coordinator', 'POST', '/api/v1/risk/models/train', { country: 'UZ' })).statusCode).toBe(404);
    expect((await api('uz.officer', 'POST', '/api/v1/risk/models/train', { country: 'UZ' })).statusCode).toBe(403);
    expect((await api('uz.national_coordinator', 'POST', '/api/v1/risk/models/train', { country: 'UZ' })).statusCode).toBe(202);
    const bad = await api('uz.national_coordinator', 'POST', '/api/v1/risk/models/train', { country: 'uz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    await runRetrainJob();
    // The second (bad) request was refused, so exactly one job ran and made version 1.
    const [row] = await store.db.select().from(modelVersions).where(eq(modelVersions.country, 'UZ'));
    expect(row).toMatchObject({ version: 1, state: 'candidate', rows: 120 });
    expect(row!.positives).toBeGreaterThanOrEqual(40);
    v1 = row!.id;
    const trained = await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'model.trained'), eq(auditLog.entityId, v1)));
    expect(trained).toHaveLength(1);
    expect(trained[0]!.actorUsername).toBe('uz.national_coordinator');
  });

  it('shows the model card to the country, not to other countries or the network admin', async () => {
    const card = await api('uz.officer', 'GET', `/api/v1/risk/models/${v1}`);
    expect(card.statusCode, card.body).toBe(200);
    const data = card.json().data;
    expect(data).toMatchObject({ country: 'UZ', version: 1, rows: 120, trainedByName: 'uz.national_coordinator', can: { activate: false, rollback: false } });
    expect(data.metrics.training.controlRows).toBe(0);
    expect(data.metrics.validation.inspected.rows).toBeGreaterThan(0);
    expect(data.metrics.importance.length).toBeGreaterThan(0);
    expect(data.drift.status).toBe('insufficient');
    expect((await api('kz.national_coordinator', 'GET', `/api/v1/risk/models/${v1}`)).statusCode).toBe(404);
    expect((await api('admin', 'GET', `/api/v1/risk/models/${v1}`)).statusCode).toBe(404);
    expect((await api('uz.observer', 'GET', '/api/v1/risk/models')).json().data).toEqual([]);
    expect((await api('uz.national_coordinator', 'GET', `/api/v1/risk/models/${v1}`)).json().data.can.activate).toBe(true);
  });

  it('activates (audited), and scoring then includes the model reason in plain words', async () => {
    expect((await api('uz.officer', 'POST', `/api/v1/risk/models/${v1}/activate`)).statusCode).toBe(403);
    expect((await api('kz.national_coordinator', 'POST', `/api/v1/risk/models/${v1}/activate`)).statusCode).toBe(404);
    const res = await api('uz.national_coordinator', 'POST', `/api/v1/risk/models/${v1}/activate`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ state: 'active', activatedByName: 'uz.national_coordinator' });
    expect(await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'model.activated'), eq(auditLog.entityId, v1)))).toHaveLength(1);

    const fresh = await importUz(6, 777, 'UZN', DEMO_TODAY);
    const reasonsOf = async (id: string) => {
      const risk = await api('uz.officer', 'GET', `/api/v1/consignments/${id}/risk`);
      expect(risk.statusCode).toBe(200);
      return risk.json().data.reasons as { kind: string; modelId?: string; probability?: number; contributions?: { key: string; params: Record<string, unknown> }[] }[];
    };
    const probabilities: Record<string, number[]> = { risky: [], other: [] };
    for (const c of fresh) {
      const model = (await reasonsOf(c.id)).find((r) => r.kind === 'model');
      expect(model).toMatchObject({ modelId: v1, version: 1, country: 'UZ' });
      expect(model!.contributions!.length).toBeGreaterThan(0);
      for (const k of model!.contributions!) expect(k.key).toMatch(/^[a-z_]+(\.[A-Za-z_]+)?$/);
      probabilities[c.transshipments.includes('IRBND') ? 'risky' : 'other']!.push(model!.probability!);
    }
    // Learned from the history: via Bandar Abbas is riskier.
    expect(Math.min(...probabilities.risky!)).toBeGreaterThan(Math.max(...probabilities.other!));
    const risky = fresh.find((c) => c.transshipments.includes('IRBND'))!;
    const why = (await reasonsOf(risky.id)).find((r) => r.kind === 'model')!;
    const route = why.contributions!.find((k) => k.key === 'history.transshipment');
    if (route) expect(route.params).toMatchObject({ code: 'IRBND', place: 'Bandar Abbas' });
  });

  it('refuses to activate a version trained on too few positives', async () => {
    const [few] = await store.db
      .insert(modelVersions)
      .values({ country: 'UZ', version: 99, state: 'candidate', model: {}, metrics: {}, rows: 30, positives: 3 })
      .returning();
    const res = await api('uz.national_coordinator', 'POST', `/api/v1/risk/models/${few!.id}/activate`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'MODEL_TOO_FEW_POSITIVES', details: { positives: 3, minimum: 20 } });
    await store.db.delete(modelVersions).where(eq(modelVersions.id, few!.id));
  });

  it('rolls back to the version active before (audited), and scoring follows', async () => {
    const admin = actorOf((await store.db.select().from(users).where(eq(users.username, 'uz.national_coordinator')))[0]!);
    const canRollBack = async (id: string) => (await api('uz.national_coordinator', 'GET', `/api/v1/risk/models/${id}`)).json().data.can.rollback;
    // The first active version has nothing to go back to: no rollback offered.
    expect(await canRollBack(v1)).toBe(false);
    const second = await trainModelVersion(store.db, admin, SYSTEM_CONTEXT, { country: 'UZ', seed: 2 });
    v2 = second.id;
    expect(second.version).toBe(2);
    expect((await api('uz.national_coordinator', 'POST', `/api/v1/risk/models/${v2}/activate`)).statusCode).toBe(200);
    const states = async () => Object.fromEntries((await store.db.select().from(modelVersions).where(eq(modelVersions.country, 'UZ'))).map((r) => [r.version, r.state]));
    expect(await states()).toEqual({ 1: 'retired', 2: 'active' });
    expect(await canRollBack(v2)).toBe(true);

    expect((await api('uz.officer', 'POST', '/api/v1/risk/models/rollback', { country: 'UZ' })).statusCode).toBe(403);
    expect((await api('ge.national_coordinator', 'POST', '/api/v1/risk/models/rollback', { country: 'UZ' })).statusCode).toBe(404);
    const res = await api('uz.national_coordinator', 'POST', '/api/v1/risk/models/rollback', { country: 'UZ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ id: v1, version: 1, state: 'active' });
    expect(await states()).toEqual({ 1: 'active', 2: 'retired' });
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.type, 'model.rolled_back'));
    expect(audit.at(-1)!.data).toMatchObject({ country: 'UZ', fromVersion: 2, toVersion: 1 });

    const [one] = await importUz(1, 901, 'UZR', DEMO_TODAY);
    const risk = await api('uz.officer', 'GET', `/api/v1/consignments/${one!.id}/risk`);
    expect(risk.json().data.reasons.find((r: { kind: string }) => r.kind === 'model')).toMatchObject({ modelId: v1, version: 1 });
  });

  it('a country with no inspections cannot train: a clear error, no version', async () => {
    const kg = actorOf((await store.db.select().from(users).where(eq(users.username, 'kg.national_coordinator')))[0]!);
    await expect(trainModelVersion(store.db, kg, SYSTEM_CONTEXT, { country: 'KG' })).rejects.toMatchObject({ code: 'MODEL_TRAINING_DATA' });
    expect(await store.db.select().from(modelVersions).where(eq(modelVersions.country, 'KG'))).toHaveLength(0);
  });
});
