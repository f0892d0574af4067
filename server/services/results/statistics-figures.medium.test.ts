/**
 * The maintained statistics give the same figures as the straightforward queries (test/statistics-reference.ts)
 * over a randomised fixture: 360 seizures in 2016–2018 (before the demo data) across every demo unit, every TLP
 * and distribution, three sharing groups, named countries, 0–3 items in every unit of measure — inserted in bulk,
 * then changed row by row and in bulk (dates, TLP, units, items replaced, moved, re-measured, deleted), as an
 * officer, a national coordinator, a unit head and an observer, for whole years, edge days (added and
 * subtracted), one-month periods, open periods and country/commodity filters. Also: the triggers' rows equal a
 * rebuild, merging (the statistics.compact job) keeps the figures, and (PostgreSQL) two transactions adding items to one seizure at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rows, type Store } from '../../db/client.ts';
import { jobs, sharingGroupMembers, sharingGroups, units, users } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { actorOf } from '../auth.service.ts';
import { testStore } from '../../../test/db.ts';
import { figuresOfDashboard, referenceFigures } from '../../../test/statistics-reference.ts';
import { claimNext, enqueue, registry, runJob, type JobDefinition } from '../../jobs/queue.ts';
import { compactStatisticsJob } from '../../jobs/statistics.job.ts';
import { dashboard, type StatsFilters } from './statistics.service.ts';

const SEED = 20261204;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
let store: Store;
const viewers: Record<string, Actor> = {};

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
const DISTRIBUTIONS = ['network', 'own_country', 'own_unit', 'named', 'group'] as const;
const DETECTION = ['risk_profile', 'partner_warning', 'scanner_image', 'canine', 'random', 'intelligence', null] as const;
const PLACES = ['AF', 'AFKBL', 'PK', 'IR', 'CN', 'KZ', 'KZALA', 'GE', 'UZ', 'TR', null] as const;
const ITEMS: [string, string][] = [
  ['heroin', 'kg'],
  ['heroin', 'g'],
  ['opium', 'kg'],
  ['opium', 't'],
  ['cigarettes', 'sticks'],
  ['cigarettes', 'pieces'],
  ['weapons', 'pieces'],
  ['ammunition', 'rounds'],
  ['acetic_anhydride', 'l'],
];
// Days that exercise the month edges (1st, around the 16th, month ends).
const DAYS = ['01', '02', '09', '15', '16', '17', '23', '28', '30', '31'];
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function day(r: ReturnType<typeof random>): string {
  const y = r.int(2016, 2018);
  const m = r.int(1, 12);
  const d = Math.min(Number(r.pick(DAYS)), daysIn(y, m));
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

async function actor(username: string): Promise<Actor> {
  const [u] = await store.db.select().from(users).where(eq(users.username, username));
  return actorOf(u!);
}

const exec = (q: ReturnType<typeof sql>) => store.db.execute(q);

beforeAll(async () => {
  store = await testStore();
  for (const u of ['kz.officer', 'kz.national_coordinator', 'ge.unit_head', 'pk.observer', 'admin']) viewers[u] = await actor(u);
  const unitRows = await store.db.select({ id: units.id, code: units.code, country: units.country }).from(units);
  const unit = (code: string) => unitRows.find((u) => u.code === code)!;
  const [creator] = await store.db.select({ id: users.id }).from(users).limit(1);
  const by = creator!.id;

  // Groups: KZ as a whole; one Georgian unit and Uzbekistan; one Kazakh unit the officer is not in (its
  // coordinator counts for it).
  const group = async (name: string, owner: string, members: { country: string; unit?: string }[]) => {
    const o = unit(owner);
    const [g] = await store.db.insert(sharingGroups).values({ name, ownerUnitId: o.id, ownerCountry: o.country, createdBy: by }).returning({ id: sharingGroups.id });
    await store.db.insert(sharingGroupMembers).values(members.map((m) => ({ groupId: g!.id, country: m.country, unitId: m.unit ? unit(m.unit).id : null, addedBy: by })));
    return g!.id;
  };
  const groups = [
    await group('G-KZ', 'UZ-TAS-PCU', [{ country: 'KZ' }]),
    await group('G-GE-UZ', 'PK-KHI-PCU', [{ country: 'GE', unit: 'GE-PTI-PCU' }, { country: 'UZ' }]),
    await group('G-ALA', 'GE-BUS-PCU', [{ country: 'KZ', unit: 'KZ-ALA-ACCU' }]),
  ];

  const r = random(SEED);
  const seizureValues = Array.from({ length: 360 }, (_, n) => {
    const u = r.pick(unitRows);
    const distribution = r.pick(DISTRIBUTIONS);
    const named = distribution === 'named' || r.next() < 0.1 ? [...new Set([r.pick(['KZ', 'GE', 'UZ', 'PK']), r.pick(['KZ', 'GE', 'UZ', 'AF'])])] : [];
    return sql`(${`R-${SEED}-${n}`}, ${u.id}::uuid, ${u.country}, ${day(r)}, ${r.pick(PLACES)}, ${r.pick(PLACES)}, ${r.pick(DETECTION)}, 'minimal', 80, ${r.next() < 0.3},
                ${r.pick(TLPS)}, ${distribution}, ${distribution === 'group' ? r.pick(groups) : null}::uuid, ${JSON.stringify(named)}::jsonb, ${by}::uuid)`;
  });
  await exec(sql`INSERT INTO seizures (reference, unit_id, country, seizure_date, route_origin, route_destination, detection_method, form, quality_score,
                                       on_shared_information, tlp, distribution, group_id, named_countries, created_by)
                 VALUES ${sql.join(seizureValues, sql`, `)}`);
  const ids = (await rows<{ id: string }>(store.db, sql`SELECT id FROM seizures WHERE reference LIKE ${`R-${SEED}-%`} ORDER BY reference`)).map((x) => x.id);
  const itemValues = ids.flatMap((id) =>
    Array.from({ length: r.int(0, 3) }, () => {
      const [commodity, measure] = r.pick(ITEMS);
      const quantity = r.next() < 0.5 ? r.int(1, 5000) : r.int(1, 400) + 0.5;
      return sql`(${id}::uuid, ${commodity}, ${quantity}, ${measure})`;
    }),
  );
  await exec(sql`INSERT INTO seizure_items (seizure_id, commodity, quantity, unit) VALUES ${sql.join(itemValues, sql`, `)}`);

  // Changes, one seizure at a time (as the service does) and in bulk.
  for (let n = 0; n < 40; n++) {
    const id = r.pick(ids);
    const u = r.pick(unitRows);
    await exec(sql`UPDATE seizures SET tlp = ${r.pick(TLPS)}, distribution = ${r.pick(DISTRIBUTIONS)}, seizure_date = ${day(r)}, unit_id = ${u.id}, country = ${u.country},
                   on_shared_information = ${r.next() < 0.5}, updated_at = now() WHERE id = ${id}`);
  }
  for (let n = 0; n < 20; n++) {
    const id = r.pick(ids);
    await exec(sql`DELETE FROM seizure_items WHERE seizure_id = ${id}`);
    const [commodity, measure] = r.pick(ITEMS);
    await exec(sql`INSERT INTO seizure_items (seizure_id, commodity, quantity, unit) VALUES (${id}, ${commodity}, ${r.int(1, 900)}, ${measure}), (${id}, ${commodity}, 2.5, ${measure})`);
  }
  await exec(sql`UPDATE seizures SET detection_method = 'canine', route_destination = 'UA' WHERE reference LIKE ${`R-${SEED}-1%`}`);
  await exec(sql`UPDATE seizure_items SET quantity = quantity * 2 WHERE commodity = 'opium'`);
  await exec(sql`UPDATE seizure_items SET seizure_id = ${ids[1]!} WHERE seizure_id = ${ids[0]!}`);
  await exec(sql`DELETE FROM seizure_items WHERE id IN (SELECT id FROM seizure_items WHERE commodity = 'weapons' ORDER BY id LIMIT 15)`);
  await exec(sql`DELETE FROM seizures WHERE id IN (${sql.join(ids.slice(100, 112).map((id) => sql`${id}`), sql`, `)})`);
});
afterAll(async () => {
  await store.close();
});

const PERIODS: [string, StatsFilters][] = [
  ['all time', {}],
  ['a whole year', { from: '2017-01-01', to: '2017-12-31' }],
  ['edge days added', { from: '2016-03-23', to: '2017-11-09' }],
  ['edge days subtracted', { from: '2016-02-09', to: '2018-01-17' }],
  ['three days', { from: '2017-05-15', to: '2017-05-17' }],
  ['most of a month', { from: '2017-05-02', to: '2017-05-30' }],
  ['from a day on', { from: '2017-06-16' }],
  ['up to a day', { to: '2017-06-15' }],
  // The dashboard's default (the last year up to today) over the demo seizures.
  ['the last year up to today', { from: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) }],
];
const FILTERS: [string, StatsFilters][] = [
  ['', {}],
  ['KZ', { country: 'KZ' }],
  ['heroin', { commodity: 'heroin' }],
  ['GE opium', { country: 'GE', commodity: 'opium' }],
];

async function expectSameFigures(username: string) {
  for (const [, period] of PERIODS) {
    for (const [, filter] of FILTERS) {
      const f = { ...period, ...filter };
      const expected = await referenceFigures(store.db, viewers[username]!, f);
      const got = figuresOfDashboard(await dashboard(store.db, viewers[username]!, f));
      expect(got, `${username} ${JSON.stringify(f)}`).toEqual(expected);
    }
  }
}

describe('maintained statistics = the straightforward queries', () => {
  it('the fixture has what the comparison needs', async () => {
    const [k] = await rows<{ n: number; restricted: number; group: number; named: number; unmerged: number }>(
      store.db,
      sql`SELECT count(*)::int AS n, (count(*) FILTER (WHERE tlp IN ('RED', 'AMBER+STRICT')))::int AS restricted,
                 (count(*) FILTER (WHERE distribution = 'group'))::int AS "group", (count(*) FILTER (WHERE distribution = 'named'))::int AS named,
                 (SELECT count(*) FROM seizure_stats WHERE NOT merged)::int AS unmerged
          FROM seizures WHERE reference LIKE ${`R-${SEED}-%`}`,
    );
    expect(k).toMatchObject({ n: 348 });
    expect(k!.restricted).toBeGreaterThan(100);
    expect(k!.group).toBeGreaterThan(40);
    expect(k!.named).toBeGreaterThan(40);
    expect(k!.unmerged).toBeGreaterThan(0);
    // The Kazakh officer sees some restricted seizures of others, and not all of them.
    const officer = await referenceFigures(store.db, viewers['kz.officer']!, {});
    const observer = await referenceFigures(store.db, viewers['pk.observer']!, {});
    const coordinator = await referenceFigures(store.db, viewers['kz.national_coordinator']!, {});
    expect(officer.seizures).toBeGreaterThan(observer.seizures);
    expect(coordinator.seizures).toBeGreaterThan(officer.seizures);
  });

  it('for an officer', async () => expectSameFigures('kz.officer'));
  it('for a national coordinator', async () => expectSameFigures('kz.national_coordinator'));
  it('for a unit head of another country', async () => expectSameFigures('ge.unit_head'));
  it('for an observer and the network admin', async () => {
    await expectSameFigures('pk.observer');
    const f = { from: '2016-03-23', to: '2017-11-09' };
    expect(figuresOfDashboard(await dashboard(store.db, viewers.admin!, f))).toEqual(await referenceFigures(store.db, viewers.admin!, f));
  });

  it('a change to a column the statistics do not read writes no rows', async () => {
    const count = async () => (await rows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM seizure_stats`))[0]!.n;
    const before = await count();
    await exec(sql`UPDATE seizures SET summary = 'edited', quality_score = 90, updated_at = now() WHERE reference LIKE ${`R-${SEED}-2%`}`);
    expect(await count()).toBe(before);
  });

  it('the rows the triggers appended sum to a rebuild from the records, and merging keeps the figures', async () => {
    const sums = async () =>
      rows<Record<string, unknown>>(
        store.db,
        sql`SELECT filter, kind, month, day, country, unit_id, key1, key2, restricted, distribution, group_id, named_countries::text AS named,
                   sum(seizures)::int AS seizures, sum(shared)::int AS shared, sum(quantity)::float8 AS quantity
            FROM seizure_stats GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 HAVING sum(seizures) <> 0 OR sum(shared) <> 0 OR COALESCE(sum(quantity), 0) <> 0
            ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`,
      );
    const appended = await sums();
    await enqueue(store.db, compactStatisticsJob.name, {});
    const job = await claimNext(store.db, 'w1', [compactStatisticsJob.name]);
    await runJob(store.db, registry([compactStatisticsJob as JobDefinition<never>]), job!, silent);
    const [done] = await store.db.select().from(jobs).where(eq(jobs.id, job!.id));
    expect(done!.result).toEqual({ mergedRows: appended.length });
    expect(await rows(store.db, sql`SELECT 1 FROM seizure_stats WHERE NOT merged`)).toEqual([]);
    expect(await sums()).toEqual(appended);
    await exec(sql`SELECT seizure_stats_rebuild()`);
    expect(await sums()).toEqual(appended);
    await expectSameFigures('kz.national_coordinator');
  });

  it.runIf(process.env.IREN_TEST_DB === 'postgres')('two transactions adding items of one commodity to one seizure count it once', async () => {
    const [s] = await rows<{ id: string; month: string; country: string }>(
      store.db,
      sql`SELECT s.id, left(s.seizure_date, 7) AS month, s.country FROM seizures s WHERE s.reference LIKE ${`R-${SEED}-%`} AND s.tlp = 'GREEN'
          AND NOT EXISTS (SELECT 1 FROM seizure_items i WHERE i.seizure_id = s.id AND i.commodity = 'cocaine') ORDER BY s.reference LIMIT 1`,
    );
    const a = await store.pool!.connect();
    const b = await store.pool!.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`INSERT INTO seizure_items (seizure_id, commodity, quantity, unit) VALUES ($1, 'cocaine', 1, 'kg')`, [s!.id]);
      // b's trigger waits for a's lock on the seizure, then counts from what a committed.
      const second = b.query(`INSERT INTO seizure_items (seizure_id, commodity, quantity, unit) VALUES ($1, 'cocaine', 2, 'kg')`, [s!.id]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await a.query('COMMIT');
      await second;
      await b.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
    const [c] = await rows<{ seizures: number; quantity: number }>(
      store.db,
      sql`SELECT sum(seizures)::int AS seizures, sum(quantity)::float8 AS quantity FROM seizure_stats
          WHERE filter = '' AND kind = 'commodity' AND key1 = 'cocaine' AND month = ${s!.month} AND day IS NULL AND country = ${s!.country}`,
    );
    expect(c).toEqual({ seizures: 1, quantity: 3 });
  });
});
