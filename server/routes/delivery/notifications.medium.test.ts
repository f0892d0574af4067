import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { notifications, units, users } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { assessImport } from '../../services/risk/assess-import.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
import { bearer, loginAs, testApp, tokenFor } from '../../../test/http.ts';
import { openSse } from '../../../test/sse.ts';

let store: Store;
let app: FastifyInstance;
const unitIds: Record<string, string> = {};
const userIds: Record<string, string> = {};

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  for (const u of await store.db.select({ id: units.id, code: units.code }).from(units)) unitIds[u.code] = u.id;
  for (const u of await store.db.select({ id: users.id, username: users.username }).from(users)) userIds[u.username] = u.id;
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const api = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

interface Note {
  id: number;
  kind: string;
  title: string;
  link: string;
  refId: string;
  overdue: boolean;
  readAt: string | null;
}
const inbox = async (user: string, query = '') => (await api(user, 'GET', `/api/v1/notifications${query}`)).json() as { data: Note[]; page: { total: number } };
const about = (notes: Note[], refId: string) => notes.filter((n) => n.refId === refId);

const SUBJECT = 'Cocaine in banana reefer for Aktau — notification test';
const CONTAINER = 'TCLU1234567';
const PARTY = 'Caspian Fruit Trading Ltd';
const warningBody = (over: Record<string, unknown> = {}) => ({
  subject: SUBJECT,
  facts: { containers: [CONTAINER], parties: [{ name: PARTY, role: 'consignee' }] },
  reasons: 'Known consignee; route via Poti',
  requestedAction: 'X-ray on arrival',
  deadline: '2099-12-06',
  tlp: 'AMBER',
  distribution: 'named',
  recipients: [{ country: 'KZ' }],
  ...over,
});

