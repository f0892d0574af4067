/**
 * The cross-tenant matrix of the information exchange: every message route × viewer (role, unit, country,
 * group member or not) × distribution (incl. group) × TLP — a generated table of cases, each asserted. A record
 * the viewer may not see answers 404 on every route and never appears in a list or a correlation; a visible one
 * never answers 404. The expected visibility comes from a plain oracle written from the sharing rules, not from
 * the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { consignments, equipment, units, users, type Role } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const unitIds: Record<string, string> = {};
const CONTAINER = 'MRKU8473924';

interface Viewer {
  name: string;
  username: string;
  role: Role;
  country: string | null;
  unit: string | null;
}
const VIEWERS: Viewer[] = [
  { name: 'sender unit officer', username: 'ge.officer', role: 'officer', country: 'GE', unit: 'GE-PTI-PCU' },
  { name: 'sender unit head', username: 'ge.unit_head', role: 'unit_head', country: 'GE', unit: 'GE-PTI-PCU' },
  { name: 'sender coordinator', username: 'ge.national_coordinator', role: 'national_coordinator', country: 'GE', unit: null },
  { name: 'sender country, other unit', username: 'mx.ge.batumi', role: 'officer', country: 'GE', unit: 'GE-BUS-PCU' },
  { name: 'recipient unit / group member', username: 'kz.officer', role: 'officer', country: 'KZ', unit: 'KZ-AAU-PCU' },
  { name: 'recipient country, other unit (non-member)', username: 'mx.kz.almaty', role: 'officer', country: 'KZ', unit: 'KZ-ALA-ACCU' },
  { name: 'recipient coordinator', username: 'kz.national_coordinator', role: 'national_coordinator', country: 'KZ', unit: null },
  { name: 'other country', username: 'uz.officer', role: 'officer', country: 'UZ', unit: 'UZ-TAS-PCU' },
  { name: 'observer (sender country)', username: 'ge.observer', role: 'observer', country: 'GE', unit: null },
  { name: 'observer (recipient country)', username: 'kz.observer', role: 'observer', country: 'KZ', unit: null },
  { name: 'network admin', username: 'admin', role: 'network_admin', country: null, unit: null },
];

// ---------------------------------------------------------------- warnings
type Audience = { kind: 'network' } | { kind: 'own_country' } | { kind: 'own_unit' } | { kind: 'country'; country: string } | { kind: 'unit'; unit: string } | { kind: 'group' };
interface WarningCase {
  label: string;
  author: string;
  tlp: string;
  distribution: string;
  audience: Audience;
  recipients?: { country: string; unit?: string }[];
  pending?: boolean;
}
const WARNING_CASES: WarningCase[] = [
  { label: 'network CLEAR', author: 'ge.unit_head', tlp: 'CLEAR', distribution: 'network', audience: { kind: 'network' } },
  { label: 'network GREEN', author: 'ge.unit_head', tlp: 'GREEN', distribution: 'network', audience: { kind: 'network' } },
  { label: 'own_country GREEN', author: 'ge.unit_head', tlp: 'GREEN', distribution: 'own_country', audience: { kind: 'own_country' } },
  { label: 'own_country AMBER', author: 'ge.unit_head', tlp: 'AMBER', distribution: 'own_country', audience: { kind: 'own_country' } },
  { label: 'own_unit AMBER+STRICT', author: 'ge.unit_head', tlp: 'AMBER+STRICT', distribution: 'own_unit', audience: { kind: 'own_unit' } },
  { label: 'named KZ GREEN', author: 'ge.unit_head', tlp: 'GREEN', distribution: 'named', recipients: [{ country: 'KZ' }], audience: { kind: 'country', country: 'KZ' } },
  { label: 'named KZ AMBER', author: 'ge.unit_head', tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'KZ' }], audience: { kind: 'country', country: 'KZ' } },
  { label: 'named Aktau AMBER+STRICT', author: 'ge.unit_head', tlp: 'AMBER+STRICT', distribution: 'named', recipients: [{ country: 'KZ', unit: 'KZ-AAU-PCU' }], audience: { kind: 'unit', unit: 'KZ-AAU-PCU' } },
  { label: 'named Aktau RED', author: 'ge.unit_head', tlp: 'RED', distribution: 'named', recipients: [{ country: 'KZ', unit: 'KZ-AAU-PCU' }], audience: { kind: 'unit', unit: 'KZ-AAU-PCU' } },
  { label: 'group GREEN', author: 'ge.unit_head', tlp: 'GREEN', distribution: 'group', audience: { kind: 'group' } },
  { label: 'group AMBER', author: 'ge.unit_head', tlp: 'AMBER', distribution: 'group', audience: { kind: 'group' } },
  { label: 'group AMBER+STRICT', author: 'ge.unit_head', tlp: 'AMBER+STRICT', distribution: 'group', audience: { kind: 'group' } },
  { label: 'pending (officer) named KZ AMBER', author: 'ge.officer', tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'KZ' }], audience: { kind: 'country', country: 'KZ' }, pending: true },
];

/** The sharing rules, written out plainly. The group has one member: the Aktau unit. */
function seesWarning(w: WarningCase, v: Viewer): boolean {
  if (v.role === 'observer' || v.role === 'network_admin') return false;
  const coordinator = v.role === 'national_coordinator';
  if (v.unit === 'GE-PTI-PCU' || (coordinator && v.country === 'GE')) return true;
  if (w.pending) return false;
  const a = w.audience;
  switch (a.kind) {
    case 'network':
      return true;
    case 'own_country':
      return v.country === 'GE';
    case 'own_unit':
      return false;
    case 'country':
      return v.country === a.country;
    case 'unit':
      return v.unit === a.unit || (coordinator && v.country === 'KZ');
    case 'group':
      return v.unit === 'KZ-AAU-PCU' || (coordinator && v.country === 'KZ');
  }
}

