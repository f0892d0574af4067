/**
 * Statistics against a hand-counted fixture in 2019 (the demo data lives in the last twelve months, so the
 * 2019 period holds only what this file creates).
 *
 *   ref  country  date        items                         detection        route   TLP / distribution          shared
 *   A    KZ       2019-03-10  heroin 12 kg, opium 500 g     partner_warning  AF→KZ   AMBER own_country            yes (GE warning)
 *   B    KZ       2019-03-20  cigarettes 10 000 sticks      scanner_image    CN→KZ   GREEN network                no
 *   C    GE       2019-05-02  heroin 2 500 g                canine           AF→GE   RED own_unit                 no
 *   D    GE       2019-05-15  heroin 1.5 kg                 risk_profile     AF→GE   AMBER+STRICT own_country     no
 *   E    KZ       2019-07-01  weapons 3 pieces, ammo 200    random           —       AMBER named UZ               no
 * A Kazakh viewer (or any observer) counts A, B, E; C (RED) and D (AMBER+STRICT) only count for Georgian staff
 * who may see them. Warnings sent in 2019 from Tashkent: W1 GREEN network (answered), W2 AMBER named KZ, W3 RED
 * named to Poti (answered). Inspections in 2019 at Aktau: no_find, seizure, irregularity, no_find.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { extractText } from 'unpdf';
import type { Store } from '../../db/client.ts';
import { consignments, inspections, units, users, warningFeedback, warningRecipients, warnings } from '../../db/schema.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
const unitIds: Record<string, string> = {};
const Y = 'from=2019-01-01&to=2019-12-31';

const api = async (user: string, url: string, method: 'GET' | 'POST' = 'GET', payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

async function seize(user: string, body: Record<string, unknown>) {
  const res = await api(user, '/api/v1/seizures', 'POST', { form: 'minimal', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; reference: string };
}

const refs: string[] = [];

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  for (const u of await store.db.select({ id: units.id, code: units.code }).from(units)) unitIds[u.code] = u.id;
  const [someone] = await store.db.select({ id: users.id }).from(users).limit(1);

  const tip = await api('ge.unit_head', '/api/v1/warnings', 'POST', { subject: 'Tip for Aktau', facts: { containers: ['TGHU1234560'] }, reasons: 'r r r', requestedAction: 'inspect', tlp: 'AMBER', distribution: 'named', recipients: [{ country: 'KZ' }] });
  const tipId = tip.json().data.id as string;
  const kz = { placeLocode: 'KZAAU' };
  const ge = { placeLocode: 'GEPTI' };
  refs.push(
    (await seize('kz.officer', { ...kz, seizureDate: '2019-03-10', items: [{ commodity: 'heroin', quantity: 12, unit: 'kg' }, { commodity: 'opium', quantity: 500, unit: 'g' }], detectionMethod: 'partner_warning', routeOrigin: 'AF', routeDestination: 'KZ', tlp: 'AMBER', distribution: 'own_country', warningIds: [tipId], persons: [{ kind: 'person', name: 'Nominal Person Alpha' }], summary: 'Free text that must not leak' })).reference,
    (await seize('kz.officer', { ...kz, seizureDate: '2019-03-20', items: [{ commodity: 'cigarettes', quantity: 10000, unit: 'sticks' }], detectionMethod: 'scanner_image', routeOrigin: 'CN', routeDestination: 'KZALA', tlp: 'GREEN', distribution: 'network' })).reference,
    (await seize('ge.officer', { ...ge, seizureDate: '2019-05-02', items: [{ commodity: 'heroin', quantity: 2500, unit: 'g' }], detectionMethod: 'canine', routeOrigin: 'AFKBL', routeDestination: 'GE', tlp: 'RED', distribution: 'own_unit' })).reference,
    (await seize('ge.officer', { ...ge, seizureDate: '2019-05-15', items: [{ commodity: 'heroin', quantity: 1.5, unit: 'kg' }], detectionMethod: 'risk_profile', routeOrigin: 'AF', routeDestination: 'GE', tlp: 'AMBER+STRICT', distribution: 'own_country' })).reference,
    (await seize('kz.officer', { ...kz, seizureDate: '2019-07-01', items: [{ commodity: 'weapons', quantity: 3, unit: 'pieces' }, { commodity: 'ammunition', quantity: 200, unit: 'rounds' }], detectionMethod: 'random', tlp: 'AMBER', distribution: 'named', namedCountries: ['UZ'] })).reference,
  );

  const tashkent = unitIds['UZ-TAS-PCU']!;
  const warning = (subject: string, tlp: 'GREEN' | 'AMBER' | 'RED', distribution: 'network' | 'named', sentAt: string) => ({
    senderUnitId: tashkent,
    senderCountry: 'UZ',
    createdBy: someone!.id,
    state: 'sent' as const,
    subject,
    facts: { containers: [], documents: [], parties: [] },
    reasons: 'fixture',
    requestedAction: 'fixture',
    tlp,
    distribution,
    expiresAt: new Date('2019-12-31T00:00:00Z'),
    sentAt: new Date(sentAt),
    createdAt: new Date(sentAt),
  });
  const [w1, w2, w3] = await store.db
    .insert(warnings)
    .values([warning('W1', 'GREEN', 'network', '2019-02-01T09:00:00Z'), warning('W2', 'AMBER', 'named', '2019-02-02T09:00:00Z'), warning('W3', 'RED', 'named', '2019-04-01T09:00:00Z')])
    .returning({ id: warnings.id });
  await store.db.insert(warningRecipients).values([{ warningId: w2!.id, country: 'KZ' }, { warningId: w3!.id, country: 'GE', unitId: unitIds['GE-PTI-PCU']! }]);
  const fb = (warningId: string, unit: string, country: string) => ({ warningId, unitId: unitIds[unit]!, country, status: 'acknowledged' as const, result: 'pending' as const, createdBy: someone!.id, createdAt: new Date('2019-04-02T00:00:00Z') });
  await store.db.insert(warningFeedback).values([fb(w1!.id, 'KZ-AAU-PCU', 'KZ'), fb(w3!.id, 'GE-PTI-PCU', 'GE')]);

  const [c] = await store.db.select({ id: consignments.id }).from(consignments).limit(1);
  const outcomes = ['no_find', 'seizure', 'irregularity', 'no_find'] as const;
  await store.db.insert(inspections).values(outcomes.map((outcome, i) => ({ consignmentId: c!.id, unitId: unitIds['KZ-AAU-PCU']!, country: 'KZ', method: 'xray' as const, outcome, inspectedAt: new Date(Date.UTC(2019, 5, 10 + i)) })));
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('dashboard figures against the hand-counted fixture', () => {
  it('a Kazakh officer: RED and AMBER+STRICT Georgian seizures are not counted', async () => {
    const res = await api('kz.officer', `/api/v1/statistics/dashboard?${Y}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json().data;
    expect(d.kpis).toEqual({ seizures: 3, onSharedInformation: 1, sharedShare: 1 / 3, countries: 1, warningsSent: 2, warningsAnswered: 1, answerRate: 0.5, inspections: 4, inspectionHits: 2, hitRate: 0.5 });
    expect(d.byCountry).toEqual([{ country: 'KZ', seizures: 3, onSharedInformation: 1 }]);
    expect(d.byCommodity).toEqual([
      { commodity: 'ammunition', unit: 'rounds', seizures: 1, quantity: 200 },
      { commodity: 'cigarettes', unit: 'pieces', seizures: 1, quantity: 10000 },
      { commodity: 'heroin', unit: 'kg', seizures: 1, quantity: 12 },
      { commodity: 'opium', unit: 'kg', seizures: 1, quantity: 0.5 },
      { commodity: 'weapons', unit: 'pieces', seizures: 1, quantity: 3 },
    ]);
    expect(d.byDetection).toEqual([
      { detectionMethod: 'partner_warning', seizures: 1 },
      { detectionMethod: 'random', seizures: 1 },
      { detectionMethod: 'scanner_image', seizures: 1 },
    ]);
    expect(d.monthly).toHaveLength(12);
    expect(d.monthly.filter((m: { seizures: number }) => m.seizures > 0)).toEqual([
      { month: '2019-03', seizures: 2, onSharedInformation: 1 },
      { month: '2019-07', seizures: 1, onSharedInformation: 0 },
    ]);
    expect(d.routes.map((r: { origin: string; destination: string; seizures: number }) => `${r.origin}>${r.destination}:${r.seizures}`)).toEqual(['AF>KZ:1', 'CN>KZ:1']);
    expect(d.points.find((p: { unitCode: string }) => p.unitCode === 'KZ-AAU-PCU')).toMatchObject({ seizures: 3, country: 'KZ', lat: expect.any(Number), lon: expect.any(Number) });
  });

  it('a Georgian officer also counts the Georgian restricted seizures and the RED warning named to Poti', async () => {
    const d = (await api('ge.officer', `/api/v1/statistics/dashboard?${Y}`)).json().data;
    expect(d.kpis).toMatchObject({ seizures: 5, onSharedInformation: 1, countries: 2, warningsSent: 3, warningsAnswered: 2 });
    expect(d.byCountry).toEqual([
      { country: 'KZ', seizures: 3, onSharedInformation: 1 },
      { country: 'GE', seizures: 2, onSharedInformation: 0 },
    ]);
    expect(d.byCommodity.find((c: { commodity: string }) => c.commodity === 'heroin')).toEqual({ commodity: 'heroin', unit: 'kg', seizures: 3, quantity: 16 });
    expect(d.routes.map((r: { origin: string; destination: string; seizures: number; onSharedInformation: number }) => `${r.origin}>${r.destination}:${r.seizures}/${r.onSharedInformation}`)).toEqual(['AF>GE:2/0', 'AF>KZ:1/1', 'CN>KZ:1/0']);
    for (const r of d.routes) expect([r.originLat, r.originLon, r.destinationLat, r.destinationLon].every((x: unknown) => typeof x === 'number')).toBe(true);
  });

  it('an observer sees the aggregates (as any viewer without access to restricted records) but never a record', async () => {
    const d = (await api('pk.observer', `/api/v1/statistics/dashboard?${Y}`)).json().data;
    expect(d.kpis).toMatchObject({ seizures: 3, onSharedInformation: 1, warningsSent: 2, warningsAnswered: 1 });
    expect((await api('pk.observer', `/api/v1/seizures?${Y}`)).json().data).toEqual([]);
    // No nominal data, no references, no free text in aggregates.
    const text = JSON.stringify(d);
    for (const needle of ['Nominal Person Alpha', 'Free text that must not leak', ...refs]) expect(text).not.toContain(needle);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('filters by commodity and country', async () => {
    const heroin = (await api('kz.officer', `/api/v1/statistics/dashboard?${Y}&commodity=heroin`)).json().data;
    expect(heroin.kpis.seizures).toBe(1);
    expect(heroin.byCommodity).toEqual([{ commodity: 'heroin', unit: 'kg', seizures: 1, quantity: 12 }]);
    const georgia = (await api('ge.officer', `/api/v1/statistics/dashboard?${Y}&country=GE`)).json().data;
    expect(georgia.kpis).toMatchObject({ seizures: 2, onSharedInformation: 0, warningsSent: 0, inspections: 0 });
    expect((await api('kz.officer', `/api/v1/statistics/dashboard?${Y}&country=GE`)).json().data.kpis.seizures).toBe(0);
    const bad = await api('kz.officer', '/api/v1/statistics/dashboard?from=2019-12-31&to=2019-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('querystring.from');
  });

  it('every table exports as CSV', async () => {
    const res = await api('kz.officer', `/api/v1/statistics/by-commodity?${Y}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('commodity,unit,seizures,quantity');
    expect(lines).toContain('heroin,kg,1,12');
    const kpis = (await api('kz.observer', `/api/v1/statistics/kpis?${Y}&format=csv`)).body;
    expect(kpis).toContain('seizures,3');
    for (const table of ['monthly', 'by-country', 'by-detection', 'routes', 'points']) {
      const r = await api('kz.officer', `/api/v1/statistics/${table}?${Y}`);
      expect(r.statusCode, table).toBe(200);
      expect(Array.isArray(r.json().data)).toBe(true);
    }
  });

  it('the dashboard PDF holds the same figures', async () => {
    const res = await api('kz.officer', `/api/v1/statistics/report.pdf?${Y}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(res.rawPayload), { mergePages: true });
    expect(text).toContain('IREN network statistics');
    expect(text).toMatch(/Made on information shared by another country\s*1/);
    expect(text).toMatch(/Inspection hit rate\s*50\.0 %/);
    expect(text).toContain('Heroin');
    expect(text).not.toContain('Nominal Person Alpha');
    const ru = await api('kz.officer', `/api/v1/statistics/report.pdf?${Y}&lang=ru`);
    expect((await extractText(new Uint8Array(ru.rawPayload), { mergePages: true })).text).toContain('Статистика сети IREN');
  });
});
