/**
 * Meetings, recommendations, progress notes (who may write them, audited), corrections of a meeting and its
 * recommendations after the fact, and the follow-up view with its PDF.
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

const api = async (user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
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

describe('correcting a meeting and its recommendations after the fact', () => {
  let meetingId: string;
  let recId: string;

  it('the recording country corrects the meeting (audited with what changed); others may not', async () => {
    const created = await api('uz.national_coordinator', 'POST', '/api/v1/meetings', {
      title: 'IREN debrief, Termez',
      kind: 'operational_debrief',
      startsOn: '2031-04-02',
      endsOn: '2031-04-02',
      place: 'Termez',
      participants: [{ country: 'UZ', count: 3 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    meetingId = created.json().data.id;
    const patch = { title: 'IREN debrief (online)', online: true, place: null, endsOn: '2031-04-03', participants: [{ country: 'UZ', agency: 'Customs Committee', count: 3 }, { country: 'AF', count: 2 }] };
    // Another country's coordinator, and roles that do not record meetings, may not.
    expect((await api('kz.national_coordinator', 'PATCH', `/api/v1/meetings/${meetingId}`, patch)).statusCode).toBe(403);
    expect((await api('uz.officer', 'PATCH', `/api/v1/meetings/${meetingId}`, patch)).statusCode).toBe(403);
    expect((await api('uz.national_coordinator', 'PATCH', '/api/v1/meetings/00000000-0000-4000-8000-000000000000', patch)).statusCode).toBe(404);
    const res = await api('uz.national_coordinator', 'PATCH', `/api/v1/meetings/${meetingId}`, patch);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ title: 'IREN debrief (online)', online: true, place: null, startsOn: '2031-04-02', endsOn: '2031-04-03', kind: 'operational_debrief' });
    const [audit] = await store.db.select().from(auditLog).where(eq(auditLog.entityId, meetingId)).then((a) => a.filter((x) => x.type === 'meeting.updated'));
    expect(Object.keys((audit!.data as { changed: object }).changed).sort()).toEqual(['endsOn', 'online', 'participants', 'place', 'title']);
    expect((audit!.data as { changed: Record<string, unknown> }).changed.title).toEqual({ from: 'IREN debrief, Termez', to: 'IREN debrief (online)' });
    // The same participants again (keys in another order) change nothing and write no audit row.
    await api('uz.national_coordinator', 'PATCH', `/api/v1/meetings/${meetingId}`, { participants: [{ count: 3, agency: 'Customs Committee', country: 'UZ' }, { country: 'AF', count: 2 }] });
    expect((await store.db.select().from(auditLog).where(eq(auditLog.entityId, meetingId))).filter((x) => x.type === 'meeting.updated')).toHaveLength(1);
    // The network admin corrects any meeting.
    expect((await api('admin', 'PATCH', `/api/v1/meetings/${meetingId}`, { summary: 'Two seizures discussed.' })).statusCode).toBe(200);
  });

  it('refuses bad corrections naming the field', async () => {
    const bad = async (patch: object, field: string | RegExp) => {
      const r = await api('uz.national_coordinator', 'PATCH', `/api/v1/meetings/${meetingId}`, patch);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details.field).toMatch(field);
    };
    await bad({ endsOn: '2031-04-01' }, 'endsOn');
    await bad({ startsOn: '2031-05-01' }, 'startsOn');
    await bad({ online: false }, 'place');
    await bad({ participants: [{ country: 'XX' }] }, 'participants[0].country');
    await bad({ title: 'x' }, /title/);
    await bad({ colour: 'red' }, /colour/);
    expect((await api('uz.national_coordinator', 'PATCH', `/api/v1/meetings/${meetingId}`, {})).statusCode).toBe(400);
  });

  it('the meeting says who may correct it', async () => {
    const uz = (await api('uz.national_coordinator', 'GET', `/api/v1/meetings/${meetingId}`)).json().data;
    expect(uz).toMatchObject({ title: 'IREN debrief (online)', online: true, summary: 'Two seizures discussed.', can: { edit: true } });
    expect(uz.recordedBy).toBeUndefined();
    expect((await api('kz.national_coordinator', 'GET', `/api/v1/meetings/${meetingId}`)).json().data.can).toMatchObject({ edit: false, addRecommendation: true });
  });

  it('corrects a recommendation: owner, due date, status (audited); the owner unit names its country', async () => {
    const add = async (number: string, o: object) => {
      const r = await api('uz.national_coordinator', 'POST', `/api/v1/meetings/${meetingId}/recommendations`, { number, kind: 'action', text: `Action ${number}`, ...o });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().data.id as string;
    };
    recId = await add('1', { ownerOrganisation: 'UNODC', dueDate: '2031-05-01' });
    await add('2', { ownerCountry: 'UZ' });
    const url = `/api/v1/recommendations/${recId}`;
    expect((await api('kz.national_coordinator', 'PATCH', url, { status: 'done' })).statusCode).toBe(403);
    expect((await api('uz.unit_head', 'PATCH', url, { status: 'done' })).statusCode).toBe(403);
    const res = await api('uz.national_coordinator', 'PATCH', url, { ownerUnitId: unitIds['KZ-AAU-PCU'], ownerOrganisation: null, dueDate: null, status: 'in_progress' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ ownerCountry: 'KZ', ownerUnitId: unitIds['KZ-AAU-PCU'], ownerOrganisation: null, dueDate: null, status: 'in_progress' });
    const audit = (await store.db.select().from(auditLog).where(eq(auditLog.entityId, recId))).find((a) => a.type === 'recommendation.updated');
    expect(audit?.country).toBe('KZ');
    expect((audit?.data as { changed: Record<string, unknown> }).changed).toMatchObject({ status: { from: 'not_started', to: 'in_progress' }, dueDate: { from: '2031-05-01', to: null }, ownerCountry: { from: null, to: 'KZ' } });
    // A new owner country drops a unit of another country; the new owner's coordinator may now write notes.
    const moved = await api('admin', 'PATCH', url, { ownerCountry: 'GE' });
    expect(moved.json().data).toMatchObject({ ownerCountry: 'GE', ownerUnitId: null });
    const m = (await api('ge.national_coordinator', 'GET', `/api/v1/meetings/${meetingId}`)).json().data;
    expect(m.recommendations[0]).toMatchObject({ number: '1', ownerCountry: 'GE', status: 'in_progress', can: { note: true, edit: false } });
  });

  it('refuses bad recommendation corrections naming the field', async () => {
    const bad = async (patch: object, status: number, field: string | RegExp) => {
      const r = await api('uz.national_coordinator', 'PATCH', `/api/v1/recommendations/${recId}`, patch);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.details.field).toMatch(field);
    };
    await bad({ number: '2' }, 409, 'number');
    await bad({ ownerCountry: null }, 400, 'ownerCountry');
    await bad({ ownerCountry: 'UZ', ownerUnitId: unitIds['KZ-AAU-PCU'] }, 400, 'ownerUnitId');
    await bad({ ownerCountry: 'XX' }, 400, 'ownerCountry');
    await bad({ dueDate: 'soon' }, 400, /dueDate/);
    await bad({ status: 'finished' }, 400, /status/);
    expect((await api('uz.national_coordinator', 'PATCH', '/api/v1/recommendations/00000000-0000-4000-8000-000000000000', { status: 'done' })).statusCode).toBe(404);
  });
});
