/**
 * Meetings, recommendations, progress notes (who may write them, audited) and the follow-up view with its PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Store } from '../../db/client.ts';
import { auditLog, units } from '../../db/schema.ts';
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

const api = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

describe('an expert meeting and the follow-up of its recommendations', () => {
  let meetingId: string;
  const rec: Record<string, string> = {};

  it('a national coordinator records the meeting; officers and observers may not', async () => {
    const body = {
      title: 'IREN test expert meeting, Samarkand',
      kind: 'expert_meeting',
      startsOn: '2031-01-20',
      endsOn: '2031-01-22',
      place: 'Samarkand',
      participants: [{ country: 'UZ', agency: 'Customs Committee', count: 4 }, { country: 'KZ', count: 2 }],
      summary: 'Precursor diversion on the northern route; сотрудничество портов Каспия.',
    };
    expect((await api('uz.officer', 'POST', '/api/v1/meetings', body)).statusCode).toBe(403);
    expect((await api('uz.observer', 'POST', '/api/v1/meetings', body)).statusCode).toBe(403);
    const noPlace = await api('uz.national_coordinator', 'POST', '/api/v1/meetings', { ...body, place: undefined });
    expect(noPlace.json().error.details.field).toBe('place');
    const badCountry = await api('uz.national_coordinator', 'POST', '/api/v1/meetings', { ...body, participants: [{ country: 'XX' }] });
    expect(badCountry.json().error.details.field).toBe('participants[0].country');
    const res = await api('uz.national_coordinator', 'POST', '/api/v1/meetings', body);
    expect(res.statusCode, res.body).toBe(201);
    meetingId = res.json().data.id;
  });

  it('adds recommendations with owners and due dates', async () => {
    const add = async (number: string, o: object) => {
      const r = await api('admin', 'POST', `/api/v1/meetings/${meetingId}/recommendations`, { number, kind: 'recommendation', text: `Recommendation ${number} text`, ...o });
      expect(r.statusCode, r.body).toBe(201);
      rec[number] = r.json().data.id;
    };
    await add('1', { ownerCountry: 'KZ', dueDate: '2031-03-01' }); // → done
    await add('2', { ownerCountry: 'UZ', dueDate: '2031-02-01' }); // due passed, in progress → late
    await add('3', { ownerUnitId: unitIds['KZ-AAU-PCU'], dueDate: '2031-06-01' }); // → in progress
    await add('4', { ownerOrganisation: 'UNODC', dueDate: '2031-06-01' }); // not started
    await add('5', { ownerCountry: 'GE', dueDate: '2031-02-15', kind: 'action' }); // due passed, not started → late
    await add('6', { ownerCountry: 'AZ' }); // no due date, not started
    const dup = await api('admin', 'POST', `/api/v1/meetings/${meetingId}/recommendations`, { number: '1', kind: 'action', text: 'again', ownerCountry: 'KZ' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.field).toBe('number');
    const noOwner = await api('admin', 'POST', `/api/v1/meetings/${meetingId}/recommendations`, { number: '7', kind: 'action', text: 'nobody' });
    expect(noOwner.json().error.details.field).toBe('ownerCountry');
    const wrongUnit = await api('admin', 'POST', `/api/v1/meetings/${meetingId}/recommendations`, { number: '7', kind: 'action', text: 'x y z', ownerCountry: 'UZ', ownerUnitId: unitIds['KZ-AAU-PCU'] });
    expect(wrongUnit.json().error.details.field).toBe('ownerUnitId');
    expect((await api('kz.unit_head', 'POST', `/api/v1/meetings/${meetingId}/recommendations`, { number: '8', kind: 'action', text: 'x y z', ownerCountry: 'KZ' })).statusCode).toBe(403);
  });

  it('progress notes change the status: the owner country coordinator or the admin, audited', async () => {
    // Another country's coordinator may not write on KZ's recommendation.
    expect((await api('uz.national_coordinator', 'POST', `/api/v1/recommendations/${rec['1']}/notes`, { note: 'not ours', status: 'done' })).statusCode).toBe(403);
    expect((await api('kz.unit_head', 'POST', `/api/v1/recommendations/${rec['1']}/notes`, { note: 'unit heads do not', status: 'done' })).statusCode).toBe(403);
    const n1 = await api('kz.national_coordinator', 'POST', `/api/v1/recommendations/${rec['1']}/notes`, { note: 'Joint targeting centre set up in Aktau', status: 'done' });
    expect(n1.statusCode, n1.body).toBe(201);
    // A unit owner: its country's coordinator writes.
    expect((await api('kz.national_coordinator', 'POST', `/api/v1/recommendations/${rec['3']}/notes`, { note: 'Scanner procurement started', status: 'in_progress' })).statusCode).toBe(201);
    expect((await api('uz.national_coordinator', 'POST', `/api/v1/recommendations/${rec['2']}/notes`, { note: 'Draft MoU with the border guard', status: 'in_progress' })).statusCode).toBe(201);
    expect((await api('admin', 'POST', `/api/v1/recommendations/${rec['4']}/notes`, { note: 'Waiting for funding', status: 'not_started' })).statusCode).toBe(201);
    const bad = await api('admin', 'POST', `/api/v1/recommendations/${rec['4']}/notes`, { note: 'x', status: 'finished' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toMatch(/note|status/);
    expect((await api('admin', 'POST', '/api/v1/recommendations/00000000-0000-4000-8000-000000000000/notes', { note: 'nothing here', status: 'done' })).statusCode).toBe(404);
    const audit = await store.db.select().from(auditLog).where(eq(auditLog.entityId, rec['1']!));
    expect(audit.find((a) => a.type === 'recommendation.note_added')?.data).toMatchObject({ from: 'not_started', to: 'done' });
  });

  it('everyone signed in reads the meeting (observers too), with notes and who may write', async () => {
    const m = (await api('pk.observer', 'GET', `/api/v1/meetings/${meetingId}`)).json().data;
    expect(m.title).toBe('IREN test expert meeting, Samarkand');
    expect(m.recommendations.map((r: { number: string }) => r.number)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(m.recommendations[0]).toMatchObject({ status: 'done', notes: [{ note: 'Joint targeting centre set up in Aktau', status: 'done' }], can: { note: false } });
    expect(m.recommendations[2]).toMatchObject({ ownerUnitCode: 'KZ-AAU-PCU', ownerCountry: 'KZ' });
    const kz = (await api('kz.national_coordinator', 'GET', `/api/v1/meetings/${meetingId}`)).json().data;
    expect(kz.recommendations.map((r: { can: { note: boolean } }) => r.can.note)).toEqual([true, false, true, false, false, false]);
    const list = (await api('kz.officer', 'GET', '/api/v1/meetings?limit=200')).json();
    expect(list.data.find((x: { id: string }) => x.id === meetingId)).toMatchObject({ recommendations: 6, done: 1 });
    expect(list.can.create).toBe(false);
  });

  it('the follow-up view sorts them into done, late, in progress and not started', async () => {
    const res = await api('pk.observer', 'GET', `/api/v1/recommendations/follow-up?meetingId=${meetingId}&asOf=2031-02-20`);
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json().data;
    const numbers = (g: string) => f.groups[g].map((r: { number: string }) => r.number);
    expect(f.counts).toEqual({ late: 2, not_started: 2, in_progress: 1, done: 1, cancelled: 0 });
    expect(numbers('late')).toEqual(['2', '5']);
    expect(numbers('done')).toEqual(['1']);
    expect(numbers('in_progress')).toEqual(['3']);
    expect(numbers('not_started')).toEqual(['4', '6']);
    // Later, recommendation 3 and 4 are late too.
    const later = (await api('pk.observer', 'GET', `/api/v1/recommendations/follow-up?meetingId=${meetingId}&asOf=2031-07-01`)).json().data;
    expect(later.counts).toMatchObject({ late: 4, done: 1, not_started: 1, in_progress: 0 });
    const badDay = await api('pk.observer', 'GET', '/api/v1/recommendations/follow-up?asOf=yesterday');
    expect(badDay.json().error.details.field).toContain('asOf');
  });

  it('exports the follow-up as PDF with the groups and recommendations in it', async () => {
    const res = await api('kz.officer', 'GET', `/api/v1/recommendations/follow-up.pdf?meetingId=${meetingId}&asOf=2031-02-20`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), { mergePages: true })).text.replace(/\s+/g, ' ');
    for (const s of ['Follow-up of recommendations', 'IREN test expert meeting, Samarkand', 'As of: 2031-02-20', 'Late (due date passed, not done) (2)', 'Recommendation 5 text', 'Done (1)', 'Joint targeting centre set up in Aktau', 'UNODC']) {
      expect(text).toContain(s);
    }
    const ru = await api('kz.officer', 'GET', `/api/v1/recommendations/follow-up.pdf?meetingId=${meetingId}&asOf=2031-02-20&lang=ru`);
    const ruText = (await extractText(await getDocumentProxy(new Uint8Array(ru.rawPayload)), { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(ruText).toContain('Просрочено');
  });
});
