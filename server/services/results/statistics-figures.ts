/**
 * Seizure figures for the statistics, in one statement (docs/decisions/0010-maintained-seizure-statistics.md):
 * whole months come from the maintained aggregates (seizure_stats month rows, visibility applied per row by
 * aggregatedStatsWhere); the days at the edges of the period are added when only part of a month is in the
 * period, or subtracted from a month counted whole when that touches fewer days — their commodities from the
 * aggregates' day rows, their seizures, detection methods and routes from the seizure records
 * (aggregatedSeizuresWhere). One GROUPING SETS pass then gives the totals by month, country, unit and key
 * (detection method, route pair, commodity and unit).
 *
 *   splitPeriod({ from: '2025-12-04', to: '2026-12-20' })
 *   → months 2025-12 … 2026-12, minus the days 2025-12-01…03 and 2026-12-21…31
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { aggregatedSeizuresWhere, aggregatedStatsWhere } from '../../policies/seizure.policy.ts';

export interface SeizureFilters {
  from?: string;
  to?: string;
  country?: string;
  commodity?: string;
}

/** Days of one month read from the records: those from `from` to `to` (inclusive, either may be open). */
export interface DayRange {
  month: string;
  from?: string;
  to?: string;
  /** +1: added to the months read from the aggregates; −1: subtracted from a month counted whole. */
  sign: 1 | -1;
}

export interface PeriodSplit {
  /** Whole months read from seizure_stats (inclusive bounds, open when undefined); null: none. */
  months: { from?: string; to?: string } | null;
  days: DayRange[];
}

const monthOf = (day: string) => day.slice(0, 7);
const dayOf = (day: string) => Number(day.slice(8, 10));

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** How many of the days a…b (day numbers) of a month can hold records, i.e. are not after `horizon`. */
function recordDays(month: string, a: number, b: number, horizon: string): number {
  if (month > monthOf(horizon)) return 0;
  const last = month === monthOf(horizon) ? Math.min(b, dayOf(horizon)) : b;
  return Math.max(0, last - a + 1);
}

/**
 * Splits a period of days into whole months and edge days, reading as few days from the records as possible:
 * for a month only partly inside the period, either its days inside are added, or the whole month is taken and
 * its days outside subtracted — whichever side has fewer days that can hold records (none after `horizon`,
 * tomorrow by default: seizures cannot be dated later, so "up to today" subtracts an empty rest of the month).
 * Day numbers are compared as if every month had 31 days, so no calendar is needed: days past a month's real
 * end simply find no records.
 */
export function splitPeriod(f: { from?: string; to?: string }, horizon = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)): PeriodSplit {
  if (f.from && f.to && f.from > f.to) return { months: null, days: [] };
  const lo = f.from ? monthOf(f.from) : undefined;
  const hi = f.to ? monthOf(f.to) : undefined;
  const days: DayRange[] = [];
  let first = lo;
  let last = hi;
  if (lo && lo === hi) {
    const [a, b] = [dayOf(f.from!), dayOf(f.to!)];
    if (a === 1 && b === 31) return { months: { from: lo, to: lo }, days };
    const outside = recordDays(lo, 1, a - 1, horizon) + recordDays(lo, b + 1, 31, horizon);
    if (recordDays(lo, a, b, horizon) < outside) return { months: null, days: [{ month: lo, from: f.from, to: f.to, sign: 1 }] };
    if (a > 1) days.push({ month: lo, to: shiftDay(f.from!, -1), sign: -1 });
    if (b < 31) days.push({ month: lo, from: shiftDay(f.to!, 1), sign: -1 });
    return { months: { from: lo, to: lo }, days };
  }
  if (f.from && lo && dayOf(f.from) > 1) {
    const a = dayOf(f.from);
    if (recordDays(lo, 1, a - 1, horizon) <= recordDays(lo, a, 31, horizon)) days.push({ month: lo, to: shiftDay(f.from, -1), sign: -1 });
    else {
      days.push({ month: lo, from: f.from, sign: 1 });
      first = shiftMonth(lo, 1);
    }
  }
  if (f.to && hi && dayOf(f.to) < 31) {
    const b = dayOf(f.to);
    if (recordDays(hi, b + 1, 31, horizon) <= recordDays(hi, 1, b, horizon)) days.push({ month: hi, from: shiftDay(f.to, 1), sign: -1 });
    else {
      days.push({ month: hi, to: f.to, sign: 1 });
      last = shiftMonth(hi, -1);
    }
  }
  return { months: first && last && first > last ? null : { from: first, to: last }, days };
}

/** The same month's day before/after, as a string (day 00 or 32 is fine: it only bounds a comparison). */
function shiftDay(day: string, by: number): string {
  return `${day.slice(0, 8)}${String(dayOf(day) + by).padStart(2, '0')}`;
}

/** Rows of one edge range: `day` within the range, `month` being the month as the aggregates define it. */
function dayRangeSql(r: DayRange, day: SQL, month: SQL): SQL {
  return sql`(${month} = ${r.month} AND ${day} >= ${r.from ?? `${r.month}-01`} AND ${day} <= ${r.to ?? `${r.month}-31`})`;
}

export type FigureKind = 'seizure' | 'detection' | 'route' | 'commodity';

/** One grouped figure. `by` says which grouping set it belongs to: seizures by month, country, unit and in
 * total (`key`, no key); detection methods, routes and commodities by key only. */
export interface FigureRow {
  kind: FigureKind;
  by: 'month' | 'country' | 'unit' | 'key';
  month: string | null;
  country: string | null;
  unitId: string | null;
  key1: string | null;
  key2: string | null;
  seizures: number;
  shared: number;
  quantity: number | null;
}

