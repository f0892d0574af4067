/**
 * Network statistics, computed in SQL on the fly: KPIs, seizures by month, country, commodity and detection
 * method, routes (origin → destination country pairs, for map arcs) and units as points. Aggregates only: no
 * record ids, no names, no free text. Which seizures count is decided by aggregatedSeizuresWhere
 * (docs/decisions/0007-statistics-aggregates.md); warnings count by the same rule.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { aggregatedSeizuresWhere } from '../../policies/seizure.policy.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { seesNoContents } from '../../policies/sharing.policy.ts';
import { BASE_QUANTITY_SQL, BASE_UNIT_SQL } from '../../engine/results/taxonomy.ts';

export interface StatsFilters {
  from?: string;
  to?: string;
  country?: string;
  commodity?: string;
}

export interface Kpis {
  seizures: number;
  onSharedInformation: number;
  /** Share of seizures made on a partner's warning (0–1; null without seizures). */
  sharedShare: number | null;
  countries: number;
  warningsSent: number;
  warningsAnswered: number;
  answerRate: number | null;
  inspections: number;
  inspectionHits: number;
  hitRate: number | null;
}

export interface MonthRow {
  month: string;
  seizures: number;
  onSharedInformation: number;
}
export interface CountryRow {
  country: string;
  seizures: number;
  onSharedInformation: number;
}
export interface CommodityRow {
  commodity: string;
  unit: string;
  seizures: number;
  quantity: number;
}
export interface DetectionRow {
  detectionMethod: string;
  seizures: number;
}
export interface RouteRow {
  origin: string;
  destination: string;
  seizures: number;
  onSharedInformation: number;
  originLat: number | null;
  originLon: number | null;
  destinationLat: number | null;
  destinationLon: number | null;
}
export interface PointRow {
  unitCode: string;
  unitName: string;
  country: string;
  locode: string;
  kind: string;
  lat: number | null;
  lon: number | null;
  seizures: number;
}

export interface Dashboard {
  filters: StatsFilters;
  kpis: Kpis;
  monthly: MonthRow[];
  byCountry: CountryRow[];
  byCommodity: CommodityRow[];
  byDetection: DetectionRow[];
  routes: RouteRow[];
  points: PointRow[];
}

/** The filtered set of seizures the viewer's aggregates include (alias `s`). */
function seizureSet(actor: Actor, f: StatsFilters): SQL {
  const parts: SQL[] = [aggregatedSeizuresWhere(actor, 's')];
  if (f.from) parts.push(sql`s.seizure_date >= ${f.from}`);
  if (f.to) parts.push(sql`s.seizure_date <= ${f.to}`);
  if (f.country) parts.push(sql`s.country = ${f.country}`);
  if (f.commodity) parts.push(sql`EXISTS (SELECT 1 FROM seizure_items ci WHERE ci.seizure_id = s.id AND ci.commodity = ${f.commodity})`);
  return sql.join(parts, sql` AND `);
}

