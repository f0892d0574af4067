/**
 * Ingest benchmark: generates realistic synthetic consignments (sea B/Ls with containers and several goods
 * items, party names in Latin, Cyrillic and Georgian), writes them as a CSV file (one row per goods item),
 * imports the file with `importConsignments` (the `iren import` path) on PGlite and on PostgreSQL, and — as the
 * same-run baseline — loads the same rows into the same tables with PostgreSQL COPY.
 *
 *   npm run bench:ingest -- --count 100000 [--db both|pglite|postgres] [--pg-url postgres://postgres@127.0.0.1:5432/test]
 *
 * Prints consignments/s for each, the ratio to COPY, and peak RSS during each import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openStore, migrateStore, type Store } from '../server/db/client.ts';
import { loadReferenceData } from '../server/db/reference.ts';
import { agencies, units } from '../server/db/schema.ts';
import { importConsignments } from '../server/services/intake/import.service.ts';
import { consignmentRow, contentHash, documentKey, equipmentRows, goodsRows, partyRows } from '../server/services/intake/consignment-rows.ts';
import { demoConsignments } from '../server/seed/demo-cargo.ts';
import { SYSTEM_CONTEXT } from '../server/audit/audit.service.ts';
import { assessQuality } from '../server/engine/validation/index.ts';
import type { Consignment } from '../server/engine/intake/model.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const COUNT = Number(arg('count', '100000'));
const WHICH = arg('db', 'both');
const PG_URL = arg('pg-url', process.env.IREN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const OUT = path.resolve('bench/.out');
fs.mkdirSync(OUT, { recursive: true });

const CSV_COLUMNS = [
  'documentType', 'documentNumber', 'mode', 'carrierCode', 'carrierName', 'vesselName', 'imoNumber', 'voyageNumber',
  'placeOfLoading', 'placeOfDischarge', 'transshipments', 'countryOfOrigin', 'countryOfDestination', 'departureDate',
  'estimatedArrivalDate', 'consignorName', 'consignorAddress', 'consignorCity', 'consignorCountry', 'consigneeName',
  'consigneeAddress', 'consigneeCity', 'consigneeCountry', 'itemSeq', 'hsCode', 'description', 'packageCount',
  'packageType', 'grossMassKg', 'netMassKg', 'value', 'currency', 'containerNumbers', 'containerSizeType', 'containerSeals',
] as const;

const q = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function* csvRows(c: Consignment): Generator<string> {
  const consignor = c.parties.find((p) => p.role === 'consignor');
  const consignee = c.parties.find((p) => p.role === 'consignee');
  for (const g of c.goodsItems) {
    const eq = c.equipment.filter((e) => g.containerNumbers.includes(e.containerNumber));
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      documentType: c.documentType, documentNumber: c.documentNumber, mode: c.mode, carrierCode: c.carrier?.code, carrierName: c.carrier?.name,
      vesselName: c.vesselName, imoNumber: c.imoNumber, voyageNumber: c.voyageNumber, placeOfLoading: c.placeOfLoading,
      placeOfDischarge: c.placeOfDischarge, transshipments: c.transshipments.join(' '), countryOfOrigin: c.countryOfOrigin,
      countryOfDestination: c.countryOfDestination, departureDate: c.departureDate, estimatedArrivalDate: c.estimatedArrivalDate,
      consignorName: consignor?.name, consignorAddress: consignor?.addressLines.join(' '), consignorCity: consignor?.city, consignorCountry: consignor?.country,
      consigneeName: consignee?.name, consigneeAddress: consignee?.addressLines.join(' '), consigneeCity: consignee?.city, consigneeCountry: consignee?.country,
      itemSeq: g.seq, hsCode: g.hsCode, description: g.description, packageCount: g.packageCount, packageType: g.packageType,
      grossMassKg: g.grossMassKg, netMassKg: g.netMassKg, value: g.value, currency: g.currency,
      containerNumbers: g.containerNumbers.join(' '), containerSizeType: eq.map((e) => e.sizeType).join(' '), containerSeals: eq.flatMap((e) => e.seals).join(' '),
    };
    yield `${CSV_COLUMNS.map((k) => q(row[k])).join(',')}\n`;
  }
}

/** Unique document numbers: the demo generator's are random, so number them. */
function* consignmentsFor(count: number): Generator<Consignment> {
  let i = 0;
  for (const c of demoConsignments({ place: 'GEPTI', country: 'GE', count, seed: 20261128, today: new Date('2026-11-28') })) {
    yield { ...c, documentNumber: `${c.carrier?.code ?? 'XXXX'}${String(++i).padStart(9, '0')}` };
  }
}

