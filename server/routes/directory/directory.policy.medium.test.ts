/**
 * Every role × action on the directory, as a generated table of cases. Records outside the actor's scope
 * answer 404 (their existence is not revealed); visible records the actor may not change answer 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { agencies, units, users } from '../../db/schema.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const ids: Record<string, string> = {};

// The admin runs last in each case, so a case it succeeds at cannot change what the others see.
const ACTORS = ['kz.national_coordinator', 'kz.unit_head', 'kz.officer', 'kz.observer', 'admin'] as const;
type ActorName = (typeof ACTORS)[number];

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  for (const u of await store.db.select({ id: users.id, username: users.username }).from(users)) ids[u.username] = u.id;
  for (const u of await store.db.select({ id: units.id, code: units.code }).from(units)) ids[u.code] = u.id;
  for (const a of await store.db.select({ id: agencies.id, country: agencies.country, kind: agencies.kind }).from(agencies)) {
    if (a.kind === 'customs') ids[`agency:${a.country}`] = a.id;
  }
});
afterAll(async () => {
  await app.close();
  await store.close();
});

let seq = 0;
const uniq = () => `p${++seq}`;

interface Case {
  action: string;
  request: () => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: Record<string, unknown> };
  expect: Record<ActorName, number>;
}

const all = (code: number, overrides: Partial<Record<ActorName, number>> = {}): Record<ActorName, number> => ({
  admin: code,
  'kz.national_coordinator': code,
  'kz.unit_head': code,
  'kz.officer': code,
  'kz.observer': code,
  ...overrides,
});

const CASES: Case[] = [
  { action: 'list units', request: () => ({ method: 'GET', url: '/api/v1/units' }), expect: all(200) },
  { action: 'list users', request: () => ({ method: 'GET', url: '/api/v1/users' }), expect: all(200, { 'kz.observer': 403 }) },
  { action: 'read own-unit user (kz.officer)', request: () => ({ method: 'GET', url: `/api/v1/users/${ids['kz.officer']}` }), expect: all(200, { 'kz.observer': 404 }) },
  { action: 'read same-country user outside unit (kz.national_coordinator)', request: () => ({ method: 'GET', url: `/api/v1/users/${ids['kz.national_coordinator']}` }), expect: all(200, { 'kz.unit_head': 404, 'kz.officer': 404, 'kz.observer': 404 }) },
  { action: 'read other-country user (uz.officer)', request: () => ({ method: 'GET', url: `/api/v1/users/${ids['uz.officer']}` }), expect: all(404, { admin: 200 }) },
  { action: 'change own-unit officer', request: () => ({ method: 'PATCH', url: `/api/v1/users/${ids['kz.officer']}`, payload: { displayName: `Yerlan ${uniq()}` } }), expect: all(403, { admin: 200, 'kz.national_coordinator': 200, 'kz.unit_head': 200, 'kz.observer': 404 }) },
  { action: 'change other-country user', request: () => ({ method: 'PATCH', url: `/api/v1/users/${ids['uz.officer']}`, payload: { displayName: `Dilnoza ${uniq()}` } }), expect: all(404, { admin: 200 }) },
  { action: 'reset password of other-country user', request: () => ({ method: 'POST', url: `/api/v1/users/${ids['uz.unit_head']}/reset-password`, payload: {} }), expect: all(404, { admin: 200 }) },
  { action: 'reset password of same-country unit head', request: () => ({ method: 'POST', url: `/api/v1/users/${ids['kz.unit_head']}/reset-password`, payload: {} }), expect: all(403, { admin: 200, 'kz.national_coordinator': 200, 'kz.observer': 404 }) },
  {
    action: 'create officer in own unit',
    request: () => ({ method: 'POST', url: '/api/v1/users', payload: { username: `kz.${uniq()}`, displayName: 'New Officer', role: 'officer', unitId: ids['KZ-AAU-PCU'] } }),
    expect: all(403, { admin: 201, 'kz.national_coordinator': 201, 'kz.unit_head': 201 }),
  },
  {
    action: 'create officer in another unit of the country',
    request: () => ({ method: 'POST', url: '/api/v1/users', payload: { username: `kz.${uniq()}`, displayName: 'New Officer', role: 'officer', unitId: ids['KZ-ALA-ACCU'] } }),
    expect: all(403, { admin: 201, 'kz.national_coordinator': 201 }),
  },
  {
    action: 'create officer in another country',
    request: () => ({ method: 'POST', url: '/api/v1/users', payload: { username: `uz.${uniq()}`, displayName: 'New Officer', role: 'officer', unitId: ids['UZ-TAS-PCU'] } }),
    expect: all(403, { admin: 201 }),
  },
  {
    action: 'create national coordinator in own country',
    request: () => ({ method: 'POST', url: '/api/v1/users', payload: { username: `kz.${uniq()}`, displayName: 'Deputy Coordinator', role: 'national_coordinator', country: 'KZ' } }),
    expect: all(403, { admin: 201, 'kz.national_coordinator': 201 }),
  },
  { action: 'create network admin', request: () => ({ method: 'POST', url: '/api/v1/users', payload: { username: `x.${uniq()}`, displayName: 'Admin 2', role: 'network_admin' } }), expect: all(403, { admin: 201 }) },
  { action: 'change capacity of own unit', request: () => ({ method: 'PATCH', url: `/api/v1/units/${ids['KZ-AAU-PCU']}`, payload: { dailyCapacity: 31 } }), expect: all(403, { admin: 200, 'kz.national_coordinator': 200, 'kz.unit_head': 200 }) },
  { action: 'move own unit to another place', request: () => ({ method: 'PATCH', url: `/api/v1/units/${ids['KZ-AAU-PCU']}`, payload: { locode: 'KZAAU' } }), expect: all(403, { admin: 200, 'kz.national_coordinator': 200 }) },
  { action: 'change another unit of the country', request: () => ({ method: 'PATCH', url: `/api/v1/units/${ids['KZ-ALA-ACCU']}`, payload: { dailyCapacity: 21 } }), expect: all(403, { admin: 200, 'kz.national_coordinator': 200 }) },
  { action: 'change a unit of another country', request: () => ({ method: 'PATCH', url: `/api/v1/units/${ids['UZ-TAS-PCU']}`, payload: { dailyCapacity: 33 } }), expect: all(403, { admin: 200 }) },
  {
    action: 'create unit in own country',
    request: () => ({ method: 'POST', url: '/api/v1/units', payload: { code: `KZ-${uniq().toUpperCase()}-PCU`, name: 'Kuryk Port Control Unit', kind: 'pcu', country: 'KZ', agencyId: ids['agency:KZ'], locode: 'KZAAU' } }),
    expect: all(403, { admin: 201, 'kz.national_coordinator': 201 }),
  },
  {
    action: 'create unit in another country',
    request: () => ({ method: 'POST', url: '/api/v1/units', payload: { code: `UZ-${uniq().toUpperCase()}-PCU`, name: 'Another unit', kind: 'pcu', country: 'UZ', agencyId: ids['agency:UZ'], locode: 'UZTAS' } }),
    expect: all(403, { admin: 201 }),
  },
  { action: 'create agency in own country', request: () => ({ method: 'POST', url: '/api/v1/agencies', payload: { country: 'KZ', name: `Financial Monitoring ${uniq()}`, kind: 'other' } }), expect: all(403, { admin: 201, 'kz.national_coordinator': 201 }) },
  { action: 'create agency in another country', request: () => ({ method: 'POST', url: '/api/v1/agencies', payload: { country: 'UZ', name: `Agency ${uniq()}`, kind: 'police' } }), expect: all(403, { admin: 201 }) },
  { action: 'read audit log', request: () => ({ method: 'GET', url: '/api/v1/audit' }), expect: all(403, { admin: 200, 'kz.national_coordinator': 200 }) },
  // Changes an actor's own rights: last, and the admin (who succeeds) runs after the others.
  { action: 'promote own-unit officer to network admin', request: () => ({ method: 'PATCH', url: `/api/v1/users/${ids['kz.officer']}`, payload: { role: 'network_admin', unitId: null } }), expect: all(403, { admin: 200, 'kz.observer': 404 }) },
];

describe('directory policy matrix', () => {
  const table = CASES.flatMap((c) => ACTORS.map((actor) => ({ actor, action: c.action, status: c.expect[actor], c })));
  it.each(table)('$actor: $action → $status', async ({ actor, status, c }) => {
    const req = c.request();
    const res = await app.inject({ ...req, headers: bearer(await tokenFor(store, actor)) });
    expect(res.statusCode, res.body).toBe(status);
    if (status === 404) expect(res.json().error.code).toBe('NOT_FOUND');
    if (status === 403) expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('scoping inside the query', () => {
  it('a KZ coordinator lists only KZ users, and filtering for UZ gives nothing', async () => {
    const token = await tokenFor(store, 'kz.national_coordinator');
    const res = await app.inject({ method: 'GET', url: '/api/v1/users?limit=200', headers: bearer(token) });
    const countries = new Set(res.json().data.map((u: { country: string }) => u.country));
    expect([...countries]).toEqual(['KZ']);
    expect(res.json().page.total).toBe(res.json().data.length);
    const uz = await app.inject({ method: 'GET', url: '/api/v1/users?country=UZ', headers: bearer(token) });
    expect(uz.json().data).toEqual([]);
    expect(uz.json().page.total).toBe(0);
  });

  it('a unit head lists only the unit', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/users?limit=200', headers: bearer(await tokenFor(store, 'kz.unit_head')) });
    const unitCodes = new Set(res.json().data.map((u: { unitCode: string }) => u.unitCode));
    expect([...unitCodes]).toEqual(['KZ-AAU-PCU']);
  });

  it('a KZ coordinator reads only KZ audit events', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/audit?limit=200', headers: bearer(await tokenFor(store, 'kz.national_coordinator')) });
    expect(res.statusCode).toBe(200);
    const events = res.json().data as { country: string | null }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.country === 'KZ')).toBe(true);
  });

  it('presents what the actor may do with each record', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/units?country=KZ`, headers: bearer(await tokenFor(store, 'kz.unit_head')) });
    const byCode = Object.fromEntries(res.json().data.map((u: { code: string; can: unknown }) => [u.code, u.can]));
    expect(byCode['KZ-AAU-PCU']).toEqual({ update: true, relocate: false });
    expect(byCode['KZ-ALA-ACCU']).toEqual({ update: false, relocate: false });
  });
});

describe('directory validation', () => {
  it('refuses a unit at a place in another country, naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: bearer(await tokenFor(store, 'admin')),
      payload: { code: 'KZ-BAD-PCU', name: 'Wrong place', kind: 'pcu', country: 'KZ', agencyId: ids['agency:KZ'], locode: 'UZTAS' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe('locode');
  });

  it('refuses a duplicate username and an unknown unit', async () => {
    const admin = bearer(await tokenFor(store, 'admin'));
    const dup = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'GE.Officer', displayName: 'x', role: 'observer', country: 'GE' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('USERNAME_TAKEN');
    const unknownUnit = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'ge.x1', displayName: 'x', role: 'officer', unitId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'unitId' } });
  });

  it('returns a temporary password once when none is given, and the new user must change it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(await tokenFor(store, 'kz.national_coordinator')), payload: { username: 'kz.temp1', displayName: 'Temp', role: 'observer', country: 'KZ' } });
    expect(res.statusCode).toBe(201);
    const temp = res.json().data.temporaryPassword as string;
    expect(temp.length).toBeGreaterThanOrEqual(16);
    const [row] = await store.db.select().from(users).where(eq(users.username, 'kz.temp1'));
    expect(row!.mustChangePassword).toBe(true);
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