/** Timestamps within the period's days (inclusive), for warnings and inspections. */
function period(column: SQL, f: StatsFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.from) parts.push(sql`${column} >= ${f.from}::date`);
  if (f.to) parts.push(sql`${column} < (${f.to}::date + 1)`);
  return sql.join(parts, sql` AND `);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export async function kpis(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<Kpis> {
  const [s] = await rows<{ seizures: number; shared: number; countries: number }>(
    db,
    sql`SELECT count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS shared, count(DISTINCT s.country)::int AS countries
        FROM seizures s WHERE ${seizureSet(actor, f)}`,
  );
  // Restricted warnings (RED, AMBER+STRICT) count only for those who may see them, as seizures do.
  const warningsCounted = seesNoContents(actor) ? sql`w.tlp NOT IN ('RED', 'AMBER+STRICT')` : sql`(w.tlp NOT IN ('RED', 'AMBER+STRICT') OR ${visibleWarningsWhere(actor, 'w')})`;
  const [w] = await rows<{ sent: number; answered: number }>(
    db,
    sql`SELECT count(*)::int AS sent, (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM warning_feedback fb WHERE fb.warning_id = w.id)))::int AS answered
        FROM warnings w
        WHERE w.state = 'sent' AND ${warningsCounted} AND ${period(sql`w.sent_at`, f)} ${f.country ? sql`AND w.sender_country = ${f.country}` : sql``}`,
  );
  const [i] = await rows<{ inspections: number; hits: number }>(
    db,
    sql`SELECT count(*)::int AS inspections, (count(*) FILTER (WHERE i.outcome IN ('irregularity', 'seizure')))::int AS hits
        FROM inspections i WHERE ${period(sql`i.inspected_at`, f)} ${f.country ? sql`AND i.country = ${f.country}` : sql``}`,
  );
  return {
    seizures: s!.seizures,
    onSharedInformation: s!.shared,
    sharedShare: ratio(s!.shared, s!.seizures),
    countries: s!.countries,
    warningsSent: w!.sent,
    warningsAnswered: w!.answered,
    answerRate: ratio(w!.answered, w!.sent),
    inspections: i!.inspections,
    inspectionHits: i!.hits,
    hitRate: ratio(i!.hits, i!.inspections),
  };
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export async function monthly(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<MonthRow[]> {
  const found = await rows<MonthRow>(
    db,
    sql`SELECT left(s.seizure_date, 7) AS month, count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
        FROM seizures s WHERE ${seizureSet(actor, f)} GROUP BY 1 ORDER BY 1`,
  );
  // Months without seizures are shown as 0 across the period (or between the first and last seizure).
  const first = f.from?.slice(0, 7) ?? found[0]?.month;
  const last = f.to?.slice(0, 7) ?? found.at(-1)?.month;
  if (!first || !last || first > last) return found;
  const byMonth = new Map(found.map((r) => [r.month, r]));
  return monthsBetween(first, last).map((month) => byMonth.get(month) ?? { month, seizures: 0, onSharedInformation: 0 });
}

export async function byCountry(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<CountryRow[]> {
  return rows<CountryRow>(
    db,
    sql`SELECT s.country, count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
        FROM seizures s WHERE ${seizureSet(actor, f)} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

export async function byCommodity(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<CommodityRow[]> {
  return rows<CommodityRow>(
    db,
    sql`SELECT i.commodity, ${sql.raw(BASE_UNIT_SQL)} AS unit, count(DISTINCT s.id)::int AS seizures, round(sum(${sql.raw(BASE_QUANTITY_SQL)})::numeric, 3)::float8 AS quantity
        FROM seizures s JOIN seizure_items i ON i.seizure_id = s.id
        WHERE ${seizureSet(actor, f)} ${f.commodity ? sql`AND i.commodity = ${f.commodity}` : sql``}
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
  );
}

export async function byDetection(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<DetectionRow[]> {
  return rows<DetectionRow>(
    db,
    sql`SELECT COALESCE(s.detection_method, 'unknown') AS "detectionMethod", count(*)::int AS seizures
        FROM seizures s WHERE ${seizureSet(actor, f)} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
}

export async function routes(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<RouteRow[]> {
  // A country is drawn at the mean position of its located places (UN/LOCODE) — enough for arcs on a world map.
  return rows<RouteRow>(
    db,
    sql`WITH pairs AS (
          SELECT left(s.route_origin, 2) AS origin, left(s.route_destination, 2) AS destination, count(*)::int AS seizures,
                 (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
          FROM seizures s WHERE ${seizureSet(actor, f)} AND s.route_origin IS NOT NULL AND s.route_destination IS NOT NULL
          GROUP BY 1, 2),
        anchors AS (
          SELECT l.country, round(avg(l.lat)::numeric, 2)::float8 AS lat, round(avg(l.lon)::numeric, 2)::float8 AS lon FROM locations l
          WHERE l.lat IS NOT NULL AND l.country IN (SELECT origin FROM pairs UNION SELECT destination FROM pairs) GROUP BY 1)
        SELECT p.origin, p.destination, p.seizures, p."onSharedInformation",
               o.lat AS "originLat", o.lon AS "originLon", d.lat AS "destinationLat", d.lon AS "destinationLon"
        FROM pairs p LEFT JOIN anchors o ON o.country = p.origin LEFT JOIN anchors d ON d.country = p.destination
        ORDER BY p.seizures DESC, p.origin, p.destination`,
  );
}

export async function points(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<PointRow[]> {
  return rows<PointRow>(
    db,
    sql`WITH counts AS (SELECT s.unit_id, count(*)::int AS n FROM seizures s WHERE ${seizureSet(actor, f)} GROUP BY 1)
        SELECT u.code AS "unitCode", u.name AS "unitName", u.country, u.locode, u.kind::text AS kind, l.lat, l.lon, COALESCE(c.n, 0)::int AS seizures
        FROM units u JOIN locations l ON l.unlocode = u.locode LEFT JOIN counts c ON c.unit_id = u.id
        WHERE u.active ${f.country ? sql`AND u.country = ${f.country}` : sql``}
        ORDER BY u.country, u.code`,
  );
}

export async function dashboard(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<Dashboard> {
  const [k, m, c, com, d, r, p] = await Promise.all([kpis(db, actor, f), monthly(db, actor, f), byCountry(db, actor, f), byCommodity(db, actor, f), byDetection(db, actor, f), routes(db, actor, f), points(db, actor, f)]);
  return { filters: f, kpis: k, monthly: m, byCountry: c, byCommodity: com, byDetection: d, routes: r, points: p };
}

export const STAT_TABLES = {
  kpis: async (db: DbOrTx, a: Actor, f: StatsFilters) => Object.entries(await kpis(db, a, f)).map(([kpi, value]) => ({ kpi, value })),
  monthly,
  'by-country': byCountry,
  'by-commodity': byCommodity,
  'by-detection': byDetection,
  routes,
  points,
} as const satisfies Record<string, (db: DbOrTx, a: Actor, f: StatsFilters) => Promise<object[]>>;
export type StatTable = keyof typeof STAT_TABLES;
