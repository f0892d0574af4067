/**
 * Network statistics: KPIs, seizures by month, country, commodity and detection method, routes (origin →
 * destination country pairs, for map arcs) and units as points. Aggregates only: no record ids, no names, no
 * free text. Which seizures count is decided by aggregatedSeizuresWhere (docs/decisions/0007-statistics-
 * aggregates.md); warnings count by the same rule. Seizure figures come from maintained monthly aggregates plus
 * the edge days from the records (statistics-figures.ts, docs/decisions/0010-maintained-seizure-statistics.md).
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { visibleWarningsWhere } from '../../policies/warning.policy.ts';
import { seesNoContents } from '../../policies/sharing.policy.ts';
import { seizureFigures, type FigureRow, type SeizureFilters } from './statistics-figures.ts';

export type StatsFilters = SeizureFilters;

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

/** Timestamps within the period's days (inclusive), for warnings and inspections. */
function period(column: SQL, f: StatsFilters): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.from) parts.push(sql`${column} >= ${f.from}::date`);
  if (f.to) parts.push(sql`${column} < (${f.to}::date + 1)`);
  return sql.join(parts, sql` AND `);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/**
 * Runs the figures in one read transaction. JIT is off: these statements are short (aggregates and a few days of
 * records), but the planner's cost for the visibility predicate's sub-selects can pass jit_above_cost, and
 * compiling then takes longer than the query (measured: 1.6 s of a 3.7 s statement).
 */
async function reading<T>(db: DbOrTx, run: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL jit = off`);
    return run(tx);
  });
}

function seizureKpis(figures: FigureRow[]): Pick<Kpis, 'seizures' | 'onSharedInformation' | 'sharedShare' | 'countries'> {
  const total = figures.find((r) => r.kind === 'seizure' && r.by === 'key');
  const seizures = total?.seizures ?? 0;
  const shared = total?.shared ?? 0;
  return { seizures, onSharedInformation: shared, sharedShare: ratio(shared, seizures), countries: figures.filter((r) => r.kind === 'seizure' && r.by === 'country').length };
}

async function otherKpis(db: DbOrTx, actor: Actor, f: StatsFilters) {
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

function monthlyOf(figures: FigureRow[], f: StatsFilters): MonthRow[] {
  const found = figures.filter((r) => r.kind === 'seizure' && r.by === 'month').map((r) => ({ month: r.month!, seizures: r.seizures, onSharedInformation: r.shared }));
  // Months without seizures are shown as 0 across the period (or between the first and last seizure).
  const first = f.from?.slice(0, 7) ?? found[0]?.month;
  const last = f.to?.slice(0, 7) ?? found.at(-1)?.month;
  if (!first || !last || first > last) return found;
  const byMonth = new Map(found.map((r) => [r.month, r]));
  return monthsBetween(first, last).map((month) => byMonth.get(month) ?? { month, seizures: 0, onSharedInformation: 0 });
}

const byCountryOf = (figures: FigureRow[]): CountryRow[] =>
  figures.filter((r) => r.kind === 'seizure' && r.by === 'country').map((r) => ({ country: r.country!, seizures: r.seizures, onSharedInformation: r.shared }));

const byCommodityOf = (figures: FigureRow[]): CommodityRow[] =>
  figures.filter((r) => r.kind === 'commodity' && r.by === 'key').map((r) => ({ commodity: r.key1!, unit: r.key2!, seizures: r.seizures, quantity: r.quantity! }));

const byDetectionOf = (figures: FigureRow[]): DetectionRow[] =>
  figures.filter((r) => r.kind === 'detection' && r.by === 'key').map((r) => ({ detectionMethod: r.key1!, seizures: r.seizures }));

async function routesOf(db: DbOrTx, figures: FigureRow[]): Promise<RouteRow[]> {
  const pairs = figures.filter((r) => r.kind === 'route' && r.by === 'key');
  if (!pairs.length) return [];
  // A country is drawn at the mean position of its located places (UN/LOCODE) — enough for arcs on a world map.
  const countries = [...new Set(pairs.flatMap((p) => [p.key1!, p.key2!]))];
  const anchors = await rows<{ country: string; lat: number; lon: number }>(
    db,
    sql`SELECT l.country, round(avg(l.lat)::numeric, 2)::float8 AS lat, round(avg(l.lon)::numeric, 2)::float8 AS lon FROM locations l
        WHERE l.lat IS NOT NULL AND l.country IN (${sql.join(countries.map((c) => sql`${c}`), sql`, `)}) GROUP BY 1`,
  );
  const at = new Map(anchors.map((a) => [a.country, a]));
  return pairs.map((p) => ({
    origin: p.key1!,
    destination: p.key2!,
    seizures: p.seizures,
    onSharedInformation: p.shared,
    originLat: at.get(p.key1!)?.lat ?? null,
    originLon: at.get(p.key1!)?.lon ?? null,
    destinationLat: at.get(p.key2!)?.lat ?? null,
    destinationLon: at.get(p.key2!)?.lon ?? null,
  }));
}

async function pointsOf(db: DbOrTx, figures: FigureRow[], f: StatsFilters): Promise<PointRow[]> {
  const counts = new Map(figures.filter((r) => r.kind === 'seizure' && r.by === 'unit').map((r) => [r.unitId, r.seizures]));
  const units = await rows<Omit<PointRow, 'seizures'> & { id: string }>(
    db,
    sql`SELECT u.id, u.code AS "unitCode", u.name AS "unitName", u.country, u.locode, u.kind::text AS kind, l.lat, l.lon
        FROM units u JOIN locations l ON l.unlocode = u.locode
        WHERE u.active ${f.country ? sql`AND u.country = ${f.country}` : sql``}
        ORDER BY u.country, u.code`,
  );
  return units.map(({ id, ...u }) => ({ ...u, seizures: counts.get(id) ?? 0 }));
}

export async function kpis(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<Kpis> {
  return reading(db, async (tx) => ({ ...seizureKpis(await seizureFigures(tx, actor, f)), ...(await otherKpis(tx, actor, f)) }));
}

export async function monthly(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<MonthRow[]> {
  return reading(db, async (tx) => monthlyOf(await seizureFigures(tx, actor, f), f));
}

export async function byCountry(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<CountryRow[]> {
  return reading(db, async (tx) => byCountryOf(await seizureFigures(tx, actor, f)));
}

export async function byCommodity(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<CommodityRow[]> {
  return reading(db, async (tx) => byCommodityOf(await seizureFigures(tx, actor, f)));
}

export async function byDetection(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<DetectionRow[]> {
  return reading(db, async (tx) => byDetectionOf(await seizureFigures(tx, actor, f)));
}

export async function routes(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<RouteRow[]> {
  return reading(db, async (tx) => routesOf(tx, await seizureFigures(tx, actor, f)));
}

export async function points(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<PointRow[]> {
  return reading(db, async (tx) => pointsOf(tx, await seizureFigures(tx, actor, f), f));
}

/** Every dashboard figure: one statement for the seizures, then warnings, inspections, route anchors and units. */
export async function dashboard(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<Dashboard> {
  return reading(db, async (tx) => {
    const figures = await seizureFigures(tx, actor, f);
    const k = { ...seizureKpis(figures), ...(await otherKpis(tx, actor, f)) };
    return {
      filters: f,
      kpis: k,
      monthly: monthlyOf(figures, f),
      byCountry: byCountryOf(figures),
      byCommodity: byCommodityOf(figures),
      byDetection: byDetectionOf(figures),
      routes: await routesOf(tx, figures),
      points: await pointsOf(tx, figures, f),
    };
  });
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