function writeCsv(file: string, count: number) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${CSV_COLUMNS.join(',')}\n`);
  let buf = '';
  for (const c of consignmentsFor(count)) {
    for (const r of csvRows(c)) buf += r;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

async function prepare(store: Store) {
  await migrateStore(store);
  await loadReferenceData(store.db);
  const [agency] = await store.db.insert(agencies).values({ country: 'GE', name: 'Bench customs', kind: 'customs' }).returning();
  const [unit] = await store.db.insert(units).values({ code: 'GE-BENCH-PCU', name: 'Bench', kind: 'pcu', country: 'GE', agencyId: agency!.id, locode: 'GEPTI' }).returning();
  return { id: unit!.id, country: 'GE' };
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return () => {
    clearInterval(t);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function timeImport(store: Store, unit: { id: string; country: string }, file: string) {
  const stop = rssSampler();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const summary = await importConsignments(store.db, { unit, format: 'csv', source: fs.createReadStream(file), fileName: path.basename(file), ctx: SYSTEM_CONTEXT, batchSize: 1000 });
  const secs = (performance.now() - t0) / 1000;
  const peak = stop();
  return { secs, accepted: summary.consignments.accepted, rejected: summary.consignments.rejected, rssBefore, peak };
}

const TABLES = {
  consignments: ['id', 'country', 'unit_id', 'import_id', 'document_key', 'document_type', 'document_number', 'master_document_number', 'mode', 'carrier_code', 'carrier_name', 'vessel_name', 'imo_number', 'voyage_number', 'flight_number', 'place_of_loading', 'place_of_discharge', 'transshipments', 'place_of_delivery', 'country_of_origin', 'country_of_destination', 'departure_date', 'estimated_arrival_date', 'arrival_day', 'quality_score', 'quality_flags', 'problems', 'source', 'version', 'is_current', 'content_hash', 'search_text'],
  consignment_parties: ['consignment_id', 'role', 'name', 'name_key', 'address', 'city', 'postcode', 'country', 'identifiers'],
  goods_items: ['consignment_id', 'seq', 'hs_code', 'description', 'package_count', 'package_type', 'gross_mass_kg', 'net_mass_kg', 'value', 'currency', 'un_number', 'container_numbers'],
  equipment: ['consignment_id', 'container_number', 'size_type', 'seals', 'full_empty'],
} as const;

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  let s: string;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) s = `{${(v as string[]).map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Baseline: the same rows (built by the same functions) loaded with COPY, one stream per table. */
async function timeCopy(url: string, unit: { id: string; country: string }, count: number) {
  const files: Record<string, string> = {};
  const fds: Record<string, number> = {};
  for (const t of Object.keys(TABLES)) {
    files[t] = path.join(OUT, `copy-${t}.tsv`);
    fds[t] = fs.openSync(files[t]!, 'w');
  }
  const write = (t: keyof typeof TABLES, row: Record<string, unknown>) => fs.writeSync(fds[t]!, `${TABLES[t].map((c) => copyValue(row[c])).join('\t')}\n`);
  for (const c of consignmentsFor(count)) {
    const p = { id: crypto.randomUUID(), key: documentKey(c), hash: contentHash(c), consignment: c, quality: assessQuality(c, []), warnings: [] };
    write('consignments', consignmentRow(p, { country: unit.country, unitId: unit.id, importId: null }, 1));
    for (const r of partyRows(p)) write('consignment_parties', r);
    for (const r of goodsRows(p)) write('goods_items', r);
    for (const r of equipmentRows(p)) write('equipment', r);
  }
  for (const fd of Object.values(fds)) fs.closeSync(fd);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  await client.query('BEGIN');
  for (const [t, cols] of Object.entries(TABLES)) {
    const stream = client.query(copyFrom(`COPY ${t} (${cols.join(', ')}) FROM STDIN`));
    await pipeline(fs.createReadStream(files[t]!), stream);
  }
  await client.query('COMMIT');
  const secs = (performance.now() - t0) / 1000;
  await client.end();
  return { secs };
}

async function freshPgDb(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropPgDb(name: string) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const csv = path.join(OUT, `ingest-${COUNT}.csv`);
  const tg = performance.now();
  writeCsv(csv, COUNT);
  const size = fs.statSync(csv).size;
  process.stdout.write(`generated ${COUNT} consignments as CSV (${mb(size)}) in ${((performance.now() - tg) / 1000).toFixed(1)} s\n`);
  const results: string[] = [];

  if (WHICH === 'both' || WHICH === 'postgres') {
    const importDb = `iren_bench_import_${process.pid}`;
    const copyDb = `iren_bench_copy_${process.pid}`;
    const s1 = await openStore({ databaseUrl: await freshPgDb(importDb) });
    const unit = await prepare(s1);
    const imp = await timeImport(s1, unit, csv);
    await s1.close();
    const s2 = await openStore({ databaseUrl: await freshPgDb(copyDb) });
    const unit2 = await prepare(s2);
    await s2.close();
    const u = new URL(PG_URL);
    u.pathname = `/${copyDb}`;
    const cp = await timeCopy(u.toString(), unit2, COUNT);
    await dropPgDb(importDb);
    await dropPgDb(copyDb);
    const rate = imp.accepted / imp.secs;
    const copyRate = COUNT / cp.secs;
    results.push(
      `PostgreSQL  iren import: ${imp.accepted} accepted, ${imp.rejected} rejected in ${imp.secs.toFixed(1)} s = ${rate.toFixed(0)} consignments/s; peak RSS ${mb(imp.peak)} (start ${mb(imp.rssBefore)})`,
      `PostgreSQL  COPY baseline (same rows, same tables and indexes): ${cp.secs.toFixed(1)} s = ${copyRate.toFixed(0)} consignments/s`,
      `PostgreSQL  ratio import/COPY: ${(rate / copyRate).toFixed(2)}×`,
    );
  }
  if (WHICH === 'both' || WHICH === 'pglite') {
    const s = await openStore({ inMemory: true });
    const unit = await prepare(s);
    const imp = await timeImport(s, unit, csv);
    await s.close();
    results.push(`PGlite      iren import: ${imp.accepted} accepted in ${imp.secs.toFixed(1)} s = ${(imp.accepted / imp.secs).toFixed(0)} consignments/s; peak RSS ${mb(imp.peak)} (start ${mb(imp.rssBefore)})`);
  }
  process.stdout.write(`\n${results.join('\n')}\n`);
}

await main();
