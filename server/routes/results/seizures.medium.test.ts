import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { auditLog, consignments, inspections, seizures, units } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
});
afterAll(async () => {
  await app.close();
  await store.close();
});

const api = async (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: bearer(await tokenFor(store, user)), ...(payload !== undefined ? { payload: payload as object } : {}) });

function multipart(filename: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----iren${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(user: string, url: string, filename: string, content: Buffer) {
  const m = multipart(filename, content);
  return app.inject({ method: 'POST', url, headers: { ...bearer(await tokenFor(store, user)), ...m.headers }, payload: m.payload });
}

async function sendWarning(user: string, subject: string, distribution: string, recipients: { country: string }[] = [], tlp = 'AMBER') {
  const res = await api(user, 'POST', '/api/v1/warnings', { subject, facts: { containers: ['MSKU7654325'] }, reasons: 'Test reasons', requestedAction: 'Inspect', tlp, distribution, recipients });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data.id as string;
}

const base = {
  form: 'minimal',
  seizureDate: '2026-10-02',
  placeLocode: 'KZAAU',
  detectionMethod: 'partner_warning',
  items: [{ commodity: 'heroin', quantity: 18.4, unit: 'kg' }],
  tlp: 'AMBER',
  distribution: 'own_country',
};

describe('recording a seizure', () => {
  let geWarning: string;
  let seizureId: string;

  beforeAll(async () => {
    geWarning = await sendWarning('ge.unit_head', 'Heroin in textiles for Aktau', 'named', [{ country: 'KZ' }]);
  });

  it('an officer records it linked to a Georgian warning: made on shared information, quality stored, audited', async () => {
    const res = await api('kz.officer', 'POST', '/api/v1/seizures', {
      ...base,
      form: 'full',
      warningIds: [geWarning],
      containerNumber: 'MSKU 765432-8',
      routeOrigin: 'AF',
      routeTransit: ['GEPTI'],
      routeDestination: 'KZ',
      transportMode: 'sea',
      concealment: 'false_wall',
      summary: '18.4 kg heroin behind a false wall',
      estimatedValue: 920000,
      currency: 'USD',
      persons: [{ kind: 'company', name: 'Caspian Textile Group LLP', role: 'consignee', country: 'KZ' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json().data;
    seizureId = s.id;
    expect(s).toMatchObject({ country: 'KZ', onSharedInformation: true, qualityScore: 100, containerNumber: 'MSKU7654328', form: 'full' });
    expect(s.reference).toMatch(/^S-KZ-2026-[0-9A-F]{6}$/);
    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'seizure.created'), eq(auditLog.entityId, seizureId)));
    expect(audit).toHaveLength(1);
  });

  it('shared information is computed, never taken from input', async () => {
    const forged = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, onSharedInformation: true });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.details.field).toBe('body.onSharedInformation');
    // A warning from the own country does not make it "shared".
    const kzWarning = await sendWarning('kz.unit_head', 'Own-country tip', 'own_country');
    const own = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, warningIds: [kzWarning] });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().data.onSharedInformation).toBe(false);
  });

  it('links only warnings the officer may see', async () => {
    const toUz = await sendWarning('ge.unit_head', 'Only for Uzbekistan', 'named', [{ country: 'UZ' }]);
    const res = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, warningIds: [toUz] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'warningIds' } });
  });

  it.each([
    ['a unit that does not fit the commodity', { items: [{ commodity: 'cigarettes', quantity: 5, unit: 'kg' }] }, 'VALIDATION_FAILED', 'items.0.unit'],
    ['an unknown commodity', { items: [{ commodity: 'unobtainium', quantity: 5, unit: 'kg' }] }, 'VALIDATION_FAILED', 'items.0.commodity'],
    ['ammunition in pieces', { items: [{ commodity: 'heroin', quantity: 1, unit: 'kg' }, { commodity: 'ammunition', quantity: 5, unit: 'pieces' }] }, 'VALIDATION_FAILED', 'items.1.unit'],
    ['a currency that is not ISO 4217', { estimatedValue: 10, currency: 'XYZ' }, 'VALIDATION_FAILED', 'currency'],
    ['a value without currency', { estimatedValue: 10 }, 'VALIDATION_FAILED', 'currency'],
    ['an unknown UN/LOCODE', { placeLocode: 'KZZZZ' }, 'UNKNOWN_REFERENCE', 'placeLocode'],
    ['an unknown route country', { routeOrigin: 'QQ' }, 'UNKNOWN_REFERENCE', 'routeOrigin'],
    ['a bad container number', { containerNumber: 'MSKU7654320' }, 'VALIDATION_FAILED', 'containerNumber'],
    ['TLP:AMBER network-wide', { distribution: 'network' }, 'VALIDATION_FAILED', 'tlp'],
    ['TLP:RED to the own country', { tlp: 'RED' }, 'VALIDATION_FAILED', 'tlp'],
    ['named without countries', { distribution: 'named' }, 'VALIDATION_FAILED', 'namedCountries'],
    ['an unknown concealment code', { concealment: 'in_a_cake' }, 'VALIDATION_FAILED', 'body.concealment'],
    ['a date in the future', { seizureDate: '2099-01-01' }, 'VALIDATION_FAILED', 'seizureDate'],
    ['a day that does not exist', { seizureDate: '2019-02-31' }, 'VALIDATION_FAILED', 'body.seizureDate'],
    ['an unknown operation', { operationId: '5b1e8d0e-7a55-4c57-a1b5-4a5d3c1e2f10' }, 'UNKNOWN_REFERENCE', 'operationId'],
  ])('refuses %s, naming the field', async (_name, change, code, field) => {
    const res = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, ...change });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.details.field).toBe(field);
  });

  it('observers, admins and coordinators do not record seizures', async () => {
    for (const user of ['kz.observer', 'admin', 'kz.national_coordinator']) expect((await api(user, 'POST', '/api/v1/seizures', base)).statusCode).toBe(403);
  });

  it('the read is audited; the reader sees items, persons and who shared the information', async () => {
    const res = await api('kz.unit_head', 'GET', `/api/v1/seizures/${seizureId}`);
    expect(res.statusCode).toBe(200);
    const d = res.json().data;
    expect(d.items).toEqual([expect.objectContaining({ commodity: 'heroin', quantity: 18.4, unit: 'kg' })]);
    expect(d.persons[0]).toMatchObject({ name: 'Caspian Textile Group LLP' });
    expect(d.sharedBy).toEqual([{ country: 'GE', unitCode: 'GE-PTI-PCU', unitName: 'Poti Port Control Unit' }]);
    expect(d.warnings[0]).toMatchObject({ id: geWarning, subject: 'Heroin in textiles for Aktau' });
    expect(d.can).toEqual({ edit: true, addPhoto: true });
    const reads = await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'seizure.read'), eq(auditLog.entityId, seizureId)));
    expect(reads.map((r) => r.data)).toContainEqual({ seizureId, readerCountry: 'KZ' });
  });

  it('the recording unit updates it (quality recomputed); others may not', async () => {
    const body = { ...base, form: 'full', summary: 'Changed', warningIds: [geWarning] };
    const res = await api('kz.unit_head', 'PUT', `/api/v1/seizures/${seizureId}`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.qualityScore).toBeLessThan(100);
    expect(res.json().data.qualityIssues).toContain('missing_mandatory:concealment');
    expect(res.json().data.onSharedInformation).toBe(true);
    expect((await api('ge.officer', 'PUT', `/api/v1/seizures/${seizureId}`, body)).statusCode).toBe(404);
    const audit = await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'seizure.updated'), eq(auditLog.entityId, seizureId)));
    expect(audit).toHaveLength(1);
  });

  it('photos: JPEG/PNG/WebP by content, downloaded as stored; other files refused', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest-of-a-png')]);
    const ok = await upload('kz.officer', `/api/v1/seizures/${seizureId}/photos`, 'bales.png', png);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().data).toMatchObject({ contentType: 'image/png', size: png.length });
    const photoId = ok.json().data.id;
    const fake = await upload('kz.officer', `/api/v1/seizures/${seizureId}/photos`, 'evil.jpg', Buffer.from('<script>alert(1)</script>'));
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.details.field).toBe('file');
    const big = await upload('kz.officer', `/api/v1/seizures/${seizureId}/photos`, 'big.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    const got = await api('kz.unit_head', 'GET', `/api/v1/seizures/${seizureId}/photos/${photoId}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expect((await api('uz.officer', 'GET', `/api/v1/seizures/${seizureId}/photos/${photoId}`)).statusCode).toBe(404);
    expect((await upload('uz.officer', `/api/v1/seizures/${seizureId}/photos`, 'x.png', png)).statusCode).toBe(404);
    const reads = await store.db.select().from(auditLog).where(and(eq(auditLog.type, 'seizure.photo_read'), eq(auditLog.entityId, seizureId)));
    expect(reads).toHaveLength(1);
  });

  it('lists with filters: shared information, commodity, period', async () => {
    const shared = (await api('kz.officer', 'GET', '/api/v1/seizures?onSharedInformation=true&from=2026-10-01&to=2026-10-31')).json();
    expect(shared.data.map((s: { id: string }) => s.id)).toContain(seizureId);
    expect(shared.data.every((s: { onSharedInformation: boolean }) => s.onSharedInformation)).toBe(true);
    const cigs = (await api('kz.officer', 'GET', '/api/v1/seizures?commodity=cigarettes&from=2026-10-01&to=2026-10-31')).json();
    expect(cigs.data.map((s: { id: string }) => s.id)).not.toContain(seizureId);
    const bad = await api('kz.officer', 'GET', '/api/v1/seizures?from=yesterday');
    expect(bad.json().error.details.field).toBe('querystring.from');
  });
});

