import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { auditLog, units } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { assessImport } from '../../services/risk/assess-import.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
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

const api = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

const CONTAINER = 'MSKU7654325';

describe('warning from Georgia to Kazakhstan', () => {
  let warningId: string;

  it('an officer writes it, the unit head approves it (four eyes)', async () => {
    const created = await api('ge.officer', 'POST', '/api/v1/warnings', {
      subject: 'Suspected heroin in textiles bound for Aktau',
      facts: { containers: [CONTAINER], parties: [{ name: 'Caspian Textile Group LLP', role: 'consignee' }] },
      reasons: 'Same consignee as the Poti seizure of 12 November; false declaration of origin',
      requestedAction: 'X-ray and physical examination on arrival',
      deadline: '2026-12-10',
      tlp: 'AMBER',
      distribution: 'named',
      recipients: [{ country: 'KZ' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    warningId = created.json().data.id;
    expect(created.json().data.state).toBe('pending_approval');
    // Not yet visible to the recipient.
    expect((await api('kz.officer', 'GET', `/api/v1/warnings/${warningId}`)).statusCode).toBe(404);
    // The author cannot approve their own warning.
    expect((await api('ge.officer', 'POST', `/api/v1/warnings/${warningId}/approve`)).statusCode).toBe(403);
    const approved = await api('ge.unit_head', 'POST', `/api/v1/warnings/${warningId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().data.state).toBe('sent');
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.type, 'warning.approved'));
    expect(audit.some((a) => a.entityId === warningId)).toBe(true);
  });

  it('matches a consignment imported later in Kazakhstan and ranks it first in the queue', async () => {
    const base = [...demoConsignments({ place: 'KZAAU', country: 'KZ', count: 1, seed: 99, today: DEMO_TODAY })][0]!;
    const c = { ...base, documentNumber: 'ARKU44400001', equipment: [{ containerNumber: CONTAINER, sizeType: '45G1', seals: ['X1'], fullEmpty: 'FULL' as const }], goodsItems: base.goodsItems.map((g) => ({ ...g, containerNumbers: [CONTAINER] })) };
    const aktau = { id: unitIds['KZ-AAU-PCU']!, country: 'KZ' };
    const imp = await importConsignments(store.db, { unit: aktau, format: 'json', source: [JSON.stringify(c)], fileName: 'late.json', ctx: SYSTEM_CONTEXT });
    await assessImport(store.db, imp.importId!);
    const queue = await api('kz.unit_head', 'GET', `/api/v1/targeting/queue?unitId=${aktau.id}`);
    // The demo seed's own Poti warning also matches Aktau cargo: the late consignment ranks with the warning
    // matches at the very top, above everything matched by no warning.
    type Entry = { documentNumber: string; reasons: { kind: string }[] };
    const list = queue.json().data as Entry[];
    const at = list.findIndex((e) => e.documentNumber === 'ARKU44400001');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(list.slice(0, at).every((e) => e.reasons.some((r) => r.kind === 'warning'))).toBe(true);
    const reason = (list[at]!.reasons as { kind: string; matches: unknown[] }[]).find((r) => r.kind === 'warning')!;
    expect(reason).toMatchObject({ warningId, senderCountry: 'GE', lane: 'red' });
    expect(reason.matches[0]).toMatchObject({ on: 'container', value: CONTAINER });
  });

  it('the receiver reads it and answers; the sender sees the read, the feedback and the match', async () => {
    const inbox = await api('kz.officer', 'GET', '/api/v1/warnings?box=inbox');
    expect(inbox.json().data.map((w: { id: string }) => w.id)).toContain(warningId);
    const read = await api('kz.officer', 'GET', `/api/v1/warnings/${warningId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().data.can.feedback).toBe(true);
    const fb = await api('kz.officer', 'POST', `/api/v1/warnings/${warningId}/feedback`, { status: 'actioned', action: 'xray', result: 'seizure', notes: '18 kg heroin in bales' });
    expect(fb.statusCode, fb.body).toBe(201);
    const noWhy = await api('kz.unit_head', 'POST', `/api/v1/warnings/${warningId}/feedback`, { status: 'actioned', action: 'none' });
    expect(noWhy.json().error.details.field).toBe('notes');

    const sender = await api('ge.unit_head', 'GET', `/api/v1/warnings/${warningId}`);
    const d = sender.json().data;
    expect(d.feedback[0]).toMatchObject({ country: 'KZ', result: 'seizure' });
    expect(d.matches[0]).toMatchObject({ country: 'KZ', matchedOn: 'container', consignmentId: null });
    expect(d.use.find((u: { type: string; country: string }) => u.type === 'warning.read' && u.country === 'KZ')).toBeTruthy();
    // The lists' feedback count is kept by a trigger on warning_feedback (migration 0011).
    const countIn = async (user: string, box: string) =>
      (await api(user, 'GET', `/api/v1/warnings?box=${box}`)).json().data.find((w: { id: string }) => w.id === warningId).feedbackCount as number;
    expect(await countIn('ge.unit_head', 'outbox')).toBe(d.feedback.length);
    await api('kz.unit_head', 'POST', `/api/v1/warnings/${warningId}/feedback`, { status: 'acknowledged' });
    expect(await countIn('kz.officer', 'inbox')).toBe(d.feedback.length + 1);
  });

  it('a country that was not named sees nothing: 404, not in lists', async () => {
    expect((await api('uz.officer', 'GET', `/api/v1/warnings/${warningId}`)).statusCode).toBe(404);
    expect((await api('uz.officer', 'GET', '/api/v1/warnings')).json().data.map((w: { id: string }) => w.id)).not.toContain(warningId);
    expect((await api('uz.officer', 'POST', `/api/v1/warnings/${warningId}/feedback`, { status: 'acknowledged' })).statusCode).toBe(404);
    expect((await api('pk.observer', 'GET', `/api/v1/warnings/${warningId}`)).statusCode).toBe(404);
  });

  it('refuses TLP:RED without named units and AMBER network-wide', async () => {
    const red = await api('ge.unit_head', 'POST', '/api/v1/warnings', { subject: 'x red', facts: { containers: ['CSQU3054383'] }, reasons: 'r r', requestedAction: 'a a', tlp: 'RED', distribution: 'network' });
    expect(red.json().error.details.field).toBe('tlp');
    const amber = await api('ge.unit_head', 'POST', '/api/v1/warnings', { subject: 'x amber', facts: { containers: ['CSQU3054383'] }, reasons: 'r r', requestedAction: 'a a', tlp: 'AMBER', distribution: 'network' });
    expect(amber.statusCode).toBe(400);
  });
});

describe('visibility matrix', () => {
  // distribution × TLP × viewer → visible? A generated table, each case asserted (404 when not visible).
  type Viewer = 'sender unit' | 'sender coordinator' | 'other unit same country' | 'named country officer' | 'other country officer' | 'observer' | 'admin';
  const viewers: Record<Viewer, string> = {
    'sender unit': 'ge.officer',
    'sender coordinator': 'ge.national_coordinator',
    'other unit same country': 'ge.observer', // observers never see contents
    'named country officer': 'kz.officer',
    'other country officer': 'uz.officer',
    observer: 'pk.observer',
    admin: 'admin',
  };
  const cases: { distribution: string; tlp: string; recipients?: { country: string; unit?: string }[]; visible: Viewer[] }[] = [
    { distribution: 'network', tlp: 'GREEN', visible: ['sender unit', 'sender coordinator', 'named country officer', 'other country officer'] },
    { distribution: 'network', tlp: 'CLEAR', visible: ['sender unit', 'sender coordinator', 'named country officer', 'other country officer'] },
    { distribution: 'own_country', tlp: 'AMBER', visible: ['sender unit', 'sender coordinator'] },
    { distribution: 'own_unit', tlp: 'AMBER+STRICT', visible: ['sender unit', 'sender coordinator'] },
    { distribution: 'named', tlp: 'AMBER', recipients: [{ country: 'KZ' }], visible: ['sender unit', 'sender coordinator', 'named country officer'] },
    { distribution: 'named', tlp: 'AMBER+STRICT', recipients: [{ country: 'KZ', unit: 'KZ-ALA-ACCU' }], visible: ['sender unit', 'sender coordinator'] },
    { distribution: 'named', tlp: 'RED', recipients: [{ country: 'KZ', unit: 'KZ-AAU-PCU' }], visible: ['sender unit', 'sender coordinator', 'named country officer'] },
  ];
  const table = cases.flatMap((c) => (Object.keys(viewers) as Viewer[]).map((v) => ({ ...c, viewer: v, expected: c.visible.includes(v) ? 200 : 404 })));
  const created = new Map<string, string>();

  it.each(table)('$distribution / $tlp → $viewer: $expected', async (row) => {
    const key = `${row.distribution}/${row.tlp}/${JSON.stringify(row.recipients ?? [])}`;
    if (!created.has(key)) {
      const res = await api('ge.unit_head', 'POST', '/api/v1/warnings', {
        subject: `matrix ${key}`,
        facts: { containers: ['TGHU1234560'] },
        reasons: 'matrix case',
        requestedAction: 'none',
        tlp: row.tlp,
        distribution: row.distribution,
        ...(row.recipients ? { recipients: row.recipients.map((r) => ({ country: r.country, unitId: r.unit ? unitIds[r.unit] : null })) } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      created.set(key, res.json().data.id);
    }
    const id = created.get(key)!;
    const got = await api(viewers[row.viewer], 'GET', `/api/v1/warnings/${id}`);
    expect(got.statusCode).toBe(row.expected);
    const listed = (await api(viewers[row.viewer], 'GET', '/api/v1/warnings?limit=200')).json().data.map((w: { id: string }) => w.id);
    expect(listed.includes(id)).toBe(row.expected === 200);
  });
});

describe('warning lists filter in SQL', () => {
  it('filters by state, TLP, sender country, overdue and subject words, with a total of visible matches', async () => {
    const subject = `Filter probe ${Date.now()}`;
    const base = { facts: { containers: [], documents: ['FLTR0001'], parties: [] }, reasons: 'Route via a listed hub', requestedAction: 'Documentary check', distribution: 'named', recipients: [{ country: 'UZ' }] };
    const green = await api('ge.unit_head', 'POST', '/api/v1/warnings', { ...base, subject: `${subject} green`, tlp: 'GREEN', deadline: '2020-01-01' });
    const amber = await api('ge.unit_head', 'POST', '/api/v1/warnings', { ...base, subject: `${subject} amber`, tlp: 'AMBER', deadline: '2099-01-01' });
    expect(green.statusCode, green.body).toBe(201);
    expect(amber.statusCode, amber.body).toBe(201);
    const list = async (user: string, query: string) => {
      const res = await api(user, 'GET', `/api/v1/warnings?${query}&q=${encodeURIComponent(subject)}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: { subject: string }[]; total: number };
    };
    const all = await list('uz.officer', 'box=inbox');
    expect(all.total).toBe(2);
    expect(all.data.map((w) => w.subject).sort()).toEqual([`${subject} amber`, `${subject} green`]);
    expect((await list('uz.officer', 'box=inbox&tlp=AMBER')).data.map((w) => w.subject)).toEqual([`${subject} amber`]);
    expect((await list('uz.officer', 'box=inbox&overdue=true')).data.map((w) => w.subject)).toEqual([`${subject} green`]);
    expect((await list('uz.officer', 'box=inbox&country=GE&state=sent&limit=1')).total).toBe(2);
    expect((await list('uz.officer', 'box=inbox&country=UA')).total).toBe(0);
    // Another country the warnings were not sent to sees nothing, not even a count.
    expect((await list('kz.officer', 'box=all')).total).toBe(0);
    const bad = await api('uz.officer', 'GET', '/api/v1/warnings?tlp=PURPLE');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('tlp');
  });
});
