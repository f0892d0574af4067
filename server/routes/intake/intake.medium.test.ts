import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { openStore, rows, type Store } from '../../db/client.ts';
import { consignments, units } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { demoConsignments } from '../../seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { claimNext, runJob } from '../../jobs/queue.ts';
import { jobRegistry } from '../../jobs/definitions.ts';
import type { Consignment } from '../../engine/intake/model.ts';
import { DEMO_TODAY, testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

let store: Store;
let app: FastifyInstance;
let poti: { id: string; country: string };
let aktau: { id: string; country: string };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  const all = await store.db.select({ id: units.id, country: units.country, code: units.code }).from(units);
  poti = all.find((u) => u.code === 'GE-PTI-PCU')!;
  aktau = all.find((u) => u.code === 'KZ-AAU-PCU')!;
});
afterAll(async () => {
  await app.close();
  await store.close();
});

function consignment(overrides: Partial<Consignment> = {}): Consignment {
  const [base] = [...demoConsignments({ place: 'GEPTI', country: 'GE', count: 1, seed: 77, today: DEMO_TODAY })];
  return { ...base!, documentNumber: 'MSCU77000001', equipment: [{ containerNumber: 'CSQU3054383', sizeType: '22G1', seals: ['S1'], fullEmpty: 'FULL' }], goodsItems: base!.goodsItems.map((g) => ({ ...g, containerNumbers: ['CSQU3054383'] })), ...overrides };
}

const jsonl = (cs: unknown[]) => cs.map((c) => `${JSON.stringify(c)}\n`);