describe('links to a consignment and one of its inspection results', () => {
  const consignmentIds: string[] = [];
  const inspectionIds: string[] = [];

  beforeAll(async () => {
    const [u] = await store.db.select({ id: units.id, country: units.country, locode: units.locode }).from(units).where(eq(units.code, 'KZ-AAU-PCU'));
    const lines = [...demoConsignments({ place: u!.locode, country: u!.country, count: 2, seed: 4242 })].map((c) => `${JSON.stringify(c)}\n`);
    const imp = await importConsignments(store.db, { unit: { id: u!.id, country: u!.country }, format: 'json', source: lines, fileName: 'seizure-links.jsonl', ctx: SYSTEM_CONTEXT });
    for (const c of await store.db.select({ id: consignments.id }).from(consignments).where(eq(consignments.importId, imp.importId!))) {
      consignmentIds.push(c.id);
      const [i] = await store.db.insert(inspections).values({ consignmentId: c.id, unitId: u!.id, country: u!.country, method: 'physical', outcome: 'seizure' }).returning({ id: inspections.id });
      inspectionIds.push(i!.id);
    }
    expect(consignmentIds).toHaveLength(2);
  });

  it('stores the consignment and its inspection result', async () => {
    const res = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, consignmentId: consignmentIds[0], inspectionId: inspectionIds[0] });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await api('kz.officer', 'GET', `/api/v1/seizures/${res.json().data.id}`)).json().data;
    expect(detail.seizure).toMatchObject({ consignmentId: consignmentIds[0], inspectionId: inspectionIds[0] });
  });

  it("refuses another consignment's inspection, and another country's consignment, naming the field", async () => {
    const mixed = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, consignmentId: consignmentIds[0], inspectionId: inspectionIds[1] });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'inspectionId' } });
    const foreign = await api('ge.officer', 'POST', '/api/v1/seizures', { ...base, placeLocode: 'GEPTI', consignmentId: consignmentIds[0] });
    expect(foreign.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'consignmentId' } });
    const foreignInspection = await api('ge.officer', 'POST', '/api/v1/seizures', { ...base, placeLocode: 'GEPTI', inspectionId: inspectionIds[0] });
    expect(foreignInspection.json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'inspectionId' } });
  });
});

