/**
 * Statistics benchmark: N seizures (default 1,000,000) with 1–2 items each, synthesised in PostgreSQL across
 * the demo units, two years of dates and every TLP level (loaded with the statistics triggers off, then
 * seizure_stats_rebuild(), as a bulk load should be); then each dashboard figure (services/results/
 * statistics.service.ts: maintained monthly aggregates + edge days from the records, with the visibility rule)
 * for an observer and for an officer, over twelve whole months, everything, 365 days not aligned on months and
 * twelve months filtered by country and commodity. Baseline in the same run: a plain
 * `SELECT count(*) FROM seizures` — the cheapest possible full pass over the same table.
 *
 * --check also computes every whole dashboard with the straightforward queries (test/statistics-reference.ts,
 * what the service ran before the aggregates), timed once, and checks the figures are identical.
 *
 *   npm run bench:statistics -- --count 1000000 [--pg-url postgres://postgres@127.0.0.1:5432/test] [--runs 5] [--check] [--db NAME]
 */
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { openStore, migrateStore, rows, type Db } from '../server/db/client.ts';
import { loadReferenceData } from '../server/db/reference.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { SYSTEM_CONTEXT } from '../server/audit/audit.service.ts';
import type { Actor } from '../server/auth/actor.ts';
import { actorOf } from '../server/services/auth.service.ts';
import { users } from '../server/db/schema.ts';
import { byCommodity, byCountry, byDetection, dashboard, kpis, monthly, points, routes, type StatsFilters } from '../server/services/results/statistics.service.ts';
import { figuresOfDashboard, referenceFigures } from '../test/statistics-reference.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const COUNT = Number(arg('count', '1000000'));
const RUNS = Number(arg('runs', '5'));
const PG_URL = arg('pg-url', process.env.IREN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const DB_NAME = arg('db', `iren_bench_stats_${COUNT}`);
const CHECK = process.argv.includes('--check');

async function ensureDb(): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
}

/** Seizures and items generated in SQL (deterministic: every column is a function of the row number). */
async function synthesise(store: Db): Promise<void> {
  // A bulk load: the statistics triggers are off for it (replica role), the aggregates are rebuilt at the end.
  await store.transaction(async (db) => {
    await db.execute(sql`SET LOCAL session_replication_role = replica`);
    await db.execute(sql`TRUNCATE seizures CASCADE`);
    const [creator] = await rows<{ id: string }>(db, sql`SELECT id FROM users ORDER BY username LIMIT 1`);
    await db.execute(sql`
      WITH u AS (SELECT array_agg(id ORDER BY code) AS ids, array_agg(country ORDER BY code) AS cs, count(*)::int AS n FROM units)
      INSERT INTO seizures (reference, unit_id, country, seizure_date, place_locode, route_origin, route_destination, transport_mode, concealment,
                            detection_method, form, quality_score, on_shared_information, tlp, distribution, named_countries, created_by)
      SELECT 'B-' || g, u.ids[1 + g % u.n], u.cs[1 + g % u.n], to_char(DATE '2026-12-01' - (g % 730), 'YYYY-MM-DD'), NULL,
             (ARRAY['AF','PK','IR','CN','TR','AE','EC','KZ','UZ','TJ'])[1 + (g / 7) % 10],
             (ARRAY['KZ','GE','UA','AZ','UZ','NL','GB','RU','TR','AE'])[1 + (g / 11) % 10],
             (ARRAY['sea','road','rail','air'])[1 + g % 4], (ARRAY['false_wall','in_goods','false_floor','baggage'])[1 + g % 4],
             (ARRAY['risk_profile','partner_warning','scanner_image','canine','random','intelligence'])[1 + (g / 3) % 6],
             'minimal', 60 + g % 41, g % 7 = 0,
             (ARRAY['GREEN','GREEN','AMBER','AMBER','CLEAR','RED','AMBER+STRICT'])[1 + (g / 5) % 7],
             (ARRAY['network','network','own_country','own_country','network','own_unit','own_country'])[1 + (g / 5) % 7],
             '[]'::jsonb, ${creator!.id}::uuid
      FROM generate_series(1, ${COUNT}) g, u`);
    await db.execute(sql`
      INSERT INTO seizure_items (seizure_id, commodity, quantity, unit)
      SELECT s.id, (ARRAY['heroin','opium','cannabis_resin','methamphetamine','cigarettes','counterfeit','acetic_anhydride'])[1 + abs(hashtext(s.reference)) % 7],
             1 + abs(hashtext(s.reference || 'q')) % 500,
             (ARRAY['kg','kg','kg','kg','sticks','pieces','l'])[1 + abs(hashtext(s.reference)) % 7]
      FROM seizures s`);
    await db.execute(sql`
      INSERT INTO seizure_items (seizure_id, commodity, quantity, unit)
      SELECT s.id, 'weapons', 1 + abs(hashtext(s.reference)) % 20, 'pieces' FROM seizures s WHERE abs(hashtext(s.reference || 'w')) % 10 < 3`);
    await db.execute(sql`SELECT seizure_stats_rebuild()`);
  });
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}