describe('import', () => {
  it('stores the good consignments of a file, rejects the bad ones naming line and field, and is idempotent', async () => {
    const good1 = consignment({ documentNumber: 'MSCU77000001' });
    const bad = { ...consignment({ documentNumber: 'MSCU77000002' }), imoNumber: '1234567', placeOfDischarge: 'XXZZZ', mode: 'boat' };
    const good2 = consignment({ documentNumber: 'MSCU77000003' });
    const file = jsonl([good1, bad, good2]);
    const first = await importConsignments(store.db, { unit: poti, format: 'json', source: file, fileName: 'manifest.jsonl', ctx: SYSTEM_CONTEXT });
    expect(first.consignments).toEqual({ accepted: 2, amended: 0, unchanged: 0, rejected: 1 });
    const errors = first.problems.filter((p) => p.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.line === 2 && e.file === 'manifest.jsonl')).toBe(true);
    expect(errors.map((e) => e.field)).toContain('mode');

    const again = await importConsignments(store.db, { unit: poti, format: 'json', source: file, fileName: 'manifest.jsonl', ctx: SYSTEM_CONTEXT });
    expect(again.consignments).toEqual({ accepted: 0, amended: 0, unchanged: 2, rejected: 1 });
    const [n] = await rows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM consignments WHERE document_number LIKE 'MSCU7700000%'`);
    expect(n!.n).toBe(2);
  });

  it('keeps both versions of an amended document, the later one current', async () => {
    const v1 = consignment({ documentNumber: 'MSCU77000010' });
    await importConsignments(store.db, { unit: poti, format: 'json', source: jsonl([v1]), fileName: 'a.jsonl', ctx: SYSTEM_CONTEXT });
    const v2 = { ...v1, vesselName: 'MSC ANNA II', estimatedArrivalDate: '2026-12-02' };
    const res = await importConsignments(store.db, { unit: poti, format: 'json', source: jsonl([v2]), fileName: 'b.jsonl', ctx: SYSTEM_CONTEXT });
    expect(res.consignments.amended).toBe(1);
    const versions = await store.db.select({ version: consignments.version, isCurrent: consignments.isCurrent, vessel: consignments.vesselName }).from(consignments).where(eq(consignments.documentNumber, 'MSCU77000010')).orderBy(consignments.version);
    expect(versions).toEqual([
      { version: 1, isCurrent: false, vessel: v1.vesselName },
      { version: 2, isCurrent: true, vessel: 'MSC ANNA II' },
    ]);
  });

  it('imports CSV rows grouped into consignments', async () => {
    const header = 'documentType,documentNumber,mode,carrierCode,vesselName,imoNumber,placeOfLoading,placeOfDischarge,estimatedArrivalDate,consignorName,consigneeName,consigneeAddress,itemSeq,hsCode,description,packageCount,grossMassKg,containerNumbers';
    const csv = [
      header,
      'BL_MASTER,ARKU55500001,sea,ARKU,ARKAS AEGEAN,9308651,TRMER,GEPTI,2026-11-30,Mersin Gida A.S.,ООО "Кавказ Трейд",Tbilisi,1,090111,GREEN COFFEE,100,6000,CSQU3054383',
      'BL_MASTER,ARKU55500001,sea,ARKU,ARKAS AEGEAN,9308651,TRMER,GEPTI,2026-11-30,Mersin Gida A.S.,ООО "Кавказ Трейд",Tbilisi,2,610910,T-SHIRTS,50,700,CSQU3054383',
      'BL_MASTER,ARKU55500002,sea,ARKU,ARKAS AEGEAN,9308651,TRMER,GEPTI,2026-11-30,Mersin Gida A.S.,Black Sea Logistics,Batumi,1,FAK,GENERAL CARGO,10,900,TCNU7200794',
      '',
    ].join('\n');
    const res = await importConsignments(store.db, { unit: poti, format: 'csv', source: [csv], fileName: 'bl.csv', ctx: SYSTEM_CONTEXT });
    expect(res.consignments.accepted).toBe(2);
    expect(res.goodsItems).toBe(3);
    const [vague] = await store.db.select({ q: consignments.qualityScore, flags: consignments.qualityFlags }).from(consignments).where(eq(consignments.documentNumber, 'ARKU55500002'));
    expect(JSON.stringify(vague!.flags)).toMatch(/VAGUE_DESCRIPTION|MISSING_HS|HS_/);
    expect(vague!.q).toBeLessThan(90);
  });

  it('imports a UN/EDIFACT CUSCAR sea manifest, naming the segment of each problem', async () => {
    const file = 'server/engine/intake/fixtures/cuscar-sea-black-sea.edi';
    const res = await importConsignments(store.db, { unit: poti, format: 'cuscar', source: fs.createReadStream(file), fileName: 'black-sea.edi', ctx: SYSTEM_CONTEXT });
    expect(res.consignments.accepted).toBeGreaterThanOrEqual(3);
    expect(res.containers).toBeGreaterThan(0);
    for (const p of res.problems) expect(p.segment).toBeGreaterThan(0);
    const again = await importConsignments(store.db, { unit: poti, format: 'cuscar', source: fs.createReadStream(file), fileName: 'black-sea.edi', ctx: SYSTEM_CONTEXT });
    expect(again.consignments.unchanged).toBe(res.consignments.accepted);
  });

  it('a dry run reports and stores nothing', async () => {
    const before = await rows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM consignments`);
    const res = await importConsignments(store.db, { unit: poti, format: 'json', source: jsonl([consignment({ documentNumber: 'MSCU77000099' })]), fileName: 'dry.jsonl', dryRun: true, ctx: SYSTEM_CONTEXT });
    expect(res.consignments.accepted).toBe(1);
    expect(res.importId).toBeNull();
    expect(await rows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM consignments`)).toEqual(before);
  });
});

describe('search and access', () => {
  it('finds by container, party in another script, HS chapter, place and date, within the country only', async () => {
    const ge = bearer(await tokenFor(store, 'ge.officer'));
    const byContainer = await app.inject({ method: 'GET', url: '/api/v1/consignments?container=CSQU3054383', headers: ge });
    expect(byContainer.statusCode).toBe(200);
    expect(byContainer.json().data.map((c: { documentNumber: string }) => c.documentNumber)).toContain('MSCU77000001');

    // "Кавказ Трейд" stored in Cyrillic, searched in Latin transliteration, any case.
    const byParty = await app.inject({ method: 'GET', url: `/api/v1/consignments?party=${encodeURIComponent('KAVKAZ treid')}`, headers: ge });
    expect(byParty.json().data.map((c: { documentNumber: string }) => c.documentNumber)).toContain('ARKU55500001');
    const byPartyCyr = await app.inject({ method: 'GET', url: `/api/v1/consignments?party=${encodeURIComponent('кавказ')}`, headers: ge });
    expect(byPartyCyr.json().data.length).toBeGreaterThan(0);

    const byHs = await app.inject({ method: 'GET', url: '/api/v1/consignments?hs=0901&limit=200', headers: ge });
    expect(byHs.json().data.length).toBeGreaterThan(0);
    const byPlace = await app.inject({ method: 'GET', url: '/api/v1/consignments?place=TRMER&from=2026-11-29&to=2026-12-01', headers: ge });
    expect(byPlace.json().data.map((c: { documentNumber: string }) => c.documentNumber)).toContain('ARKU55500001');

    const kz = bearer(await tokenFor(store, 'kz.officer'));
    const fromKz = await app.inject({ method: 'GET', url: '/api/v1/consignments?container=CSQU3054383', headers: kz });
    expect(fromKz.json().data).toEqual([]);
  });

  it('answers 404 for another country\'s consignment, and shows the route with coordinates to the owner', async () => {
    const [c] = await store.db.select({ id: consignments.id }).from(consignments).where(eq(consignments.documentNumber, 'ARKU55500001'));
    const kz = await app.inject({ method: 'GET', url: `/api/v1/consignments/${c!.id}`, headers: bearer(await tokenFor(store, 'kz.unit_head')) });
    expect(kz.statusCode).toBe(404);
    const admin = await app.inject({ method: 'GET', url: `/api/v1/consignments/${c!.id}`, headers: bearer(await tokenFor(store, 'admin')) });
    expect(admin.statusCode).toBe(404);
    const ge = await app.inject({ method: 'GET', url: `/api/v1/consignments/${c!.id}`, headers: bearer(await tokenFor(store, 'ge.national_coordinator')) });
    expect(ge.statusCode).toBe(200);
    const data = ge.json().data;
    expect(data.route.map((p: { code: string }) => p.code)).toEqual(['TRMER', 'GEPTI']);
    expect(data.route[1].lat).toBeCloseTo(42.15, 0);
    expect(data.goods).toHaveLength(2);
    expect(data.parties.map((p: { name: string }) => p.name)).toContain('ООО "Кавказ Трейд"');
  });
});

describe('upload', () => {
  it('runs an uploaded file as a job and reports progress and problems', async () => {
    const token = await tokenFor(store, 'kz.officer');
    const boundary = '----iren';
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="unitId"\r\n\r\n${aktau.id}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="aktau.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      jsonl([...demoConsignments({ place: 'KZAAU', country: 'KZ', count: 5, seed: 9, today: DEMO_TODAY }), { documentType: 'BL_MASTER' }]).join(''),
      `\r\n--${boundary}--\r\n`,
    ].join('');
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...bearer(token), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().data.id;
    expect(res.json().data.state).toBe('queued');
    const reg = jobRegistry();
    const job = await claimNext(store.db, 'test', [...reg.keys()]);
    await runJob(store.db, reg, job!, silent);
    const done = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: bearer(token) });
    expect(done.json().data).toMatchObject({ state: 'done', accepted: 5, rejected: 1 });
    expect(done.json().data.problems[0]).toMatchObject({ level: 'error', line: 6 });
    const other = await app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: bearer(await tokenFor(store, 'ge.officer')) });
    expect(other.statusCode).toBe(404);
  });

  it('refuses an upload for another country\'s unit', async () => {
    const boundary = '----iren';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="unitId"\r\n\r\n${poti.id}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.jsonl"\r\n\r\n{}\r\n--${boundary}--\r\n`;
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...bearer(await tokenFor(store, 'kz.officer')), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(res.statusCode).toBe(403);
  });
});

