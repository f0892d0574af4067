/**
 * Joint operations end to end: creation with its sharing group, who sees what (members, observers,
 * non-members), the operation room feed, daily reports, and the after-action report checked figure by figure
 * against a small hand-counted operation (JSON and the PDF's text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Store } from '../../db/client.ts';
import { auditLog, consignments, units, users } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { addFeedback, createWarning } from '../../services/exchange/warnings.service.ts';
import { actorOf } from '../../services/auth.service.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import type { Actor } from '../../auth/actor.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const unitIds: Record<string, string> = {};

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  for (const u of await store.db.select({ id: units.id, code: units.code }).from(units)) unitIds[u.code] = u.id;
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const api = async (user: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

async function actor(username: string): Promise<Actor> {
  const [u] = await store.db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

const exec = (q: ReturnType<typeof sql>) => store.db.execute(q);

let seed = 7000;
/** Imports n consignments for a unit and puts them on `day`; returns their ids. */
async function cargo(unitCode: string, n: number, day: string): Promise<string[]> {
  const [u] = await store.db.select({ id: units.id, country: units.country, locode: units.locode }).from(units).where(eq(units.code, unitCode));
  const lines = [...demoConsignments({ place: u!.locode, country: u!.country, count: n, seed: seed++, today: new Date(`${day}T00:00:00Z`) })].map((c) => `${JSON.stringify(c)}\n`);
  const imp = await importConsignments(store.db, { unit: { id: u!.id, country: u!.country }, format: 'json', source: lines, fileName: `${unitCode}-${seed}.jsonl`, ctx: SYSTEM_CONTEXT });
  const ids = (await store.db.select({ id: consignments.id }).from(consignments).where(eq(consignments.importId, imp.importId!))).map((c) => c.id);
  expect(ids).toHaveLength(n);
  await exec(sql`UPDATE consignments SET arrival_day = ${day} WHERE import_id = ${imp.importId}`);
  return ids;
}
async function assess(ids: string[]) {
  for (const id of ids) {
    await exec(sql`INSERT INTO risk_assessments (consignment_id, unit_id, country, score, suggested_lane, reasons)
                   SELECT id, unit_id, country, 40, 'yellow', '[]'::jsonb FROM consignments WHERE id = ${id}
                   ON CONFLICT (consignment_id) DO UPDATE SET score = 40`);
  }
}
async function decision(id: string, d: 'target' | 'release') {
  await exec(sql`INSERT INTO targeting_decisions (consignment_id, unit_id, decision, lane) SELECT id, unit_id, ${d}, 'red' FROM consignments WHERE id = ${id}`);
}
async function inspection(id: string, outcome: 'no_find' | 'irregularity' | 'seizure') {
  await exec(sql`INSERT INTO inspections (consignment_id, unit_id, country, method, outcome) SELECT id, unit_id, country, 'physical', ${outcome} FROM consignments WHERE id = ${id}`);
}

const PERIOD = { startsOn: '2031-03-01', endsOn: '2031-03-10' };
const IN = '2031-03-05';