const warningIds = new Map<string, string>();
const attachmentIds = new Map<string, string>();
let groupId: string;
const api = async (user: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('matrix')]);
function multipart(content: Buffer, type: string) {
  const boundary = '----irenMatrix';
  return {
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: ${type}\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

// ---------------------------------------------------------------- requests
interface RequestCase {
  label: string;
  author: string;
  senderUnit: string;
  recipientCountry: string;
  recipientUnit?: string;
  tlp: string;
}
const REQUEST_CASES: RequestCase[] = [
  { label: 'KZ Aktau → GE (country)', author: 'kz.officer', senderUnit: 'KZ-AAU-PCU', recipientCountry: 'GE', tlp: 'AMBER' },
  { label: 'KZ Aktau → GE Batumi (unit)', author: 'kz.officer', senderUnit: 'KZ-AAU-PCU', recipientCountry: 'GE', recipientUnit: 'GE-BUS-PCU', tlp: 'RED' },
  { label: 'GE Poti → KZ Almaty (unit)', author: 'ge.officer', senderUnit: 'GE-PTI-PCU', recipientCountry: 'KZ', recipientUnit: 'KZ-ALA-ACCU', tlp: 'GREEN' },
  { label: 'GE Poti → UZ (country)', author: 'ge.unit_head', senderUnit: 'GE-PTI-PCU', recipientCountry: 'UZ', tlp: 'CLEAR' },
];
const countryOfUnit = (code: string) => code.slice(0, 2);

function seesRequest(r: RequestCase, v: Viewer): boolean {
  if (v.role === 'observer' || v.role === 'network_admin') return false;
  const coordinator = v.role === 'national_coordinator';
  if (v.unit === r.senderUnit || (coordinator && v.country === countryOfUnit(r.senderUnit))) return true;
  return v.country === r.recipientCountry && (!r.recipientUnit || v.unit === r.recipientUnit || coordinator);
}
const requestIds = new Map<string, string>();

// ---------------------------------------------------------------- set-up
beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  for (const u of await store.db.select({ id: units.id, code: units.code }).from(units)) unitIds[u.code] = u.id;
  // Two extra officers in other units of the sender's and the recipient's country.
  const [hash] = await store.db.select({ h: users.passwordHash }).from(users).where(eq(users.username, 'ge.officer'));
  for (const v of VIEWERS.filter((x) => x.username.startsWith('mx.'))) {
    await store.db.insert(users).values({ username: v.username, displayName: v.name, role: v.role, country: v.country, unitId: unitIds[v.unit!]!, passwordHash: hash!.h });
  }
  const g = await api('ge.unit_head', 'POST', '/api/v1/groups', { name: 'Matrix group', members: [{ country: 'KZ', unitId: unitIds['KZ-AAU-PCU'] }] });
  expect(g.statusCode, g.body).toBe(201);
  groupId = g.json().data.id;

  for (const w of WARNING_CASES) {
    const res = await api(w.author, 'POST', '/api/v1/warnings', {
      subject: `matrix ${w.label}`,
      facts: { containers: [CONTAINER] },
      reasons: 'matrix case',
      requestedAction: 'none',
      tlp: w.tlp,
      distribution: w.distribution,
      ...(w.recipients ? { recipients: w.recipients.map((r) => ({ country: r.country, unitId: r.unit ? unitIds[r.unit] : null })) } : {}),
      ...(w.distribution === 'group' ? { groupId } : {}),
    });
    expect(res.statusCode, `${w.label}: ${res.body}`).toBe(201);
    expect(res.json().data.state).toBe(w.pending ? 'pending_approval' : 'sent');
    const id = res.json().data.id as string;
    warningIds.set(w.label, id);
    const m = multipart(PNG, 'image/png');
    const att = await app.inject({ method: 'POST', url: `/api/v1/warnings/${id}/attachments`, payload: m.payload, headers: { ...bearer(await tokenFor(store, 'ge.officer')), ...m.headers } });
    expect(att.statusCode, att.body).toBe(201);
    attachmentIds.set(w.label, att.json().data.id);
  }
  for (const r of REQUEST_CASES) {
    const res = await api(r.author, 'POST', '/api/v1/requests', { recipientCountry: r.recipientCountry, recipientUnitId: r.recipientUnit ? unitIds[r.recipientUnit] : null, subject: `matrix ${r.label}`, body: 'matrix request', tlp: r.tlp });
    expect(res.statusCode, res.body).toBe(201);
    requestIds.set(r.label, res.json().data.id);
  }
  // The matrix container also arrives in each viewer country, so correlation panels have a source there.
  for (const [code, place, seed] of [
    ['GE-BUS-PCU', 'GEBUS', 701],
    ['KZ-ALA-ACCU', 'KZAAU', 702],
    ['UZ-TAS-PCU', 'KZAAU', 703],
  ] as const) {
    const country = countryOfUnit(code);
    const base = [...demoConsignments({ place, country, count: 1, seed, today: DEMO_TODAY })][0]!;
    const c = { ...base, documentNumber: `MATRIX${country}1`, equipment: [{ containerNumber: CONTAINER, sizeType: '45G1', seals: ['M1'], fullEmpty: 'FULL' as const }], goodsItems: base.goodsItems.map((gi) => ({ ...gi, containerNumbers: [CONTAINER] })) };
    await importConsignments(store.db, { unit: { id: unitIds[code]!, country }, format: 'json', source: [JSON.stringify(c)], fileName: `matrix-${country}.json`, ctx: SYSTEM_CONTEXT });
  }
  // About forty requests through the full stack: allow for a busy machine.
}, 600_000);
afterAll(async () => {
  await app.close();
  await store.close();
});