const GROUPING_BY: Record<number, FigureRow['by']> = { 3: 'month', 5: 'country', 6: 'unit', 7: 'key' };

/**
 * Every seizure figure the viewer's statistics show for the filters, ordered as the dashboard lists them:
 * months ascending; countries, keys by seizures descending then name.
 */
export async function seizureFigures(db: DbOrTx, actor: Actor, f: SeizureFilters): Promise<FigureRow[]> {
  const split = splitPeriod(f);
  if (!split.months && !split.days.length) return [];
  const stats = (...where: SQL[]) => sql.join([sql`a.filter = ${f.commodity ?? ''}`, ...where, ...(f.country ? [sql`a.country = ${f.country}`] : []), aggregatedStatsWhere(actor, 'a')], sql` AND `);
  const parts: SQL[] = [];
  let withRaw = sql``;
  if (split.months) {
    const where: SQL[] = [sql`a.day IS NULL`];
    if (split.months.from) where.push(sql`a.month >= ${split.months.from}`);
    if (split.months.to) where.push(sql`a.month <= ${split.months.to}`);
    parts.push(sql`SELECT a.kind, a.month, a.country, a.unit_id, a.key1, a.key2, a.seizures::bigint, a.shared::bigint, a.quantity FROM seizure_stats a WHERE ${stats(...where)}`);
  }
  if (split.days.length) {
    const signOf = (day: SQL, month: SQL) => {
      const adds = split.days.filter((d) => d.sign === 1).map((d) => dayRangeSql(d, day, month));
      return adds.length ? sql`CASE WHEN ${sql.join(adds, sql` OR `)} THEN 1 ELSE -1 END` : sql`-1`;
    };
    // Commodities of the edge days from the day rows (read by key only, so without month or country).
    const statsDays = sql`(${sql.join(split.days.map((d) => dayRangeSql(d, sql`a.day`, sql`a.month`)), sql` OR `)})`;
    const statsSign = signOf(sql`a.day`, sql`a.month`);
    parts.push(sql`SELECT a.kind, NULL::text, NULL::text, NULL::uuid, a.key1, a.key2, (${statsSign} * a.seizures)::bigint, 0::bigint, ${statsSign} * a.quantity
                   FROM seizure_stats a WHERE ${stats(sql`a.kind = 'commodity'`, sql`a.day IS NOT NULL`, statsDays)}`);
    // Seizures, detection methods and routes of the edge days from the records.
    const sign = signOf(sql`s.seizure_date`, sql`left(s.seizure_date, 7)`);
    const where: SQL[] = [sql`(${sql.join(split.days.map((d) => dayRangeSql(d, sql`s.seizure_date`, sql`left(s.seizure_date, 7)`)), sql` OR `)})`, aggregatedSeizuresWhere(actor, 's')];
    if (f.country) where.push(sql`s.country = ${f.country}`);
    if (f.commodity) where.push(sql`EXISTS (SELECT 1 FROM seizure_items ci WHERE ci.seizure_id = s.id AND ci.commodity = ${f.commodity})`);
    withRaw = sql`raw AS MATERIALIZED (
        SELECT left(s.seizure_date, 7) AS month, s.country, s.unit_id, s.detection_method, left(s.route_origin, 2) AS origin,
               left(s.route_destination, 2) AS destination, ${sign} AS sign, CASE WHEN s.on_shared_information THEN ${sign} ELSE 0 END AS shared
        FROM seizures s WHERE ${sql.join(where, sql` AND `)}),`;
    parts.push(
      sql`SELECT 'seizure', r.month, r.country, r.unit_id, NULL::text, NULL::text, sum(r.sign), sum(r.shared), NULL::numeric FROM raw r GROUP BY 2, 3, 4`,
      sql`SELECT 'detection', NULL::text, NULL::text, NULL::uuid, COALESCE(r.detection_method, 'unknown'), NULL::text, sum(r.sign), 0, NULL::numeric FROM raw r GROUP BY 5`,
      sql`SELECT 'route', NULL::text, NULL::text, NULL::uuid, r.origin, r.destination, sum(r.sign), sum(r.shared), NULL::numeric
          FROM raw r WHERE r.origin IS NOT NULL AND r.destination IS NOT NULL GROUP BY 5, 6`,
    );
  }
  const found = await rows<Omit<FigureRow, 'by'> & { g: number }>(
    db,
    sql`WITH ${withRaw} parts (kind, month, country, unit_id, key1, key2, seizures, shared, quantity) AS (${sql.join(parts, sql` UNION ALL `)})
        SELECT p.kind, GROUPING(p.month, p.country, p.unit_id)::int AS g, p.month, p.country, p.unit_id AS "unitId", p.key1, p.key2,
               sum(p.seizures)::int AS seizures, sum(p.shared)::int AS shared, round(sum(p.quantity), 3)::float8 AS quantity
        FROM parts p
        GROUP BY p.kind, GROUPING SETS ((p.month), (p.country), (p.unit_id), (p.key1, p.key2))
        HAVING sum(p.seizures) <> 0 AND (p.kind = 'seizure' OR GROUPING(p.month, p.country, p.unit_id) = 7)
        ORDER BY 1, 2, CASE WHEN GROUPING(p.month, p.country, p.unit_id) = 3 THEN NULL ELSE sum(p.seizures) END DESC, p.country, p.key1, p.key2, p.month`,
  );
  return found.map(({ g, ...r }) => ({ ...r, by: GROUPING_BY[g]! }));
}