describe('an operation and its after-action report', () => {
  let opId: string;
  let groupId: string;
  const warningIds: string[] = [];
  const seizureIds: Record<string, string> = {};

  it('a unit head creates it: the coordinating unit is their own, the participants form a closed group (audited)', async () => {
    const res = await api('kz.unit_head', 'POST', '/api/v1/operations', {
      code: 'IREN-TEST-OP',
      name: 'Caspian test operation',
      ...PERIOD,
      participants: [{ country: 'AZ' }, { country: 'GE', unitId: unitIds['GE-PTI-PCU'] }],
      targetCommodities: ['heroin', 'methamphetamine', 'precursors'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const op = res.json().data;
    opId = op.id;
    groupId = op.groupId;
    expect(op).toMatchObject({ coordinatingUnitId: unitIds['KZ-AAU-PCU'], coordinatingCountry: 'KZ', state: 'planned' });
    const members = await store.db.execute(sql`SELECT country, unit_id FROM sharing_group_members WHERE group_id = ${groupId} ORDER BY country`);
    expect((members as unknown as { rows: { country: string; unit_id: string | null }[] }).rows).toEqual([
      { country: 'AZ', unit_id: null },
      { country: 'GE', unit_id: unitIds['GE-PTI-PCU'] },
    ]);
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.entityId, opId));
    expect(audit.map((a) => a.type)).toContain('operation.created');
  });

  it('refuses bad input with the field named, and officers', async () => {
    const base = { code: 'IREN-TEST-X', name: 'x op', ...PERIOD, participants: [{ country: 'AZ' }] };
    const bad = async (body: object, field: string, status = 400) => {
      const r = await api('kz.unit_head', 'POST', '/api/v1/operations', { ...base, ...body });
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.details.field).toContain(field);
    };
    await bad({ targetCommodities: ['bananas'] }, 'targetCommodities');
    await bad({ endsOn: '2031-02-01' }, 'endsOn');
    await bad({ participants: [{ country: 'FR' }] }, 'participants[0].country');
    await bad({ participants: [{ country: 'AZ', unitId: unitIds['GE-PTI-PCU'] }] }, 'participants[0].unitId');
    await bad({ code: 'IREN-TEST-OP' }, 'code', 409);
    await bad({ code: 'lower case' }, 'code');
    expect((await api('kz.officer', 'POST', '/api/v1/operations', base)).statusCode).toBe(403);
  });

  it('builds the hand-counted fixture: cargo, decisions, inspections, group warnings with feedback, seizures', async () => {
    // Participating units: KZ-AAU-PCU (coordinating), every AZ unit (country member), GE-PTI-PCU (unit member).
    const kz = await cargo('KZ-AAU-PCU', 4, IN);
    const kzOut = await cargo('KZ-AAU-PCU', 1, '2031-02-20'); // outside the period
    const kzUnassessed = await cargo('KZ-AAU-PCU', 1, IN); // never screened
    const az = await cargo('AZ-ALA-PCU', 3, IN);
    const ge = await cargo('GE-PTI-PCU', 2, '2031-03-10');
    const bus = await cargo('GE-BUS-PCU', 2, IN); // Georgian, but not a member unit
    const uz = await cargo('UZ-TAS-PCU', 1, IN); // not a participant
    await assess([...kz, ...kzOut, ...az, ...ge, ...bus, ...uz]);
    expect(kzUnassessed).toHaveLength(1);
    // screened = 4 + 3 + 2 = 9
    for (const id of [kz[0]!, kz[1]!, az[0]!, ge[0]!, bus[0]!, kzOut[0]!]) await decision(id, 'target'); // selected = 4
    await decision(kz[2]!, 'release');
    await inspection(kz[0]!, 'seizure');
    await inspection(kz[1]!, 'no_find');
    await inspection(az[0]!, 'irregularity');
    await inspection(az[0]!, 'no_find'); // second inspection of the same consignment: counted once
    await inspection(ge[0]!, 'no_find');
    await inspection(kz[2]!, 'no_find'); // inspected without a target decision
    await inspection(bus[0]!, 'seizure'); // not a participating unit
    await inspection(kzOut[0]!, 'seizure'); // outside the period
    // inspected = kz0, kz1, az0, ge0, kz2 = 5; positive = kz0, az0 = 2; hit rate 0.4

    const facts = { parties: [{ name: 'Quorvexa Tremblent Holdings', role: 'consignee' }] };
    const warn = async (user: string, subject: string, distribution: 'group' | 'network' = 'group') =>
      createWarning(store.db, await actor(user), SYSTEM_CONTEXT, { subject, facts, reasons: 'test reasons', requestedAction: 'inspect', tlp: 'AMBER', distribution: distribution === 'group' ? 'group' : 'own_country', groupId: distribution === 'group' ? groupId : undefined });
    const w1 = await warn('kz.unit_head', 'W1 heroin in textiles');
    const w2 = await warn('kz.unit_head', 'W2 meth in spare parts');
    const w3 = await warn('az.unit_head', 'W3 precursors by rail');
    const w4 = await warn('kz.unit_head', 'W4 never answered');
    const pending = await warn('kz.officer', 'W5 awaiting approval');
    const outside = await warn('kz.unit_head', 'W6 outside the group', 'network');
    expect(pending.state).toBe('pending_approval');
    expect(outside.groupId).toBeNull();
    warningIds.push(w1.id, w2.id, w3.id, w4.id);
    const sent = new Date('2031-03-02T08:00:00Z');
    for (const w of [w1, w2, w3, w4]) await exec(sql`UPDATE warnings SET sent_at = ${sent.toISOString()} WHERE id = ${w.id}`);
    const answer = async (user: string, warningId: string, afterHours: number) => {
      const f = await addFeedback(store.db, await actor(user), SYSTEM_CONTEXT, warningId, { status: 'actioned', action: 'xray', result: 'no_find' });
      await exec(sql`UPDATE warning_feedback SET created_at = ${new Date(sent.getTime() + afterHours * 3_600_000).toISOString()} WHERE id = ${f.id}`);
    };
    await answer('az.officer', w1.id, 2);
    await answer('ge.officer', w1.id, 5); // later feedback on an answered warning: the first one counts
    await answer('ge.officer', w2.id, 10);
    await answer('kz.officer', w3.id, 4);
    // exchanged 4, answered 3, response times 2 h, 10 h, 4 h → median 4, max 10

    const seizure = async (ref: string, unitCode: string, o: { shared: boolean; tlp: string; distribution: string; operation?: boolean; items: [string, number, string][] }) => {
      const [u] = await store.db.select().from(units).where(eq(units.code, unitCode));
      const creator = await actor(`${u!.country.toLowerCase()}.officer`);
      const res = await store.db.execute(sql`INSERT INTO seizures (reference, unit_id, country, seizure_date, operation_id, form, quality_score, on_shared_information, tlp, distribution, group_id, created_by, summary)
        VALUES (${ref}, ${u!.id}, ${u!.country}, ${IN}, ${o.operation === false ? null : opId}, 'minimal', 80, ${o.shared}, ${o.tlp}, ${o.distribution}, ${o.distribution === 'group' ? groupId : null}, ${creator.userId}, 'test')
        RETURNING id`);
      const id = (res as unknown as { rows: { id: string }[] }).rows[0]!.id;
      for (const [commodity, quantity, unit] of o.items) await exec(sql`INSERT INTO seizure_items (seizure_id, commodity, quantity, unit) VALUES (${id}, ${commodity}, ${quantity}, ${unit})`);
      seizureIds[ref] = id;
    };
    await seizure('T-S1', 'KZ-AAU-PCU', { shared: true, tlp: 'AMBER', distribution: 'group', items: [['heroin', 12, 'kg'], ['methamphetamine', 500, 'g']] });
    await seizure('T-S2', 'AZ-ALA-PCU', { shared: false, tlp: 'GREEN', distribution: 'own_country', items: [['heroin', 3000, 'g']] });
    await seizure('T-S3', 'GE-PTI-PCU', { shared: true, tlp: 'AMBER', distribution: 'group', items: [['methamphetamine', 1.5, 'kg']] });
    await seizure('T-S4', 'KZ-AAU-PCU', { shared: false, tlp: 'RED', distribution: 'own_unit', items: [['precursors', 200, 'l']] });
    await seizure('T-S5', 'KZ-AAU-PCU', { shared: true, tlp: 'GREEN', distribution: 'network', operation: false, items: [['heroin', 99, 'kg']] });
  });

  it('reports every figure as hand-counted (coordinating unit head)', async () => {
    const res = await api('kz.unit_head', 'GET', `/api/v1/operations/${opId}/report`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json().data;
    expect(r.operation).toMatchObject({ code: 'IREN-TEST-OP', countries: ['AZ', 'GE', 'KZ'], coordinatingUnitCode: 'KZ-AAU-PCU' });
    expect(r.cargo).toEqual({ screened: 9, selected: 4, inspected: 5, positive: 2, hitRate: 0.4 });
    expect(r.warnings).toEqual({ exchanged: 4, answered: 3, medianResponseHours: 4, maxResponseHours: 10 });
    expect(r.seizures.total).toBe(4);
    expect(r.seizures.onSharedInformation).toBe(2);
    expect(r.seizures.byCommodity).toEqual([
      { commodity: 'heroin', seizures: 2, quantity: 15, unit: 'kg' },
      { commodity: 'methamphetamine', seizures: 2, quantity: 2, unit: 'kg' },
      { commodity: 'precursors', seizures: 1, quantity: 200, unit: 'l' },
    ]);
    expect(r.seizures.byCountry).toEqual([
      { country: 'KZ', seizures: 2, onSharedInformation: 1 },
      { country: 'AZ', seizures: 1, onSharedInformation: 0 },
      { country: 'GE', seizures: 1, onSharedInformation: 1 },
    ]);
  });

  it('the PDF carries the key figures (text extracted with unpdf); the export is audited', async () => {
    const res = await api('kz.unit_head', 'GET', `/api/v1/operations/${opId}/report.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const s of ['After-action report: Caspian test operation', 'IREN-TEST-OP', 'Consignments screened 9', 'Selected 4', 'Inspected 5', 'Hit rate 40.0 %', 'Warnings exchanged 4', 'Answered 3', 'Median response (h) 4.0', 'Longest response (h) 10.0', 'On shared information 2', 'Heroin 2 15 kg', 'Methamphetamine 2 2 kg']) {
      expect(flat).toContain(s);
    }
    const ru = await api('kz.unit_head', 'GET', `/api/v1/operations/${opId}/report.pdf?lang=ru`);
    const ruText = (await extractText(await getDocumentProxy(new Uint8Array(ru.rawPayload)), { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(ruText).toContain('Проверено партий 9');
    expect(ruText).toContain('Героин 2 15 kg');
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.type, 'operation.report_exported'));
    expect(audit.filter((a) => a.entityId === opId)).toHaveLength(2);
  });

  it('a non-member sees nothing: 404 on get, feed, report and PDF, absent from the list', async () => {
    for (const user of ['uz.officer', 'uz.national_coordinator', 'pk.observer']) {
      for (const path of ['', '/feed', '/report', '/report.pdf', '/daily-reports']) {
        expect((await api(user, 'GET', `/api/v1/operations/${opId}${path}`)).statusCode, `${user} ${path}`).toBe(404);
      }
      const list = await api(user, 'GET', '/api/v1/operations?limit=200');
      expect(list.json().data.map((o: { id: string }) => o.id)).not.toContain(opId);
    }
    expect((await api('uz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: 1, selected: 0, inspected: 0 })).statusCode).toBe(404);
  });

  it('an observer of a participating country gets aggregates only', async () => {
    const get = await api('az.observer', 'GET', `/api/v1/operations/${opId}`);
    expect(get.statusCode).toBe(200);
    const d = get.json().data;
    expect(d).toEqual({ view: 'aggregate', id: opId, name: 'Caspian test operation', ...PERIOD, state: 'planned', countries: ['AZ', 'GE', 'KZ'], can: { manage: false, report: false } });
    const list = (await api('az.observer', 'GET', '/api/v1/operations?limit=200')).json().data.find((o: { id: string }) => o.id === opId);
    expect(list).toMatchObject({ code: null, coordinatingUnitCode: null, view: 'aggregate' });
    expect((await api('az.observer', 'GET', `/api/v1/operations/${opId}/feed`)).statusCode).toBe(403);
    expect((await api('az.observer', 'GET', `/api/v1/operations/${opId}/daily-reports`)).statusCode).toBe(403);
    const report = (await api('az.observer', 'GET', `/api/v1/operations/${opId}/report`)).json().data;
    expect(report.operation.code).toBeNull();
    expect(report.cargo.screened).toBe(9);
    // The TLP:RED seizure counts only for those who may see it.
    expect(report.seizures.total).toBe(3);
    expect(report.seizures.byCommodity.map((c: { commodity: string }) => c.commodity)).not.toContain('precursors');
  });

  it('the operation room feed shows members only what they may see, newest first; the read is audited', async () => {
    const res = await api('ge.officer', 'GET', `/api/v1/operations/${opId}/feed?limit=100`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().data as { kind: string; id: string; warningId: string | null; country: string; at: string }[];
    const ids = items.map((i) => i.id);
    for (const w of warningIds) expect(ids).toContain(w);
    expect(ids).toContain(seizureIds['T-S1']);
    expect(ids).toContain(seizureIds['T-S3']);
    expect(ids).not.toContain(seizureIds['T-S2']); // AZ own_country
    expect(ids).not.toContain(seizureIds['T-S4']); // TLP:RED, own unit
    expect(ids).not.toContain(seizureIds['T-S5']); // another operation
    // Receivers see their own country's feedback; the sender sees all of it.
    const fb = items.filter((i) => i.kind === 'feedback');
    expect(fb.every((f) => f.country === 'GE')).toBe(true);
    expect(fb).toHaveLength(2);
    const sender = (await api('kz.unit_head', 'GET', `/api/v1/operations/${opId}/feed?limit=100`)).json().data as { kind: string; country: string; warningId: string }[];
    expect(sender.filter((i) => i.kind === 'feedback' && i.warningId === warningIds[0]).map((i) => i.country).sort()).toEqual(['AZ', 'GE']);
    const times = items.map((i) => new Date(i.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const page = await api('ge.officer', 'GET', `/api/v1/operations/${opId}/feed?limit=2&offset=1`);
    expect(page.json().data.map((i: { id: string }) => i.id)).toEqual(ids.slice(1, 3));
    expect(page.json().page.total).toBe(items.length);
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.type, 'operation.feed_read'));
    expect(audit.some((a) => a.entityId === opId && a.actorUsername === 'ge.officer')).toBe(true);
  });

  it('members get the full view with units and coordinates for the map', async () => {
    const d = (await api('ge.officer', 'GET', `/api/v1/operations/${opId}`)).json().data;
    expect(d.view).toBe('full');
    const codes = d.units.map((u: { code: string }) => u.code);
    expect(codes).toEqual(expect.arrayContaining(['KZ-AAU-PCU', 'AZ-ALA-PCU', 'AZ-BAK-ACCU', 'GE-PTI-PCU']));
    expect(codes).not.toContain('GE-BUS-PCU');
    const aktau = d.units.find((u: { code: string }) => u.code === 'KZ-AAU-PCU');
    expect(aktau).toMatchObject({ locode: 'KZAAU', coordinating: true });
    expect(typeof aktau.lat).toBe('number');
    expect(d.can.manage).toBe(false);
    expect((await api('kz.unit_head', 'GET', `/api/v1/operations/${opId}`)).json().data.can).toMatchObject({ manage: true, nextStates: ['active', 'closed'] });
  });
});

describe('running an operation: state, participants, daily reports', () => {
  let opId: string;
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  it('a national coordinator creates it for a unit of their country', async () => {
    const noUnit = await api('uz.national_coordinator', 'POST', '/api/v1/operations', { code: 'IREN-TEST-RUN', name: 'Run test', startsOn: yesterday, endsOn: tomorrow, participants: [{ country: 'TJ' }] });
    expect(noUnit.json().error.details.field).toBe('coordinatingUnitId');
    const foreign = await api('uz.national_coordinator', 'POST', '/api/v1/operations', { code: 'IREN-TEST-RUN', name: 'Run test', startsOn: yesterday, endsOn: tomorrow, coordinatingUnitId: unitIds['KZ-AAU-PCU'], participants: [{ country: 'TJ' }] });
    expect(foreign.json().error.details.field).toBe('coordinatingUnitId');
    const res = await api('uz.national_coordinator', 'POST', '/api/v1/operations', { code: 'IREN-TEST-RUN', name: 'Run test', startsOn: yesterday, endsOn: tomorrow, coordinatingUnitId: unitIds['UZ-TAS-PCU'], participants: [{ country: 'TJ' }] });
    expect(res.statusCode, res.body).toBe(201);
    opId = res.json().data.id;
  });

  it('daily reports wait for the operation to be active', async () => {
    const r = await api('uz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: 10, selected: 2, inspected: 1 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.details.field).toBe('state');
  });

  it('only the coordinating side moves the state, forward only', async () => {
    expect((await api('uz.officer', 'POST', `/api/v1/operations/${opId}/state`, { state: 'active' })).statusCode).toBe(403);
    const ok = await api('uz.unit_head', 'POST', `/api/v1/operations/${opId}/state`, { state: 'active' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data.state).toBe('active');
    const back = await api('uz.unit_head', 'POST', `/api/v1/operations/${opId}/state`, { state: 'planned' });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.details.field).toBe('state');
  });

  it('admits a participant, once', async () => {
    expect((await api('kz.officer', 'GET', `/api/v1/operations/${opId}`)).statusCode).toBe(404);
    const add = await api('uz.unit_head', 'POST', `/api/v1/operations/${opId}/participants`, { country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] });
    expect(add.statusCode, add.body).toBe(201);
    expect((await api('uz.unit_head', 'POST', `/api/v1/operations/${opId}/participants`, { country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] })).statusCode).toBe(409);
    expect((await api('kz.officer', 'GET', `/api/v1/operations/${opId}`)).statusCode).toBe(200);
    expect((await api('kz.officer', 'POST', `/api/v1/operations/${opId}/participants`, { country: 'GE' })).statusCode).toBe(403);
  });

  it('removes a participant (audited): it no longer sees the operation; the last one stays', async () => {
    const kzUnit = `/api/v1/operations/${opId}/participants?country=KZ&unitId=${unitIds['KZ-AAU-PCU']}`;
    expect((await api('kz.officer', 'DELETE', kzUnit)).statusCode).toBe(403);
    expect((await api('tj.officer', 'DELETE', kzUnit)).statusCode).toBe(403);
    const gone = await api('uz.unit_head', 'DELETE', kzUnit);
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await api('kz.officer', 'GET', `/api/v1/operations/${opId}`)).statusCode).toBe(404);
    expect((await api('uz.officer', 'GET', `/api/v1/operations/${opId}`)).json().data.countries).toEqual(['TJ', 'UZ']);
    const again = await api('uz.unit_head', 'DELETE', kzUnit);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.details.field).toBe('unitId');
    const last = await api('uz.national_coordinator', 'DELETE', `/api/v1/operations/${opId}/participants?country=TJ`);
    expect(last.statusCode).toBe(409);
    expect(last.json().error.details.field).toBe('country');
    const badCountry = await api('uz.unit_head', 'DELETE', `/api/v1/operations/${opId}/participants?country=kz`);
    expect(badCountry.statusCode).toBe(400);
    expect(badCountry.json().error.details.field).toContain('country');
    const audit = (await store.db.select().from(auditLog).where(eq(auditLog.entityId, opId))).filter((a) => a.type === 'operation.participant_removed');
    expect(audit.map((a) => a.data)).toEqual([{ operationId: opId, groupId: expect.any(String), country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] }]);
    // Admitted again for the reports below.
    expect((await api('uz.unit_head', 'POST', `/api/v1/operations/${opId}/participants`, { country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] })).statusCode).toBe(201);
  });

  it('one report per unit and day, corrected that day; earlier days are closed', async () => {
    const first = await api('kz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: 120, selected: 9, inspected: 6, notes: 'Ferry from Baku' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().data).toMatchObject({ reportDate: today, screened: 120, unitId: unitIds['KZ-AAU-PCU'] });
    const again = await api('kz.unit_head', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { reportDate: today, screened: 125, selected: 10, inspected: 7 });
    expect(again.json().data.id).toBe(first.json().data.id);
    const past = await api('kz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { reportDate: yesterday, screened: 1, selected: 0, inspected: 0 });
    expect(past.statusCode).toBe(409);
    expect(past.json().error).toMatchObject({ code: 'REPORT_DAY_CLOSED', details: { field: 'reportDate' } });
    const outside = await api('kz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { reportDate: '2020-01-01', screened: 1, selected: 0, inspected: 0 });
    expect(outside.json().error.details.field).toBe('reportDate');
    const tooMany = await api('kz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: 1, selected: 3, inspected: 0 });
    expect(tooMany.json().error.details.field).toBe('selected');
    const negative = await api('kz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: -1, selected: 0, inspected: 0 });
    expect(negative.json().error.details.field).toContain('screened');
    // A coordinator of a participating country has no unit of their own to report for.
    expect((await api('kz.national_coordinator', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: 1, selected: 0, inspected: 0 })).statusCode).toBe(403);

    const list = (await api('uz.officer', 'GET', `/api/v1/operations/${opId}/daily-reports`)).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ unitCode: 'KZ-AAU-PCU', screened: 125, selected: 10, inspected: 7, editable: false });
    expect(list.totals).toEqual({ screened: 125, selected: 10, inspected: 7, reports: 1 });
    expect((await api('kz.officer', 'GET', `/api/v1/operations/${opId}/daily-reports`)).json().data[0].editable).toBe(true);
    const report = (await api('uz.unit_head', 'GET', `/api/v1/operations/${opId}/report`)).json().data;
    expect(report.reported).toEqual({ reports: 1, screened: 125, selected: 10, inspected: 7 });
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.type, 'operation.daily_report'));
    expect(audit.filter((a) => a.entityId === opId).map((a) => (a.data as { corrected: boolean }).corrected)).toEqual([false, true]);
  });

  it('a closed operation takes no more reports', async () => {
    expect((await api('uz.national_coordinator', 'POST', `/api/v1/operations/${opId}/state`, { state: 'closed' })).statusCode).toBe(200);
    expect((await api('kz.officer', 'PUT', `/api/v1/operations/${opId}/daily-reports`, { screened: 1, selected: 0, inspected: 0 })).statusCode).toBe(409);
    // …and its participants stay as they were.
    expect((await api('uz.unit_head', 'DELETE', `/api/v1/operations/${opId}/participants?country=TJ`)).statusCode).toBe(409);
  });
});
