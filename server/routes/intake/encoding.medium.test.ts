/** Windows-1251 and UTF-16 files: upload (auto-detected or given encoding), service, and `iren import --encoding`. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { openStore, rows, type Store } from '../../db/client.ts';
import { units } from '../../db/schema.ts';
import { importConsignments } from '../../services/intake/import.service.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.service.ts';
import { claimNext, runJob } from '../../jobs/queue.ts';
import { jobRegistry } from '../../jobs/definitions.ts';
import { testStore } from '../../../test/db.ts';
import { bearer, testApp, tokenFor } from '../../../test/http.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../engine/intake/fixtures/${name}`, import.meta.url));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let store: Store;
let app: FastifyInstance;
let aktau: { id: string; country: string; code: string };

beforeAll(async () => {
  store = await testStore();
  app = await testApp(store);
  const all = await store.db.select({ id: units.id, country: units.country, code: units.code }).from(units);
  aktau = all.find((u) => u.code === 'KZ-AAU-PCU')!;
});
afterAll(async () => {
  await app.close();
  await store.close();
});

function multipart(fields: Record<string, string>, fileName: string, content: Buffer) {
  const boundary = '----iren-enc';
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const body = Buffer.concat([
    ...parts,
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function partyNames(documentNumbers: string[]) {
  const list = sql.join(
    documentNumbers.map((d) => sql`${d}`),
    sql`, `,
  );
  return (
    await rows<{ name: string }>(
      store.db,
      sql`SELECT p.name FROM consignment_parties p JOIN consignments c ON c.id = p.consignment_id
          WHERE c.document_number IN (${list}) AND c.country = 'KZ' AND c.is_current ORDER BY c.document_number, p.role DESC`,
    )
  ).map((r) => r.name);
}

function rewriteDocs(text: string, prefix: string): string {
  return text.replaceAll('KZTAL2025', prefix);
}

describe('encodings', () => {
  it('an uploaded Windows-1251 CSV is detected and its Cyrillic party names stored as written', async () => {
    const token = await tokenFor(store, 'kz.officer');
    const { body, contentType } = multipart({ unitId: aktau.id }, 'manifest-1c.csv', fs.readFileSync(fixture('manifest-cp1251.csv')));
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...bearer(token), 'content-type': contentType }, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().data.format).toBe('csv');
    const reg = jobRegistry();
    const job = await claimNext(store.db, 'test', [...reg.keys()]);
    await runJob(store.db, reg, job!, silent);
    const done = await app.inject({ method: 'GET', url: `/api/v1/imports/${res.json().data.id}`, headers: bearer(token) });
    expect(done.json().data).toMatchObject({ state: 'done', accepted: 2, rejected: 0 });
    expect(done.json().data.bytesRead).toBe(fs.statSync(fixture('manifest-cp1251.csv')).size);
    expect(await partyNames(['KZTAL2025001', 'KZTAL2025002'])).toEqual(['ТОО «Жибек Жолы Логистик»', 'ООО «Ташкент Текстиль Импорт»', 'ЧП "Днепр-Агро"', 'АО «Каспий Нефтехим»']);

    // The same file given as cp1251, and its UTF-16 twin, are the same documents: nothing new.
    const again = await importConsignments(store.db, { unit: aktau, format: 'csv', source: [fs.readFileSync(fixture('manifest-cp1251.csv'))], fileName: 'again.csv', encoding: 'cp1251', ctx: SYSTEM_CONTEXT });
    expect(again.consignments).toEqual({ accepted: 0, amended: 0, unchanged: 2, rejected: 0 });
    expect(again.encoding).toBe('cp1251');
    const utf16 = await importConsignments(store.db, { unit: aktau, format: 'csv', source: [fs.readFileSync(fixture('manifest-utf16le.csv'))], fileName: 'excel.csv', ctx: SYSTEM_CONTEXT });
    expect(utf16).toMatchObject({ consignments: { accepted: 0, unchanged: 2, rejected: 0 }, encoding: 'utf-16le' });
  });

  it('takes the encoding field of an upload, and names it when it is unknown', async () => {
    const token = await tokenFor(store, 'kz.officer');
    const bad = multipart({ unitId: aktau.id, encoding: 'koi8-r' }, 'x.csv', Buffer.from('documentNumber\nX\n'));
    const res = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...bearer(token), 'content-type': bad.contentType }, payload: bad.body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'encoding' } });

    const text = rewriteDocs(iconv.decode(fs.readFileSync(fixture('manifest-cp1251.csv')), 'win1251'), 'KZUTF16');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    // No extension and UTF-16: the content still tells CSV once decoded.
    const good = multipart({ unitId: aktau.id, encoding: 'UTF-16LE' }, 'manifest', utf16);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...bearer(token), 'content-type': good.contentType }, payload: good.body });
    expect(ok.statusCode, ok.body).toBe(202);
    const reg = jobRegistry();
    await runJob(store.db, reg, (await claimNext(store.db, 'test', [...reg.keys()]))!, silent);
    expect(await partyNames(['KZUTF16001'])).toEqual(['ТОО «Жибек Жолы Логистик»', 'ООО «Ташкент Текстиль Импорт»']);
  });

  it('a file that is neither UTF-8 nor Cyrillic cp1251 is read as UTF-8 with an ENCODING_UNSURE warning', async () => {
    const latin1 = iconv.encode('documentNumber,carrierCode,mode,placeOfLoading,placeOfDischarge,consigneeName,hsCode,description\nLAT1NOCYR01,MSCU,sea,TRAMR,KZAAU,Café Müller GmbH,090111,COFFEE\n', 'latin1');
    const r = await importConsignments(store.db, { unit: aktau, format: 'csv', source: [latin1], fileName: 'latin.csv', ctx: SYSTEM_CONTEXT });
    expect(r.consignments.accepted).toBe(1);
    expect(r.problems).toContainEqual(expect.objectContaining({ level: 'warning', code: 'ENCODING_UNSURE', file: 'latin.csv' }));
  });
});

describe('iren import --encoding', () => {
  let env: NodeJS.ProcessEnv;
  let pgStore: Store | null = null;
  beforeAll(async () => {
    const info = inject('testDb');
    if (info.kind === 'pglite') {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-enc-'));
      const s = await openStore({ dataDir, loadDataDir: new Blob([fs.readFileSync(info.dumpPath)]) });
      await s.close();
      env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    } else {
      pgStore = await testStore();
      const client = await pgStore.pool!.connect();
      const dbName = client.database;
      client.release();
      const url = new URL(info.adminUrl);
      url.pathname = `/${dbName}`;
      env = { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' };
    }
  });
  afterAll(async () => {
    await pgStore?.close();
  });

  const iren = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.resolve('bin/iren.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });

  it('imports a cp1251 file given --encoding windows-1251, and refuses an unknown encoding', async () => {
    const ok = await iren(['import', fixture('manifest-cp1251.csv'), '--unit', 'KZ-AAU-PCU', '--encoding', 'windows-1251', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout);
    expect(summary).toMatchObject({ encoding: 'cp1251', consignments: { accepted: 2, rejected: 0 } });
    const bad = await iren(['import', fixture('manifest-cp1251.csv'), '--unit', 'KZ-AAU-PCU', '--encoding', 'ebcdic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--encoding must be one of');
  }, 180_000);
});