describe('notifications follow the warning through its life, by the visibility rule', () => {
  let warningId: string;

  it('an officer writes a warning: the unit head is asked to approve; nobody else is told', async () => {
    const created = await api('ge.officer', 'POST', '/api/v1/warnings', warningBody());
    expect(created.statusCode, created.body).toBe(201);
    warningId = created.json().data.id;
    const head = about((await inbox('ge.unit_head')).data, warningId);
    expect(head).toHaveLength(1);
    expect(head[0]).toMatchObject({ kind: 'warning.pending_approval', link: `/warnings/${warningId}`, readAt: null });
    expect(head[0]!.title).toBe('Warning from GE-PTI-PCU awaits your approval, TLP:AMBER');
    for (const u of ['ge.officer', 'kz.officer', 'kz.unit_head']) expect(about((await inbox(u)).data, warningId)).toHaveLength(0);
  });

  it('once approved, everyone who may see it in Kazakhstan is told — and only they', async () => {
    expect((await api('ge.unit_head', 'POST', `/api/v1/warnings/${warningId}/approve`)).statusCode).toBe(200);
    for (const u of ['kz.officer', 'kz.unit_head', 'kz.national_coordinator']) {
      const mine = about((await inbox(u)).data, warningId);
      expect(mine, u).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'warning.received', link: `/warnings/${warningId}`, overdue: false });
      expect(mine[0]!.title).toBe('New warning from GE-PTI-PCU, TLP:AMBER, due 2099-12-06');
      // The title carries no contents.
      expect(mine[0]!.title).not.toContain('Cocaine');
      // Its link opens for them.
      expect((await api(u, 'GET', mine[0]!.link.replace('/warnings/', '/api/v1/warnings/'))).statusCode).toBe(200);
    }
    for (const u of ['uz.officer', 'kz.observer', 'admin', 'ge.national_coordinator', 'ge.officer']) {
      expect(about((await inbox(u)).data, warningId).filter((n) => n.kind === 'warning.received'), u).toHaveLength(0);
    }
    // Every notification row of the warning is for someone who passes the read rule.
    const rows = await store.db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.refId, warningId));
    const byId = Object.fromEntries(Object.entries(userIds).map(([k, v]) => [v, k]));
    for (const r of rows) expect((await api(byId[r.userId]!, 'GET', `/api/v1/warnings/${warningId}`)).statusCode).toBe(200);
  });

  it('feedback from Kazakhstan tells the sending unit, not the author of the feedback', async () => {
    expect((await api('kz.officer', 'POST', `/api/v1/warnings/${warningId}/feedback`, { status: 'acknowledged' })).statusCode).toBe(201);
    for (const u of ['ge.officer', 'ge.unit_head', 'ge.national_coordinator']) {
      const fb = about((await inbox(u)).data, warningId).filter((n) => n.kind === 'warning.feedback');
      expect(fb, u).toHaveLength(1);
      expect(fb[0]!.title).toBe('Feedback from KZ-AAU-PCU on a warning of GE-PTI-PCU');
    }
    expect(about((await inbox('kz.officer')).data, warningId).filter((n) => n.kind === 'warning.feedback')).toHaveLength(0);
  });

  it('a consignment arriving later in Aktau that matches tells the Aktau unit once', async () => {
    const base = [...demoConsignments({ place: 'KZAAU', country: 'KZ', count: 1, seed: 4242, today: DEMO_TODAY })][0]!;
    const c = { ...base, documentNumber: 'NOTIF0000001', equipment: [{ containerNumber: CONTAINER, sizeType: '45R1', seals: ['S1'], fullEmpty: 'FULL' as const }], goodsItems: base.goodsItems.map((g) => ({ ...g, containerNumbers: [CONTAINER] })) };
    const aktau = { id: unitIds['KZ-AAU-PCU']!, country: 'KZ' };
    const imp = await importConsignments(store.db, { unit: aktau, format: 'json', source: [JSON.stringify(c)], fileName: 'notif.json', ctx: SYSTEM_CONTEXT });
    await assessImport(store.db, imp.importId!);
    await assessImport(store.db, imp.importId!); // re-assessment does not notify again
    const matched = about((await inbox('kz.officer')).data, warningId).filter((n) => n.kind === 'warning.matched');
    expect(matched).toHaveLength(1);
    expect(matched[0]!.link).toMatch(/^\/cargo\/consignments\/[0-9a-f-]{36}$/);
    expect(about((await inbox('kz.national_coordinator')).data, warningId).filter((n) => n.kind === 'warning.matched')).toHaveLength(0);
  });

  it('inbox filters, counts and marking read', async () => {
    const overdue = await api('ge.unit_head', 'POST', '/api/v1/warnings', warningBody({ subject: 'Overdue one', deadline: '2020-01-01', facts: { containers: ['MSCU1234566'] } }));
    expect(overdue.statusCode, overdue.body).toBe(201);
    const overdueId = overdue.json().data.id as string;
    const before = (await api('kz.unit_head', 'GET', '/api/v1/notifications/count')).json().data;
    expect(before.unread).toBeGreaterThanOrEqual(3);
    expect(before.overdue).toBeGreaterThanOrEqual(1);
    const od = await inbox('kz.unit_head', '?overdue=true');
    expect(od.data.map((n) => n.refId)).toContain(overdueId);
    expect(od.data.every((n) => n.overdue)).toBe(true);
    expect(od.data.map((n) => n.refId)).not.toContain(warningId);
    // Feedback from the unit's country ends "overdue".
    expect((await api('kz.unit_head', 'POST', `/api/v1/warnings/${overdueId}/feedback`, { status: 'acknowledged' })).statusCode).toBe(201);
    expect((await inbox('kz.unit_head', '?overdue=true')).data.map((n) => n.refId)).not.toContain(overdueId);

    const received = await inbox('kz.unit_head', '?kind=warning.received&limit=1');
    expect(received.data).toHaveLength(1);
    expect(received.page.total).toBeGreaterThanOrEqual(2);
    const one = received.data[0]!;
    const marked = await api('kz.unit_head', 'POST', `/api/v1/notifications/${one.id}/read`);
    expect(marked.statusCode).toBe(200);
    expect(marked.json().data.readAt).not.toBeNull();
    expect((await inbox('kz.unit_head', '?unread=true')).data.map((n) => n.id)).not.toContain(one.id);
    // Someone else's notification: 404, and it stays unread.
    const others = (await inbox('kz.officer', '?unread=true')).data[0]!;
    expect((await api('kz.unit_head', 'POST', `/api/v1/notifications/${others.id}/read`)).statusCode).toBe(404);
    expect((await inbox('kz.officer', '?unread=true')).data.map((n) => n.id)).toContain(others.id);

    const all = await api('kz.unit_head', 'POST', '/api/v1/notifications/read-all', {});
    expect(all.json().data.updated).toBeGreaterThanOrEqual(1);
    expect((await api('kz.unit_head', 'GET', '/api/v1/notifications/count')).json().data).toEqual({ unread: 0, overdue: 0 });
  });

  it('bad filters are named', async () => {
    const bad = await api('kz.officer', 'GET', '/api/v1/notifications?kind=warning.deleted');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('querystring.kind');
    const badId = await api('kz.officer', 'POST', '/api/v1/notifications/abc/read');
    expect(badId.json().error.details.field).toBe('params.id');
    expect((await app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});

describe('live stream (Server-Sent Events over a real connection)', () => {
  let base: string;
  let other: FastifyInstance;
  let otherBase: string;

  beforeAll(async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    // A second server process on the same database (PostgreSQL: its own LISTEN connection).
    other = await testApp(store);
    await other.listen({ port: 0, host: '127.0.0.1' });
    otherBase = `http://127.0.0.1:${(other.server.address() as { port: number }).port}`;
  });

  it('pushes a committed notification to the user, from another server process too; heartbeats; closes on logout', async () => {
    const cookie = await loginAs(app, 'uz.officer');
    app.notificationHub.heartbeatMs = 50;
    const stream = await openSse(`${base}/api/v1/notifications/stream`, { cookie });
    expect(stream.status).toBe(200);
    const ready = await stream.next((e) => e.event === 'ready');
    expect(ready.data).toMatchObject({ unread: expect.any(Number) });
    expect(await stream.nextComment()).toBe('ping');

    // Created through the other server: the NOTIFY reaches this one on commit.
    const created = await other.inject({ method: 'POST', url: '/api/v1/warnings', headers: bearer(await tokenFor(store, 'ge.unit_head')), payload: warningBody({ subject: 'Live one', distribution: 'named', recipients: [{ country: 'UZ' }] }) });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as string;
    const live = await stream.next((e) => e.event === 'notification' && (e.data as Note).refId === id);
    expect(live.data).toMatchObject({ kind: 'warning.received', link: `/warnings/${id}`, title: 'New warning from GE-PTI-PCU, TLP:AMBER, due 2099-12-06' });
    expect(Number(live.id)).toBe((live.data as Note).id);

    // Another user's stream does not get it.
    const kzStream = await openSse(`${otherBase}/api/v1/notifications/stream`, bearer(await tokenFor(store, 'kz.officer')));
    await kzStream.next((e) => e.event === 'ready');
    const uzOnly = await other.inject({ method: 'POST', url: '/api/v1/warnings', headers: bearer(await tokenFor(store, 'ge.unit_head')), payload: warningBody({ subject: 'UZ only', recipients: [{ country: 'UZ' }] }) });
    await stream.next((e) => e.event === 'notification' && (e.data as Note).refId === uzOnly.json().data.id);
    const forKz = await other.inject({ method: 'POST', url: '/api/v1/warnings', headers: bearer(await tokenFor(store, 'ge.unit_head')), payload: warningBody({ subject: 'KZ only' }) });
    await kzStream.next((e) => e.event === 'notification' && (e.data as Note).refId === forKz.json().data.id);
    expect(kzStream.events.some((e) => e.event === 'notification' && (e.data as Note).refId === uzOnly.json().data.id)).toBe(false);
    expect(stream.events.some((e) => e.event === 'notification' && (e.data as Note).refId === forKz.json().data.id)).toBe(false);

    // A rolled-back transaction notifies nobody: NOTIFY is only delivered on commit.
    await store.db
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_notify('iren_notifications', ${JSON.stringify({ ids: [999999999] })})`);
        throw new Error('rollback');
      })
      .catch(() => undefined);

    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(logout.statusCode).toBeLessThan(300);
    const bye = await stream.next((e) => e.event === 'bye');
    expect(bye.data).toEqual({ reason: 'logout' });
    await stream.ended;
    // Logged out: the stream cannot be reopened with the old cookie.
    const again = await openSse(`${base}/api/v1/notifications/stream`, { cookie });
    expect(again.status).toBe(401);

    // Shutdown closes the remaining streams cleanly.
    await other.close();
    expect((await kzStream.next((e) => e.event === 'bye')).data).toEqual({ reason: 'shutdown' });
    await kzStream.ended;
  });
});
