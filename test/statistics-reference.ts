/**
 * The statistics' seizure figures computed the straightforward way — one query per table, straight over
 * `seizures` (+ `seizure_items`) with the aggregate rule aggregatedSeizuresWhere, as the service did before the
 * maintained aggregates (docs/decisions/0010-maintained-seizure-statistics.md). The tests and the benchmark
 * compare the service's figures with these.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../server/db/client.ts';
import type { Actor } from '../server/auth/actor.ts';
import { aggregatedSeizuresWhere } from '../server/policies/seizure.policy.ts';
import { BASE_QUANTITY_SQL, BASE_UNIT_SQL } from '../server/engine/results/taxonomy.ts';
import type { CommodityRow, CountryRow, DetectionRow, StatsFilters } from '../server/services/results/statistics.service.ts';

export interface ReferenceFigures {
  seizures: number;
  onSharedInformation: number;
  countries: number;
  /** Months with seizures only (the service fills the empty months of the period). */
  monthly: { month: string; seizures: number; onSharedInformation: number }[];
  byCountry: CountryRow[];
  byCommodity: CommodityRow[];
  byDetection: DetectionRow[];
  routes: { origin: string; destination: string; seizures: number; onSharedInformation: number }[];
  /** Seizures per unit code, units with seizures only. */
  units: Record<string, number>;
}

function seizureSet(actor: Actor, f: StatsFilters): SQL {
  const parts: SQL[] = [aggregatedSeizuresWhere(actor, 's')];
  if (f.from) parts.push(sql`s.seizure_date >= ${f.from}`);
  if (f.to) parts.push(sql`s.seizure_date <= ${f.to}`);
  if (f.country) parts.push(sql`s.country = ${f.country}`);
  if (f.commodity) parts.push(sql`EXISTS (SELECT 1 FROM seizure_items ci WHERE ci.seizure_id = s.id AND ci.commodity = ${f.commodity})`);
  return sql.join(parts, sql` AND `);
}

export async function referenceFigures(db: DbOrTx, actor: Actor, f: StatsFilters): Promise<ReferenceFigures> {
  const where = seizureSet(actor, f);
  const [k] = await rows<{ seizures: number; shared: number; countries: number }>(
    db,
    sql`SELECT count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS shared, count(DISTINCT s.country)::int AS countries
        FROM seizures s WHERE ${where}`,
  );
  const monthly = await rows<ReferenceFigures['monthly'][number]>(
    db,
    sql`SELECT left(s.seizure_date, 7) AS month, count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
        FROM seizures s WHERE ${where} GROUP BY 1 ORDER BY 1`,
  );
  const byCountry = await rows<CountryRow>(
    db,
    sql`SELECT s.country, count(*)::int AS seizures, (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
        FROM seizures s WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const byCommodity = await rows<CommodityRow>(
    db,
    sql`SELECT i.commodity, ${sql.raw(BASE_UNIT_SQL)} AS unit, count(DISTINCT s.id)::int AS seizures, round(sum(${sql.raw(BASE_QUANTITY_SQL)})::numeric, 3)::float8 AS quantity
        FROM seizures s JOIN seizure_items i ON i.seizure_id = s.id
        WHERE ${where} ${f.commodity ? sql`AND i.commodity = ${f.commodity}` : sql``}
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
  );
  const byDetection = await rows<DetectionRow>(
    db,
    sql`SELECT COALESCE(s.detection_method, 'unknown') AS "detectionMethod", count(*)::int AS seizures
        FROM seizures s WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const routes = await rows<ReferenceFigures['routes'][number]>(
    db,
    sql`SELECT left(s.route_origin, 2) AS origin, left(s.route_destination, 2) AS destination, count(*)::int AS seizures,
               (count(*) FILTER (WHERE s.on_shared_information))::int AS "onSharedInformation"
        FROM seizures s WHERE ${where} AND s.route_origin IS NOT NULL AND s.route_destination IS NOT NULL
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
  );
  const units = await rows<{ code: string; n: number }>(db, sql`SELECT u.code, count(*)::int AS n FROM seizures s JOIN units u ON u.id = s.unit_id WHERE ${where} GROUP BY 1`);
  return {
    seizures: k!.seizures,
    onSharedInformation: k!.shared,
    countries: k!.countries,
    monthly,
    byCountry,
    byCommodity,
    byDetection,
    routes,
    units: Object.fromEntries(units.map((u) => [u.code, u.n])),
  };
}

/** The same shape taken from the service's dashboard, for comparison (unit points of active, located units). */
export function figuresOfDashboard(d: {
  kpis: { seizures: number; onSharedInformation: number; countries: number };
  monthly: { month: string; seizures: number; onSharedInformation: number }[];
  byCountry: CountryRow[];
  byCommodity: CommodityRow[];
  byDetection: DetectionRow[];
  routes: { origin: string; destination: string; seizures: number; onSharedInformation: number }[];
  points: { unitCode: string; seizures: number }[];
}): ReferenceFigures {
  return {
    seizures: d.kpis.seizures,
    onSharedInformation: d.kpis.onSharedInformation,
    countries: d.kpis.countries,
    monthly: d.monthly.filter((m) => m.seizures > 0),
    byCountry: d.byCountry,
    byCommodity: d.byCommodity,
    byDetection: d.byDetection,
    routes: d.routes.map(({ origin, destination, seizures, onSharedInformation }) => ({ origin, destination, seizures, onSharedInformation })),
    units: Object.fromEntries(d.points.filter((p) => p.seizures > 0).map((p) => [p.unitCode, p.seizures])),
  };
}