describe('seizures in a joint operation', () => {
  it("distribution 'group' with an operation shares the record with the operation's participants", async () => {
    const ops = (await api('kz.officer', 'GET', '/api/v1/operations?limit=100')).json().data as { id: string; code: string | null }[];
    const op = ops.find((o) => o.code === 'IREN-CASPIAN-2026');
    expect(op).toBeTruthy();
    const res = await api('kz.officer', 'POST', '/api/v1/seizures', { ...base, operationId: op!.id, distribution: 'group' });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json().data;
    expect(s.groupId).toBeTruthy();
    expect(s.operationId).toBe(op!.id);
    expect((await api('az.officer', 'GET', `/api/v1/seizures/${s.id}`)).statusCode).toBe(200);
    expect((await api('pk.officer', 'GET', `/api/v1/seizures/${s.id}`)).statusCode).toBe(404);
    expect((await api('pk.officer', 'POST', '/api/v1/seizures', { ...base, placeLocode: 'PKKHI', operationId: op!.id })).json().error).toMatchObject({ code: 'UNKNOWN_REFERENCE', details: { field: 'operationId' } });
  });
});

describe('visibility of seizure records', () => {
  type Viewer = 'recording unit' | 'coordinator' | 'named country officer' | 'other country officer' | 'observer same country' | 'admin';
  const viewers: Record<Viewer, string> = {
    'recording unit': 'ge.officer',
    coordinator: 'ge.national_coordinator',
    'named country officer': 'kz.officer',
    'other country officer': 'uz.officer',
    'observer same country': 'ge.observer',
    admin: 'admin',
  };
  const cases: { distribution: string; tlp: string; namedCountries?: string[]; visible: Viewer[] }[] = [
    { distribution: 'network', tlp: 'GREEN', visible: ['recording unit', 'coordinator', 'named country officer', 'other country officer'] },
    { distribution: 'own_country', tlp: 'AMBER', visible: ['recording unit', 'coordinator'] },
    { distribution: 'own_unit', tlp: 'RED', visible: ['recording unit', 'coordinator'] },
    { distribution: 'named', tlp: 'AMBER+STRICT', namedCountries: ['KZ'], visible: ['recording unit', 'coordinator', 'named country officer'] },
  ];
  const table = cases.flatMap((c) => (Object.keys(viewers) as Viewer[]).map((v) => ({ ...c, viewer: v, expected: c.visible.includes(v) ? 200 : 404 })));
  const created = new Map<string, { id: string; reference: string }>();

  it.each(table)('$distribution / $tlp → $viewer: $expected', async (row) => {
    const key = `${row.distribution}/${row.tlp}`;
    if (!created.has(key)) {
      const res = await api('ge.officer', 'POST', '/api/v1/seizures', {
        ...base,
        placeLocode: 'GEPTI',
        detectionMethod: 'canine',
        persons: [{ kind: 'person', name: `Secret Courier ${key}` }],
        tlp: row.tlp,
        distribution: row.distribution,
        namedCountries: row.namedCountries,
      });
      expect(res.statusCode, res.body).toBe(201);
      created.set(key, { id: res.json().data.id, reference: res.json().data.reference });
    }
    const { id, reference } = created.get(key)!;
    const user = viewers[row.viewer];
    expect((await api(user, 'GET', `/api/v1/seizures/${id}`)).statusCode).toBe(row.expected);
    const list = (await api(user, 'GET', '/api/v1/seizures?limit=200&country=GE')).json().data.map((s: { id: string }) => s.id);
    expect(list.includes(id)).toBe(row.expected === 200);
    const csv = (await api(user, 'GET', '/api/v1/seizures.csv?country=GE')).body;
    expect(csv.includes(reference)).toBe(row.expected === 200);
    // Nominal data never leaves in the CSV.
    expect(csv).not.toContain('Secret Courier');
  });
});

