/**
 * Screening benchmark: NameIndex vs PostgreSQL pg_trgm on the same synthetic list.
 *
 *   npm run bench:screening                 # 1M names, 10k queries
 *   npm run bench:screening -- --count 100000 --queries 5000 --pg-queries 500
 *   npm run bench:screening -- --no-pg
 *
 * List: synthetic names in Latin, Cyrillic (ru/uk/kk), Georgian and Arabic script
 * (persons and companies, see server/engine/matching/synthetic.ts). Queries: planted
 * variants of listed names (exact, transliterated with another romanisation
 * system, typo'd, reordered / legal form swapped) and non-matching names.
 * Runs on one core (single-threaded); PostgreSQL at 127.0.0.1:5432, database test.
 */
import { writeFileSync, unlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { NameIndex } from '../server/engine/matching/name-index.ts';
import { generateEntity, makeRng, makeVariant, type SyntheticEntity, type VariantKind } from '../server/engine/matching/synthetic.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Args {
  count: number;
  queries: number;
  pgQueries: number;
  pg: boolean;
  seed: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { count: 1_000_000, queries: 10_000, pgQueries: 1_000, pg: true, seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return Math.floor(v);
    };
    if (a === '--count') args.count = next();
    else if (a === '--queries') args.queries = next();
    else if (a === '--pg-queries') args.pgQueries = next();
    else if (a === '--seed') args.seed = next();
    else if (a === '--no-pg') args.pg = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: bench/screening.ts [--count N] [--queries N] [--pg-queries N] [--no-pg] [--seed N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function memory(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

type QueryKind = VariantKind | 'nonmatch';
interface Query {
  text: string;
  kind: QueryKind;
  target: SyntheticEntity | null;
  schema: string;
}

function makeQueries(entities: SyntheticEntity[], n: number, seed: number): Query[] {
  const rng = makeRng(seed * 7919 + 3);
  const other = makeRng(seed * 104729 + 11);
  const mix: Array<[QueryKind, number]> = [
    ['exact', 0.2],
    ['translit', 0.25],
    ['typo', 0.25],
    ['reordered', 0.15],
    ['nonmatch', 0.15],
  ];
  const out: Query[] = [];
  for (let i = 0; i < n; i++) {
    let r = rng();
    let kind: QueryKind = 'exact';
    for (const [k, p] of mix) {
      if (r < p) {
        kind = k;
        break;
      }
      r -= p;
    }
    if (kind === 'nonmatch') {
      const e = generateEntity(other, `q${i}`);
      out.push({ text: e.name, kind, target: null, schema: e.schema });
    } else {
      const e = entities[Math.floor(rng() * entities.length)] as SyntheticEntity;
      out.push({ text: makeVariant(rng, e, kind), kind, target: e, schema: e.schema });
    }
  }
  return out;
}

interface RunResult {
  perSecondWall: number;
  perSecondCpu: number;
  p50: number;
  p99: number;
  recall: Map<QueryKind, [number, number]>;
  falseAlarms: number;
  nonmatch: number;
}

function found(hits: Array<{ id: string; name: string }>, target: SyntheticEntity): boolean {
  // the generator can produce the same name twice: an identical duplicate counts as found
  return hits.some((h) => h.id === target.id || h.name === target.name);
}

function summarise(kind: QueryKind, ok: boolean, recall: Map<QueryKind, [number, number]>): void {
  const r = recall.get(kind) ?? [0, 0];
  r[0]++;
  if (ok) r[1]++;
  recall.set(kind, r);
}

function runIndex(index: NameIndex, queries: Query[]): RunResult {
  // warm-up (JIT) on a few queries, not counted
  for (const q of queries.slice(0, 200)) index.search(q.text, { schema: q.schema });
  const lat: number[] = [];
  const recall = new Map<QueryKind, [number, number]>();
  let falseAlarms = 0;
  let nonmatch = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const q of queries) {
    const s = performance.now();
    const hits = index.search(q.text, { schema: q.schema, limit: 10 });
    lat.push(performance.now() - s);
    if (q.target) summarise(q.kind, found(hits.map((h) => ({ id: h.id, name: h.matchedName })), q.target), recall);
    else {
      nonmatch++;
      if (hits.length > 0) falseAlarms++;
    }
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lat.sort((a, b) => a - b);
  return {
    perSecondWall: queries.length / wall,
    perSecondCpu: queries.length / ((cpu.user + cpu.system) / 1e6),
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    recall,
    falseAlarms,
    nonmatch,
  };
}

function recallLine(recall: Map<QueryKind, [number, number]>): string {
  let n = 0;
  let ok = 0;
  const parts: string[] = [];
  for (const [k, [a, b]] of recall) {
    n += a;
    ok += b;
    parts.push(`${k} ${((100 * b) / a).toFixed(1)}%`);
  }
  return `${((100 * ok) / Math.max(1, n)).toFixed(1)}% (${parts.join(', ')})`;
}

function totalRecall(recall: Map<QueryKind, [number, number]>): number {
  let n = 0;
  let ok = 0;
  for (const [a, b] of recall.values()) {
    n += a;
    ok += b;
  }
  return ok / Math.max(1, n);
}

async function connect(): Promise<pg.Client> {
  let last: unknown;
  for (const user of ['postgres', 'root']) {
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, database: 'test', user });
    try {
      await client.connect();
      return client;
    } catch (e) {
      last = e;
      await client.end().catch(() => undefined);
    }
  }
  throw last;
}

async function runPg(entities: SyntheticEntity[], queries: Query[], maxQueries: number): Promise<RunResult & { loadSeconds: number; indexSeconds: number; tableBytes: number; measured: number }> {
  const client = await connect();
  const table = 'bench_screen_names';
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.query(`CREATE TABLE ${table} (id text NOT NULL, name text NOT NULL)`);
    const t0 = performance.now();
    // COPY from a server-readable file (PostgreSQL runs on this machine); batched INSERT otherwise
    const file = join(tmpdir(), `${table}-${process.pid}.tsv`);
    const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, ' ').replace(/\n/g, ' ');
    let copied = false;
    try {
      const chunks: string[] = [];
      for (const e of entities) chunks.push(`${esc(e.id)}\t${esc(e.name)}\n`);
      writeFileSync(file, chunks.join(''));
      chmodSync(file, 0o644);
      await client.query(`COPY ${table} (id, name) FROM '${file}'`);
      copied = true;
    } catch (e) {
      console.log(`  (server-side COPY not possible: ${(e as Error).message}; using batched INSERT … unnest)`);
    } finally {
      try {
        unlinkSync(file);
      } catch {
        // ignore
      }
    }
    if (!copied) {
      for (let i = 0; i < entities.length; i += 50_000) {
        const batch = entities.slice(i, i + 50_000);
        await client.query(`INSERT INTO ${table} (id, name) SELECT * FROM unnest($1::text[], $2::text[])`, [batch.map((e) => e.id), batch.map((e) => e.name)]);
      }
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await client.query(`CREATE INDEX ${table}_trgm ON ${table} USING gin (name gin_trgm_ops)`);
    await client.query(`ANALYZE ${table}`);
    const indexSeconds = (performance.now() - t1) / 1000;
    const size = await client.query<{ bytes: string }>(`SELECT pg_total_relation_size('${table}') AS bytes`);
    await client.query('SET pg_trgm.similarity_threshold = 0.3');
    const sql = `SELECT id, name FROM ${table} WHERE name % $1 ORDER BY similarity(name, $1) DESC LIMIT 10`;
    // same query mix, first N queries, bounded in time
    const sample = queries.slice(0, maxQueries);
    for (const q of sample.slice(0, 20)) await client.query(sql, [q.text]);
    const lat: number[] = [];
    const recall = new Map<QueryKind, [number, number]>();
    let falseAlarms = 0;
    let nonmatch = 0;
    const start = performance.now();
    let measured = 0;
    for (const q of sample) {
      const s = performance.now();
      const res = await client.query<{ id: string; name: string }>(sql, [q.text]);
      lat.push(performance.now() - s);
      measured++;
      if (q.target) summarise(q.kind, found(res.rows, q.target), recall);
      else {
        nonmatch++;
        if (res.rows.length > 0) falseAlarms++;
      }
      if (performance.now() - start > 120_000) break;
    }
    const wall = (performance.now() - start) / 1000;
    lat.sort((a, b) => a - b);
    return {
      perSecondWall: measured / wall,
      perSecondCpu: measured / wall,
      p50: percentile(lat, 50),
      p99: percentile(lat, 99),
      recall,
      falseAlarms,
      nonmatch,
      loadSeconds,
      indexSeconds,
      tableBytes: Number(size.rows[0]?.bytes ?? 0),
      measured,
    };
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await client.end();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`screening benchmark: ${fmt(args.count)} names, ${fmt(args.queries)} queries, node ${process.version}, one thread`);

  let t = performance.now();
  const rng = makeRng(args.seed);
  const entities: SyntheticEntity[] = new Array(args.count);
  for (let i = 0; i < args.count; i++) entities[i] = generateEntity(rng, `e${i}`);
  const cultures = new Map<string, number>();
  for (const e of entities) cultures.set(e.culture, (cultures.get(e.culture) ?? 0) + 1);
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s: ${[...cultures].map(([k, v]) => `${k} ${((100 * v) / args.count).toFixed(0)}%`).join(', ')}`);
  console.log(`  e.g. ${entities.slice(0, 6).map((e) => e.name).join(' | ')}`);

  const queries = makeQueries(entities, args.queries, args.seed);

  const before = memory();
  t = performance.now();
  const index = new NameIndex();
  for (const e of entities) index.add(e.id, [e.name], e.schema);
  index.compact();
  const buildSeconds = (performance.now() - t) / 1000;
  const after = memory();
  const stats = index.stats();
  console.log(
    `\nNameIndex built in ${buildSeconds.toFixed(1)} s (${fmt(args.count / buildSeconds)} names/s): ` +
      `heap+buffers +${mb(after - before)} (typed arrays ${mb(stats.typedArrayBytes)}, ` +
      `vocabulary ${fmt(stats.vocabulary)} words, ${fmt(stats.postings)} postings), RSS ${mb(process.memoryUsage().rss)}`,
  );

  const ours = runIndex(index, queries);
  console.log(
    `NameIndex: ${fmt(ours.perSecondCpu)} screens/s per CPU-second (${fmt(ours.perSecondWall)}/s wall clock), ` +
      `p50 ${ours.p50.toFixed(3)} ms, p99 ${ours.p99.toFixed(3)} ms`,
  );
  console.log(`  recall of planted matches: ${recallLine(ours.recall)}`);
  console.log(`  non-matching queries with a hit (≥ threshold): ${ours.falseAlarms}/${ours.nonmatch}`);

  if (!args.pg) return;
  console.log(`\nPostgreSQL pg_trgm (GIN, name % q ORDER BY similarity LIMIT 10, threshold 0.3) on the same ${fmt(args.count)} names…`);
  let pgr: Awaited<ReturnType<typeof runPg>>;
  try {
    pgr = await runPg(entities, queries, args.pgQueries);
  } catch (e) {
    console.log(`  PostgreSQL not available: ${(e as Error).message}`);
    return;
  }
  console.log(`  loaded in ${pgr.loadSeconds.toFixed(1)} s, GIN index in ${pgr.indexSeconds.toFixed(1)} s, table+index ${mb(pgr.tableBytes)}`);
  console.log(`pg_trgm: ${pgr.perSecondWall.toFixed(1)} screens/s (wall clock, ${pgr.measured} queries), p50 ${pgr.p50.toFixed(1)} ms, p99 ${pgr.p99.toFixed(1)} ms`);
  console.log(`  recall of planted matches: ${recallLine(pgr.recall)}`);
  console.log(`  non-matching queries with a hit (similarity ≥ 0.3): ${pgr.falseAlarms}/${pgr.nonmatch}`);
  console.log(
    `\nSummary: NameIndex ${fmt(ours.perSecondWall)} vs pg_trgm ${pgr.perSecondWall.toFixed(1)} screens/s (wall clock) → ` +
      `${(ours.perSecondWall / pgr.perSecondWall).toFixed(0)}× ; recall ${(100 * totalRecall(ours.recall)).toFixed(1)}% vs ${(100 * totalRecall(pgr.recall)).toFixed(1)}%`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