describe('kill and resume', () => {
  it('an import killed mid-file and run again stores every consignment exactly once', async () => {
    const info = inject('testDb');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-kill-'));
    const file = path.join(dir, 'big.jsonl');
    const total = 1500;
    fs.writeFileSync(file, jsonl([...demoConsignments({ place: 'GEBUS', country: 'GE', count: total, seed: 4242, today: DEMO_TODAY })]).join(''));
    let env: NodeJS.ProcessEnv;
    let pgClone: Store | null = null;
    if (info.kind === 'pglite') {
      const dataDir = path.join(dir, 'data');
      const s = await openStore({ dataDir, loadDataDir: new Blob([fs.readFileSync(info.dumpPath)]) });
      await s.close();
      env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    } else {
      pgClone = await testStore();
      const client = await pgClone.pool!.connect();
      const url = new URL(info.adminUrl);
      url.pathname = `/${client.database}`;
      client.release();
      env = { ...process.env, DATABASE_URL: url.toString() };
    }
    const run = (killAfterBatch: boolean) =>
      new Promise<{ code: number | null; stdout: string; killed: boolean }>((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/iren.js', 'import', file, '--unit', 'GE-BUS-PCU', '--json', '--progress', 'lines'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let killed = false;
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => {
          if (killAfterBatch && !killed && d.toString().includes('"accepted"')) {
            killed = true;
            child.kill('SIGKILL');
          }
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, killed }));
      });
    const first = await run(true);
    expect(first.killed).toBe(true);
    const second = await run(false);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { consignments: { accepted: number; unchanged: number; rejected: number } };
    expect(summary.consignments.rejected).toBe(0);
    expect(summary.consignments.unchanged).toBeGreaterThan(0); // the batches stored before the kill
    expect(summary.consignments.accepted + summary.consignments.unchanged).toBe(total);

    const check = info.kind === 'pglite' ? await openStore({ dataDir: env.DATA_DIR! }) : pgClone!;
    const [counts] = await rows<{ n: number; docs: number }>(check.db, sql`SELECT count(*)::int AS n, count(DISTINCT document_key)::int AS docs FROM consignments WHERE unit_id = (SELECT id FROM units WHERE code = 'GE-BUS-PCU') AND document_key IN (SELECT document_key FROM consignments c JOIN imports i ON i.id = c.import_id WHERE i.file_name = 'big.jsonl')`);
    expect(counts!.n).toBe(counts!.docs);
    const [stored] = await rows<{ n: number }>(check.db, sql`SELECT count(*)::int AS n FROM consignments c JOIN imports i ON i.id = c.import_id WHERE i.file_name = 'big.jsonl'`);
    expect(stored!.n).toBe(total);
    await check.close();
  }, 240_000);
});