describe('CSV export and import', () => {
  const header = 'reference,seizure_date,place_locode,form,transport_mode,route_origin,route_transit,route_destination,concealment,detection_method,items,estimated_value,currency,tlp,distribution,summary';

  it('imports past seizures line by line: accepted kept, rejected reported with line and field; idempotent on reference', async () => {
    const csv = [
      header,
      'UZ-TER-2024-001,2024-03-14,UZTER,full,road,AF,,UZ,vehicle_compartment,canine,heroin 42 kg; opium 3500 g,1200000,USD,AMBER,own_country,Heroin in a fuel tank',
      'UZ-TER-2024-002,2024-04-01,UZTER,minimal,,,,,,scanner_image,cigarettes 12 kg,,,GREEN,network,',
      'UZ-TER-2024-003,2024-05-20,UZXXX,minimal,,,,,,random,other 3 pieces,,,GREEN,network,',
      'UZ-TER-2024-004,2024-06-02,UZTER,minimal,rail,CN,KZHOR,UZ,in_goods,risk_profile,counterfeit 1200 pieces,15000,EUR,GREEN,network,"Fake brand ""trainers"""',
      'UZ-TER-2024-001,2024-03-14,UZTER,minimal,,,,,,canine,heroin 1 kg,,,GREEN,network,',
      'UZ-TER-2024-006,14.07.2024,UZTER,minimal,,,,,,canine,heroin 1 kg,,,GREEN,network,',
      'UZ-TER-2023-007,2023-02-29,UZTER,minimal,,,,,,canine,heroin 1 kg,,,GREEN,network,',
    ].join('\n');
    const m = multipart('past.csv', Buffer.from(csv, 'utf8'), 'text/csv');
    const res = await app.inject({ method: 'POST', url: '/api/v1/seizures/import', headers: { ...bearer(await tokenFor(store, 'uz.officer')), ...m.headers }, payload: m.payload });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json().data;
    expect(r.accepted.map((a: { reference: string }) => a.reference)).toEqual(['UZ-TER-2024-001', 'UZ-TER-2024-004']);
    expect(r.rejected.map((x: { line: number; field: string }) => `${x.line}:${x.field}`)).toEqual(['3:items.0.unit', '4:place_locode', '6:reference', '7:seizure_date', '8:seizure_date']);
    const stored = await store.db.select().from(seizures).where(eq(seizures.reference, 'UZ-TER-2024-001'));
    expect(stored[0]).toMatchObject({ country: 'UZ', qualityScore: 95, estimatedValue: 1200000, onSharedInformation: false });

    // The same file again: nothing new, the stored seizures reported as existing.
    const again = await app.inject({ method: 'POST', url: '/api/v1/seizures/import', headers: { ...bearer(await tokenFor(store, 'uz.officer')), ...m.headers }, payload: m.payload });
    const r2 = again.json().data;
    expect(r2.accepted).toEqual([]);
    expect(r2.existing.map((e: { reference: string }) => e.reference)).toEqual(['UZ-TER-2024-001', 'UZ-TER-2024-004']);
  });

  it('a file without the required columns is refused as a whole', async () => {
    const m = multipart('bad.csv', Buffer.from('ref,date\nx,y\n'));
    const res = await app.inject({ method: 'POST', url: '/api/v1/seizures/import', headers: { ...bearer(await tokenFor(store, 'uz.officer')), ...m.headers }, payload: m.payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toMatchObject({ field: 'file', columns: ['reference', 'seizure_date', 'items'] });
  });

  it('exports what was imported in the same columns, and it imports back as existing', async () => {
    const res = await api('uz.officer', 'GET', '/api/v1/seizures?format=csv&country=UZ&from=2024-01-01&to=2024-12-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('reference,seizure_date,unit,country');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('heroin 42 kg; opium 3500 g');
    expect(lines[2]).toContain('"Fake brand ""trainers"""');
    const m = multipart('roundtrip.csv', Buffer.from(res.body, 'utf8'));
    const back = await app.inject({ method: 'POST', url: '/api/v1/seizures/import', headers: { ...bearer(await tokenFor(store, 'uz.officer')), ...m.headers }, payload: m.payload });
    expect(back.json().data).toMatchObject({ accepted: [], rejected: [] });
    expect(back.json().data.existing).toHaveLength(2);
  });
});

describe('quality score endpoint', () => {
  it('scores a draft before saving', async () => {
    const res = await api('kz.officer', 'POST', '/api/v1/seizures/quality', { form: 'minimal', seizureDate: '2026-10-02', items: [{ commodity: 'other', quantity: 1, unit: 'kg' }] });
    expect(res.statusCode).toBe(200);
    const q = res.json().data;
    expect(q.issues.map((i: { code: string; field: string }) => `${i.code}:${i.field}`)).toEqual([
      'missing_mandatory:placeLocode',
      'missing_mandatory:detectionMethod',
      'missing_recommended:concealment',
      'missing_recommended:transportMode',
      'missing_recommended:routeOrigin',
      'missing_recommended:routeDestination',
      'vague_commodity:items.0',
    ]);
    expect(q.score).toBe(100 - 2 * 15 - 4 * 5 - 10);
  });
});
