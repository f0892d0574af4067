/**
 * Ingest benchmark: generates realistic synthetic consignments (bench/ingest-data.ts: sea B/Ls in vessel calls,
 * 1–3 goods items and containers each, party names in Latin, Cyrillic and Georgian), writes them as a CSV file
 * (one row per goods item) and as a UN/EDIFACT CUSCAR D.99B interchange (bench/cuscar-writer.ts), then
 * - measures parse-only throughput of both files (parser alone, no validation, no database);
 * - imports each file with `importConsignments` (the `iren import` path: parse, validate, classify, store in
 *   batches with audit rows) into an empty database, on PostgreSQL and on PGlite;
 * - as the same-run baseline, loads the same rows into the same tables (same indexes) with PostgreSQL COPY.
 *
 *   npm run bench:ingest -- --count 100000 [--db both|pglite|postgres] [--format both|csv|cuscar]
 *                           [--pg-url postgres://postgres@127.0.0.1:5432/test] [--batch N] [--no-parse]
 *
 * Prints consignments/s for each, the ratio to COPY, peak RSS during each import and RSS along the import (flat
 * memory: RSS at 25/50/75/100 % of the file). No timing is asserted anywhere.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openStore, migrateStore, type Store } from '../server/db/client.ts';
import { loadReferenceData } from '../server/db/reference.ts';
import { agencies, units } from '../server/db/schema.ts';
import { importConsignments } from '../server/services/intake/import.service.ts';
import {
  columnList,
  consignmentRow,
  contentHash,
  copyLine,
  documentKey,
  equipmentRows,
  goodsRows,
  INTAKE_TABLES,
  partyRows,
  type IntakeTable,
} from '../server/services/intake/consignment-rows.ts';
import { parseCsv } from '../server/engine/intake/csv.ts';
import { parseCuscar } from '../server/engine/intake/cuscar.ts';
import type { IntakeFormat } from '../server/engine/intake/model.ts';
import { SYSTEM_CONTEXT } from '../server/audit/audit.service.ts';
import { assessQuality } from '../server/engine/validation/index.ts';
import { benchConsignments, writeCsv, writeCuscarFile } from './ingest-data.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const COUNT = Number(arg('count', '100000'));
const WHICH = arg('db', 'both');
const FORMATS: ('csv' | 'cuscar')[] = arg('format', 'both') === 'both' ? ['csv', 'cuscar'] : [arg('format', 'csv') as 'csv' | 'cuscar'];
const PG_URL = arg('pg-url', process.env.IREN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const BATCH = process.argv.includes('--batch') ? Number(arg('batch', '0')) : undefined;
const PARSE = !process.argv.includes('--no-parse');
const OUT = path.resolve('bench/.out');
fs.mkdirSync(OUT, { recursive: true });

const data = () => benchConsignments({ count: COUNT });
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, secs: number) => `${(n / secs).toFixed(0)} consignments/s`;

async function prepare(store: Store) {
  await migrateStore(store);
  await loadReferenceData(store.db);
  const [agency] = await store.db.insert(agencies).values({ country: 'GE', name: 'Bench customs', kind: 'customs' }).returning();
  const [unit] = await store.db.insert(units).values({ code: 'GE-BENCH-PCU', name: 'Bench', kind: 'pcu', country: 'GE', agencyId: agency!.id, locode: 'GEPTI' }).returning();
  return { id: unit!.id, country: 'GE' };
}

/** Peak RSS, sampled every 50 ms (and at each progress report). */
function rssSampler() {
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return {
    sample: () => (peak = Math.max(peak, process.memoryUsage.rss())),
    stop: () => {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

interface ImportRun {
  secs: number;
  /** CPU seconds of this process (parse, validate, rows) and of the PostgreSQL backends, when known. */
  nodeCpu: number;
  pgCpu: number | null;
  accepted: number;
  rejected: number;
  problems: number;
  rssBefore: number;
  peak: number;
  /** RSS when 25, 50, 75 and 100 % of the file was stored. */
  along: number[];
}

async function timeImport(store: Store, unit: { id: string; country: string }, file: string, format: IntakeFormat, url?: string): Promise<ImportRun> {
  global.gc?.();
  const pg0 = url ? await backendCpu(url) : null;
  const cpu0 = process.cpuUsage();
  const sampler = rssSampler();
  const rssBefore = process.memoryUsage.rss();
  const total = fs.statSync(file).size;
  const along: number[] = [];
  const t0 = performance.now();
  const summary = await importConsignments(store.db, {
    unit,
    format,
    source: fs.createReadStream(file, { highWaterMark: 256 * 1024 }),
    fileName: path.basename(file),
    bytesTotal: total,
    ctx: SYSTEM_CONTEXT,
    ...(BATCH ? { batchSize: BATCH } : {}),
    onProgress: (p) => {
      const rss = sampler.sample();
      while (along.length < 4 && p.bytesRead >= (total * (along.length + 1)) / 4 - 1) along.push(rss);
    },
  });
  const secs = (performance.now() - t0) / 1000;
  const peak = sampler.stop();
  const cpu = process.cpuUsage(cpu0);
  const pg1 = url ? await backendCpu(url) : null;
  while (along.length < 4) along.push(process.memoryUsage.rss());
  return { secs, nodeCpu: (cpu.user + cpu.system) / 1e6, pgCpu: pg0 !== null && pg1 !== null ? pg1 - pg0 : null, accepted: summary.consignments.accepted, rejected: summary.consignments.rejected, problems: summary.problemCount, rssBefore, peak, along };
}

const perK = (secs: number, n: number) => `${((secs * 1000) / n).toFixed(2)} s`;

function describeImport(label: string, r: ImportRun, copyRate?: number): string[] {
  const lines = [
    `${label} iren import: ${r.accepted} accepted, ${r.rejected} rejected (${r.problems} problems) in ${r.secs.toFixed(1)} s = ${rate(r.accepted, r.secs)}; ` +
      `peak RSS ${mb(r.peak)} (start ${mb(r.rssBefore)}; at 25/50/75/100 %: ${r.along.map(mb).join(' / ')})`,
    `${label} CPU per 1,000 consignments: importer ${perK(r.nodeCpu, r.accepted)}${r.pgCpu !== null ? `, PostgreSQL backends ${perK(r.pgCpu, r.accepted)}` : ''}`,
  ];
  if (copyRate) lines.push(`${label} ratio import/COPY: ${(r.accepted / r.secs / copyRate).toFixed(2)}×`);
  return lines;
}

/** Parse-only throughput: the parser alone over the file (no validation, no database). */
async function timeParse(file: string, format: 'csv' | 'cuscar') {
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const it = format === 'csv' ? parseCsv(source, {}, { file: path.basename(file) }) : parseCuscar(source, { file: path.basename(file) });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  let problems = 0;
  for await (const r of it) {
    if (r.consignment) n++;
    problems += r.problems.length;
  }
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { n, problems, secs, cpuSecs: (cpu.user + cpu.system) / 1e6 };
}

/** Baseline: the same rows (built by the same functions as the import) loaded with COPY, one stream per table. */
async function timeCopy(url: string, unit: { id: string; country: string }) {
  const tables = Object.keys(INTAKE_TABLES) as IntakeTable[];
  const files = Object.fromEntries(tables.map((t) => [t, path.join(OUT, `copy-${t}.tsv`)])) as Record<IntakeTable, string>;
  const fds = Object.fromEntries(tables.map((t) => [t, fs.openSync(files[t], 'w')])) as Record<IntakeTable, number>;
  const bufs = Object.fromEntries(tables.map((t) => [t, ''])) as Record<IntakeTable, string>;
  const put = (t: IntakeTable, line: string) => {
    bufs[t] += line;
    if (bufs[t].length > 1 << 20) {
      fs.writeSync(fds[t], bufs[t]);
      bufs[t] = '';
    }
  };
  for (const c of data()) {
    const p = { id: crypto.randomUUID(), key: documentKey(c), hash: contentHash(c), consignment: c, quality: assessQuality(c, []), warnings: [] };
    put('consignments', copyLine(INTAKE_TABLES.consignments, consignmentRow(p, { country: unit.country, unitId: unit.id, importId: null }, 1)));
    for (const r of partyRows(p)) put('consignment_parties', copyLine(INTAKE_TABLES.consignment_parties, r));
    for (const r of goodsRows(p)) put('goods_items', copyLine(INTAKE_TABLES.goods_items, r));
    for (const r of equipmentRows(p)) put('equipment', copyLine(INTAKE_TABLES.equipment, r));
  }
  for (const t of tables) {
    fs.writeSync(fds[t], bufs[t]);
    fs.closeSync(fds[t]);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cpu0 = await backendCpu(url);
  const t0 = performance.now();
  await client.query('BEGIN');
  for (const t of tables) {
    const stream = client.query(copyFrom(`COPY ${t} (${columnList(t)}) FROM STDIN`));
    await pipeline(fs.createReadStream(files[t], { highWaterMark: 1 << 20 }), stream);
  }
  await client.query('COMMIT');
  const secs = (performance.now() - t0) / 1000;
  const cpu1 = await backendCpu(url);
  await client.end();
  for (const t of tables) fs.rmSync(files[t], { force: true });
  return { secs, pgCpu: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null };
}

/**
 * CPU seconds used so far by the PostgreSQL backends of a database (Linux, server on this machine; else null).
 * Under a shared, loaded machine wall-clock rates vary a lot; CPU time per consignment does not.
 */
async function backendCpu(url: string): Promise<number | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / 100;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

function dbUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sqlText: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

async function freshPgDb(name: string): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  return dbUrl(name);
}

async function main() {
  const files: Record<'csv' | 'cuscar', string> = { csv: path.join(OUT, `ingest-${COUNT}.csv`), cuscar: path.join(OUT, `ingest-${COUNT}.edi`) };
  for (const f of FORMATS) {
    const tg = performance.now();
    const size = f === 'csv' ? writeCsv(files.csv, data()) : writeCuscarFile(files.cuscar, data());
    process.stdout.write(`generated ${COUNT} consignments as ${f.toUpperCase()} (${mb(size)}) in ${((performance.now() - tg) / 1000).toFixed(1)} s\n`);
  }
  const results: string[] = [];

  if (PARSE) {
    for (const f of FORMATS) {
      const r = await timeParse(files[f], f);
      results.push(`parse only  ${f.toUpperCase().padEnd(6)} ${r.n} consignments (${r.problems} problems) in ${r.secs.toFixed(1)} s = ${rate(r.n, r.secs)} (CPU ${rate(r.n, r.cpuSecs)} of CPU time)`);
      process.stdout.write(`${results.at(-1)}\n`);
    }
  }

  if (WHICH === 'both' || WHICH === 'postgres') {
    const copyDb = `iren_bench_copy_${process.pid}`;
    const s0 = await openStore({ databaseUrl: await freshPgDb(copyDb) });
    const unit0 = await prepare(s0);
    await s0.close();
    const cp = await timeCopy(dbUrl(copyDb), unit0);
    await admin(`DROP DATABASE IF EXISTS "${copyDb}" WITH (FORCE)`);
    const copyRate = COUNT / cp.secs;
    results.push(
      `PostgreSQL  COPY baseline (same rows, same tables and indexes): ${cp.secs.toFixed(1)} s = ${rate(COUNT, cp.secs)}` +
        (cp.pgCpu !== null ? `; PostgreSQL backend CPU per 1,000 consignments ${perK(cp.pgCpu, COUNT)}` : ''),
    );
    process.stdout.write(`${results.at(-1)}\n`);
    for (const f of FORMATS) {
      const name = `iren_bench_import_${process.pid}`;
      const url = await freshPgDb(name);
      const s = await openStore({ databaseUrl: url });
      const unit = await prepare(s);
      const imp = await timeImport(s, unit, files[f], f, url);
      await s.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      const lines = describeImport(`PostgreSQL  ${f.toUpperCase().padEnd(6)}`, imp, copyRate);
      results.push(...lines);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  }
  if (WHICH === 'both' || WHICH === 'pglite') {
    for (const f of FORMATS) {
      // On disk, as deployed (an in-memory PGlite would count the database itself in the RSS).
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iren-bench-pglite-'));
      const s = await openStore({ dataDir });
      const unit = await prepare(s);
      const imp = await timeImport(s, unit, files[f], f);
      await s.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      const lines = describeImport(`PGlite      ${f.toUpperCase().padEnd(6)}`, imp);
      results.push(...lines);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  }
  process.stdout.write(`\n${results.join('\n')}\n`);
}

await main();