async function actor(db: Db, username: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

async function main() {
  const url = await ensureDb();
  const store = await openStore({ databaseUrl: url, poolSize: 4 });
  const db = store.db;
  await migrateStore(store);
  await loadReferenceData(db);
  await seedDemo(db, SYSTEM_CONTEXT, { password: 'bench-password-123', withTotp: false });
  const [have] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM seizures`);
  if ((have?.n ?? 0) !== COUNT) {
    process.stdout.write(`synthesising ${COUNT} seizures with items in PostgreSQL…\n`);
    const t0 = performance.now();
    await synthesise(db);
    process.stdout.write(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  // What autovacuum does on a live database: statistics for the planner, visibility maps for index-only scans.
  for (const table of ['seizures', 'seizure_items', 'seizure_stats']) await db.execute(sql.raw(`VACUUM ANALYZE ${table}`));
  const [items] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM seizure_items`);
  process.stdout.write(`${COUNT} seizures, ${items!.n} items; median of ${RUNS} runs after a warm-up\n\n`);

  const baseline = await time(() => db.execute(sql`SELECT count(*) FROM seizures`));
  const [stats] = await rows<{ n: number; size: string }>(db, sql`SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('seizure_stats')) AS size FROM seizure_stats`);
  process.stdout.write(`seizure_stats: ${stats!.n} rows, ${stats!.size} with indexes\n\n`);
  const viewers: [string, Actor][] = [
    ['observer', await actor(db, 'kz.observer')],
    ['officer', await actor(db, 'kz.officer')],
  ];
  const periods: [string, StatsFilters][] = [
    ['12 months', { from: '2025-12-01', to: '2026-11-30' }],
    ['all time', {}],
    ['365 days, not whole months', { from: '2025-11-20', to: '2026-11-19' }],
    ['12 months, KZ, heroin', { from: '2025-12-01', to: '2026-11-30', country: 'KZ', commodity: 'heroin' }],
  ];
  const queries = { kpis, monthly, byCountry, byCommodity, byDetection, routes, points, 'whole dashboard': dashboard } as const;
  const line = (label: string, ms: number) => `${label.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms  ${(ms / baseline).toFixed(2).padStart(7)} × count(*)\n`;
  process.stdout.write(line('baseline: SELECT count(*) FROM seizures', baseline));
  const summary: string[] = [];
  let identical = true;
  for (const [who, a] of viewers) {
    for (const [period, f] of periods) {
      process.stdout.write(`\n${who}, ${period}\n`);
      let whole = 0;
      for (const [name, fn] of Object.entries(queries)) {
        const ms = await time(() => fn(db, a, f));
        process.stdout.write(line(`  ${name}`, ms));
        whole = ms;
      }
      let before = '';
      if (CHECK) {
        // The straightforward queries (one per table, as the service ran them before the aggregates), timed once.
        const t0 = performance.now();
        const expected = await referenceFigures(db, a, f);
        const ms = performance.now() - t0;
        const same = JSON.stringify(figuresOfDashboard(await dashboard(db, a, f))) === JSON.stringify(expected);
        identical &&= same;
        process.stdout.write(line('  straightforward queries (before), once', ms));
        process.stdout.write(`  figures identical to the straightforward queries: ${same ? 'yes' : 'NO'}\n`);
        before = `   (before: ${(ms / 1000).toFixed(1)} s)`;
      }
      summary.push(line(`  ${who}, ${period}`, whole).replace(/\n$/, `${before}\n`));
    }
  }
  process.stdout.write(`\nwhole dashboard (baseline count(*) ${baseline.toFixed(1)} ms)\n${summary.join('')}`);
  if (CHECK) process.stdout.write(`figures identical everywhere: ${identical ? 'yes' : 'NO'}\n`);
  await store.close();
}

await main();
