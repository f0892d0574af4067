import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { targetingDecisions, units } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { assessImport } from '../../services/risk/assess-import.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
let batumi: { id: string; country: string };

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  const [u] = await store.db.select({ id: units.id, country: units.country }).from(units).where(eq(units.code, 'GE-PTI-PCU'));
  batumi = u!;
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const api = async (user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('risk profiles', () => {
  it('points at the line and column of a rule error', async () => {
    const res = await api('ge.officer', 'POST', '/api/v1/risk/profiles', {
      ownerScope: 'unit',
      name: 'Broken rule',
      rule: 'goods.hs startsWith "0901"\nand consigne.country = "GE"',
      weight: 30,
      lane: 'red',
      reason: 'test',
      instruction: 'test',
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('RULE_INVALID');
    expect(err.details.errors[0]).toMatchObject({ line: 2, column: 5 });
    expect(err.message).toMatch(/consignee/);
  });

  it('tests a draft on history, activates it, scores new cargo with the reason first in the queue, and learns from the result', async () => {
    const list = await api('ge.officer', 'POST', '/api/v1/risk/lists', { ownerScope: 'unit', name: 'coffee-hubs', kind: 'ports', items: ['brssz', 'ECGYE'] });
    expect(list.statusCode).toBe(201);
    expect(list.json().data.items).toEqual(['BRSSZ', 'ECGYE']);
    const rule = 'route.loading in list("coffee-hubs") and goods.hs startsWith "0901"';
    const tested = await api('ge.officer', 'POST', '/api/v1/risk/profiles/test', { ownerScope: 'unit', rule, days: 365 });
    expect(tested.statusCode).toBe(200);
    expect(tested.json().data.consignments).toBeGreaterThan(0);

    const created = await api('ge.officer', 'POST', '/api/v1/risk/profiles', { ownerScope: 'unit', name: 'Coffee from cocaine hubs', rule, weight: 70, lane: 'red', reason: 'Coffee from Santos/Guayaquil is used as cover load', instruction: 'Scan, then open and probe the bags' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id;
    expect(created.json().data).toMatchObject({ state: 'draft', currentVersion: 1, ownerScope: 'unit', ownerCountry: 'GE' });
    expect((await api('ge.officer', 'POST', `/api/v1/risk/profiles/${id}/state`, { state: 'active' })).statusCode).toBe(200);
    // Other countries do not see a GE unit's profile.
    expect((await api('kz.officer', 'GET', `/api/v1/risk/profiles/${id}`)).statusCode).toBe(404);

    const coffee = { ...[...demoConsignments({ place: 'GEPTI', country: 'GE', count: 1, seed: 5, today: DEMO_TODAY })][0]!, documentNumber: 'MSCU99000001', placeOfLoading: 'BRSSZ', countryOfOrigin: 'BR' };
    coffee.goodsItems = coffee.goodsItems.map((g, i) => (i === 0 ? { ...g, hsCode: '090111', description: 'GREEN COFFEE BEANS' } : g));
    const imported = await importConsignments(store.db, { unit: batumi, format: 'json', source: [JSON.stringify(coffee)], fileName: 'coffee.json', ctx: SYSTEM_CONTEXT });
    await assessImport(store.db, imported.importId!);

    const queue = await api('ge.officer', 'GET', `/api/v1/targeting/queue?unitId=${batumi.id}`);
    expect(queue.statusCode).toBe(200);
    const top = queue.json().data[0];
    expect(top.documentNumber).toBe('MSCU99000001');
    expect(top.score).toBeGreaterThanOrEqual(70);
    expect(top.score).toBeLessThan(100);
    const reason = top.reasons.find((r: { kind: string }) => r.kind === 'profile');
    expect(reason).toMatchObject({ name: 'Coffee from cocaine hubs', version: 1, instruction: 'Scan, then open and probe the bags', lane: 'red' });
    expect(reason.conditions.join(' ')).toMatch(/BRSSZ/);

    // KZ cannot see GE's queue.
    expect((await api('kz.unit_head', 'GET', `/api/v1/targeting/queue?unitId=${batumi.id}`)).statusCode).toBe(404);

    const decided = await api('ge.officer', 'POST', `/api/v1/consignments/${top.id}/decision`, { decision: 'target', comment: 'matches the coffee profile' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json().data.lane).toBe('red');
    const inspected = await api('ge.officer', 'POST', `/api/v1/consignments/${top.id}/inspections`, { method: 'physical', outcome: 'seizure', notes: '12 kg in the bags' });
    expect(inspected.statusCode).toBe(201);
    expect((await api('kz.officer', 'POST', `/api/v1/consignments/${top.id}/inspections`, { method: 'xray', outcome: 'no_find' })).statusCode).toBe(404);

    const risk = await api('ge.national_coordinator', 'GET', `/api/v1/consignments/${top.id}/risk`);
    expect(risk.json().data).toMatchObject({ decision: { decision: 'target' }, inspections: [{ outcome: 'seizure' }] });
    expect(risk.json().data.reasons[0].name).toBe('Coffee from cocaine hubs');
    expect((await api('kz.national_coordinator', 'GET', `/api/v1/consignments/${top.id}/risk`)).statusCode).toBe(404);

    // Edit = new version; performance per version.
    const v2 = await api('ge.officer', 'POST', `/api/v1/risk/profiles/${id}/versions`, { rule, weight: 75, lane: 'red', reason: 'Coffee from Santos/Guayaquil', instruction: 'Scan and probe' });
    expect(v2.json().data.currentVersion).toBe(2);
    const detail = await api('ge.officer', 'GET', `/api/v1/risk/profiles/${id}`);
    const perf = detail.json().data.performance.find((p: { version: number }) => p.version === 1);
    expect(perf).toMatchObject({ hits: 1, selected: 1, inspected: 1, positive: 1, hitRate: 1 });
    expect(detail.json().data.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('keeps observers and other countries out of writing', async () => {
    expect((await api('pk.observer', 'GET', '/api/v1/risk/profiles')).json().data).toEqual([]);
    const res = await api('kz.officer', 'POST', '/api/v1/risk/lists', { ownerScope: 'network', name: 'x-list', kind: 'other', items: ['a'] });
    expect(res.statusCode).toBe(403);
  });
});

describe('selection', () => {
  it('selects within capacity by score, adds a random control sample from the rest, and marks it random', async () => {
    const [poti] = await store.db.select().from(units).where(eq(units.code, 'UA-ILK-PCU'));
    const ua = { id: poti!.id, country: 'UA' };
    const cs = [...demoConsignments({ place: 'UAILK', country: 'UA', count: 120, seed: 31, today: DEMO_TODAY })].map((c, i) => ({ ...c, documentNumber: `SEL${String(i).padStart(6, '0')}` }));
    const imp = await importConsignments(store.db, { unit: ua, format: 'json', source: cs.map((c) => `${JSON.stringify(c)}\n`), fileName: 'sel.jsonl', ctx: SYSTEM_CONTEXT });
    await assessImport(store.db, imp.importId!);
    await api('admin', 'PATCH', `/api/v1/units/${ua.id}`, { dailyCapacity: 5 });
    const res = await api('ua.national_coordinator', 'POST', '/api/v1/targeting/selection', { unitId: ua.id, randomRate: 0.1, minScore: 0, mustSelectScore: 100 });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json().data;
    expect(r.selected).toBe(5);
    expect(r.random).toBe(Math.round((r.candidates - 5) * 0.1));
    const decisions = await store.db.select().from(targetingDecisions).where(eq(targetingDecisions.unitId, ua.id));
    expect(decisions.filter((d) => d.random)).toHaveLength(r.random);
    expect(decisions.filter((d) => !d.random)).toHaveLength(5);
    // The score-selected ones are the five highest scores.
    const queueAll = await api('ua.national_coordinator', 'GET', `/api/v1/targeting/queue?unitId=${ua.id}&includeDecided=true&limit=5`);
    const topIds = queueAll.json().data.map((q: { id: string }) => q.id);
    const scoreSelected = decisions.filter((d) => !d.random).map((d) => d.consignmentId);
    expect(new Set(scoreSelected)).toEqual(new Set(topIds));
  });
});