// Lists and correlation panels are fetched once per viewer; each case asserts on them.
const listCache = new Map<string, Promise<string[]>>();
async function listIds(user: string, path: string): Promise<string[]> {
  const key = `${user} ${path}`;
  if (!listCache.has(key)) {
    listCache.set(
      key,
      (async () => {
        const ids: string[] = [];
        for (let offset = 0; ; offset += 200) {
          const res = await api(user, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=200&offset=${offset}`);
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json().data as { id: string }[];
          ids.push(...page.map((x) => x.id));
          if (page.length < 200) return ids;
        }
      })(),
    );
  }
  return listCache.get(key)!;
}
const correlationCache = new Map<string, Promise<string | null>>();
/** The raw correlation answer for the viewer's own country's consignment holding the matrix container. */
async function correlationBody(v: Viewer): Promise<string | null> {
  if (!correlationCache.has(v.username)) {
    correlationCache.set(
      v.username,
      (async () => {
        if (!v.country || v.role === 'observer' || v.role === 'network_admin') return null;
        const [c] = await store.db.select({ id: consignments.id }).from(consignments).innerJoin(equipment, eq(equipment.consignmentId, consignments.id)).where(eq(consignments.documentNumber, `MATRIX${v.country}1`));
        const res = await api(v.username, 'GET', `/api/v1/correlations?consignmentId=${c!.id}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.body;
      })(),
    );
  }
  return correlationCache.get(v.username)!;
}

// ---------------------------------------------------------------- the generated tables
const WARNING_ROUTES = ['GET /warnings/:id', 'GET /warnings (list)', 'POST /warnings/:id/feedback', 'POST /warnings/:id/approve', 'POST /warnings/:id/forward', 'GET /warnings/:id/attachments/:attId', 'POST /warnings/:id/attachments', 'GET /correlations?warningId', 'GET /correlations?consignmentId (as related record)'] as const;
const warningTable = WARNING_CASES.flatMap((w) => VIEWERS.flatMap((v) => WARNING_ROUTES.map((route) => ({ route, w, v, label: w.label, viewer: v.name, visible: seesWarning(w, v) }))));

describe('warnings: route × distribution × TLP × viewer', () => {
  it('covers every route, viewer and case', () => {
    expect(warningTable.length).toBe(WARNING_CASES.length * VIEWERS.length * WARNING_ROUTES.length);
    // The oracle is not trivial: every case has viewers on both sides, except what only the sender sees.
    for (const w of WARNING_CASES) expect(VIEWERS.some((v) => seesWarning(w, v))).toBe(true);
  });

  it.each(warningTable)('$route · $label · $viewer → visible=$visible', async ({ route, w, v, visible }) => {
    const id = warningIds.get(w.label)!;
    const notFound = (status: number) => expect(status === 404, `${route} answered ${status}`).toBe(!visible);
    switch (route) {
      case 'GET /warnings/:id': {
        const res = await api(v.username, 'GET', `/api/v1/warnings/${id}`);
        expect(res.statusCode).toBe(visible ? 200 : 404);
        break;
      }
      case 'GET /warnings (list)':
        expect((await listIds(v.username, '/api/v1/warnings?box=all')).includes(id)).toBe(visible);
        break;
      case 'POST /warnings/:id/feedback':
        notFound((await api(v.username, 'POST', `/api/v1/warnings/${id}/feedback`, { status: 'acknowledged' })).statusCode);
        break;
      case 'POST /warnings/:id/approve':
        // Approving is tried only where it cannot succeed (a sent warning, or by a non-approver), so the table stays stable.
        if (w.pending && (v.username === 'ge.unit_head' || v.username === 'ge.national_coordinator')) return;
        notFound((await api(v.username, 'POST', `/api/v1/warnings/${id}/approve`)).statusCode);
        break;
      case 'POST /warnings/:id/forward':
        // An unknown recipient country: a visible warning answers 400/403/409, never 404; nothing is created.
        notFound((await api(v.username, 'POST', `/api/v1/warnings/${id}/forward`, { recipients: [{ country: 'XX' }] })).statusCode);
        break;
      case 'GET /warnings/:id/attachments/:attId': {
        const res = await api(v.username, 'GET', `/api/v1/warnings/${id}/attachments/${attachmentIds.get(w.label)}`);
        expect(res.statusCode).toBe(visible ? 200 : 404);
        break;
      }
      case 'POST /warnings/:id/attachments': {
        // Not an allowed type: the sending unit gets 415, other viewers 403 — or 404 when they cannot see it.
        const m = multipart(Buffer.from('plain text'), 'text/plain');
        const res = await app.inject({ method: 'POST', url: `/api/v1/warnings/${id}/attachments`, payload: m.payload, headers: { ...bearer(await tokenFor(store, v.username)), ...m.headers } });
        notFound(res.statusCode);
        break;
      }
      case 'GET /correlations?warningId': {
        const res = await api(v.username, 'GET', `/api/v1/correlations?warningId=${id}`);
        expect(res.statusCode).toBe(visible ? 200 : 404);
        break;
      }
      case 'GET /correlations?consignmentId (as related record)': {
        const body = await correlationBody(v);
        if (body === null) return; // observers and admins have no consignments: their correlation source is 404
        // Visible: listed with its id. Not visible: its id, subject and count never appear.
        expect(body.includes(id)).toBe(visible);
        expect(body.includes(`matrix ${w.label}"`)).toBe(visible);
        break;
      }
    }
  });
});

const REQUEST_ROUTES = ['GET /requests/:id', 'GET /requests (list)', 'GET /requests?box=inbox|outbox', 'POST /requests/:id/replies'] as const;
const requestTable = REQUEST_CASES.flatMap((r) => VIEWERS.flatMap((v) => REQUEST_ROUTES.map((route) => ({ route, r, v, label: r.label, viewer: v.name, visible: seesRequest(r, v) }))));

describe('requests: route × recipient level × TLP × viewer', () => {
  it.each(requestTable)('$route · $label · $viewer → visible=$visible', async ({ route, r, v, visible }) => {
    const id = requestIds.get(r.label)!;
    switch (route) {
      case 'GET /requests/:id':
        expect((await api(v.username, 'GET', `/api/v1/requests/${id}`)).statusCode).toBe(visible ? 200 : 404);
        break;
      case 'GET /requests (list)':
        expect((await listIds(v.username, '/api/v1/requests?box=all')).includes(id)).toBe(visible);
        break;
      case 'GET /requests?box=inbox|outbox': {
        const inInbox = (await listIds(v.username, '/api/v1/requests?box=inbox')).includes(id);
        const inOutbox = (await listIds(v.username, '/api/v1/requests?box=outbox')).includes(id);
        expect(inInbox || inOutbox).toBe(visible);
        expect(inInbox && inOutbox).toBe(false);
        break;
      }
      case 'POST /requests/:id/replies': {
        const status = (await api(v.username, 'POST', `/api/v1/requests/${id}/replies`, { body: `matrix reply from ${v.name}` })).statusCode;
        expect(status === 404, `answered ${status}`).toBe(!visible);
        break;
      }
    }
  });
});

describe('sharing group: member vs non-member', () => {
  // The owner unit, its coordinator, the member unit and its country's coordinator.
  const member = (v: Viewer) => v.role !== 'observer' && v.role !== 'network_admin' && (v.unit === 'GE-PTI-PCU' || v.unit === 'KZ-AAU-PCU' || (v.role === 'national_coordinator' && (v.country === 'GE' || v.country === 'KZ')));
  it.each(VIEWERS.map((v) => ({ v, viewer: v.name, visible: member(v) })))('GET /groups/:id and list · $viewer → visible=$visible', async ({ v, visible }) => {
    expect((await api(v.username, 'GET', `/api/v1/groups/${groupId}`)).statusCode).toBe(visible ? 200 : 404);
    expect((await api(v.username, 'GET', '/api/v1/groups?limit=200')).json().data.some((g: { id: string }) => g.id === groupId)).toBe(visible);
  });
});
