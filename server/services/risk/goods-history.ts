/**
 * Value per kg and gross mass per package of each goods item, compared with the history of the same HS heading
 * in the same country — the undervaluation and concealment indicators of the rules (`goods.valuePerKgRatio`,
 * `goods.massPerPackageRatio`, `indicators.valuePerKgZ`…, docs/rules.md "Goods history").
 *
 * One SQL statement per batch of consignments (not one per consignment): the batch's distinct
 * (country, heading, currency) and (country, heading, package type) keys are looked up once each in the goods of
 * that country's current consignments stored in the last HISTORY_DAYS days, giving the median and the median
 * absolute deviation of log(value per kg) and log(kg per package). Values are compared within one currency
 * (no exchange rates are assumed) and masses per package within one package type (a pallet is not a carton).
 *
 * Example: a heading 8517 item declared at 2 USD/kg where Kazakhstan's last year of 8517 in USD has a median of
 * 40 USD/kg → valuePerKgRatio 0.05, valuePerKgOutlier true.
 */
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';

/** Look-back window of the history. */
export const HISTORY_DAYS = 365;
/** Fewer goods items than this in the history: no comparison (the facts stay missing). */
export const MIN_HISTORY = 5;
/** Ratio to the median beyond which an item is an outlier (below 1/5 or above 5×)… */
export const OUTLIER_RATIO = 5;
/** …or robust z-score (0.6745 · deviation of the log / MAD of the logs) beyond this. */
export const OUTLIER_Z = 3.5;

export interface GoodsComparison {
  valuePerKg?: number;
  valuePerKgMedian?: number;
  valuePerKgRatio?: number;
  valuePerKgZ?: number;
  valuePerKgOutlier?: boolean;
  massPerPackage?: number;
  massPerPackageMedian?: number;
  massPerPackageRatio?: number;
  massPerPackageZ?: number;
  massPerPackageOutlier?: boolean;
  /** Goods items in the history the value per kg was compared with. */
  historyCount?: number;
}

interface Row {
  consignment_id: string;
  seq: number;
  vpk: number | null;
  vpk_median: number | null;
  vpk_z: number | null;
  vpk_n: number | null;
  mpp: number | null;
  mpp_median: number | null;
  mpp_z: number | null;
  mpp_n: number | null;
}

/** Comparison of each goods item of these consignments, by consignment id then goods item seq. */
export async function goodsHistory(db: DbOrTx, ids: string[], options: { days?: number; minHistory?: number } = {}): Promise<Map<string, Map<number, GoodsComparison>>> {
  const out = new Map<string, Map<number, GoodsComparison>>();
  if (ids.length === 0) return out;
  const days = options.days ?? HISTORY_DAYS;
  const minHistory = options.minHistory ?? MIN_HISTORY;
  const result = await rows<Row>(
    db,
    sql`
    WITH batch AS (
      SELECT g.consignment_id, g.seq, c.country, left(g.hs_code, 4) AS heading, lpad((left(g.hs_code, 4)::int + 1)::text, 4, '0') AS next_heading,
        coalesce(g.currency, '') AS currency, coalesce(g.package_type, '') AS package_type,
        CASE WHEN g.value > 0 AND g.gross_mass_kg > 0 THEN g.value / g.gross_mass_kg END AS vpk,
        CASE WHEN g.gross_mass_kg > 0 AND g.package_count > 0 THEN g.gross_mass_kg / g.package_count END AS mpp
      FROM goods_items g JOIN consignments c ON c.id = g.consignment_id
      WHERE g.consignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)
        AND g.hs_code ~ '^[0-9]{4}'
    ),
    keys AS (SELECT DISTINCT country, heading, next_heading FROM batch WHERE vpk IS NOT NULL OR mpp IS NOT NULL),
    hist AS (
      SELECT k.country, k.heading, coalesce(h.currency, '') AS currency, coalesce(h.package_type, '') AS package_type,
        CASE WHEN h.value > 0 AND h.gross_mass_kg > 0 THEN ln(h.value / h.gross_mass_kg) END AS lvpk,
        CASE WHEN h.gross_mass_kg > 0 AND h.package_count > 0 THEN ln(h.gross_mass_kg / h.package_count) END AS lmpp
      FROM keys k
      JOIN goods_items h ON h.hs_code >= k.heading AND h.hs_code < k.next_heading
      JOIN consignments hc ON hc.id = h.consignment_id AND hc.country = k.country AND hc.is_current
        AND hc.created_at >= now() - make_interval(days => ${days})
    ),
    vpk_med AS (
      SELECT country, heading, currency, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY lvpk) AS med
      FROM hist WHERE lvpk IS NOT NULL GROUP BY country, heading, currency
    ),
    vpk_mad AS (
      SELECT m.country, m.heading, m.currency, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(h.lvpk - m.med)) AS mad
      FROM vpk_med m JOIN hist h ON h.country = m.country AND h.heading = m.heading AND h.currency = m.currency AND h.lvpk IS NOT NULL
      GROUP BY m.country, m.heading, m.currency
    ),
    mpp_med AS (
      SELECT country, heading, package_type, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY lmpp) AS med
      FROM hist WHERE lmpp IS NOT NULL GROUP BY country, heading, package_type
    ),
    mpp_mad AS (
      SELECT m.country, m.heading, m.package_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(h.lmpp - m.med)) AS mad
      FROM mpp_med m JOIN hist h ON h.country = m.country AND h.heading = m.heading AND h.package_type = m.package_type AND h.lmpp IS NOT NULL
      GROUP BY m.country, m.heading, m.package_type
    )
    SELECT b.consignment_id, b.seq, b.vpk,
      CASE WHEN vm.n >= ${minHistory} THEN exp(vm.med) END AS vpk_median,
      CASE WHEN vm.n >= ${minHistory} AND va.mad > 0 THEN 0.6745 * (ln(b.vpk) - vm.med) / va.mad END AS vpk_z,
      vm.n AS vpk_n,
      b.mpp,
      CASE WHEN mm.n >= ${minHistory} THEN exp(mm.med) END AS mpp_median,
      CASE WHEN mm.n >= ${minHistory} AND ma.mad > 0 THEN 0.6745 * (ln(b.mpp) - mm.med) / ma.mad END AS mpp_z,
      mm.n AS mpp_n
    FROM batch b
    LEFT JOIN vpk_med vm ON b.vpk IS NOT NULL AND vm.country = b.country AND vm.heading = b.heading AND vm.currency = b.currency
    LEFT JOIN vpk_mad va ON va.country = vm.country AND va.heading = vm.heading AND va.currency = vm.currency
    LEFT JOIN mpp_med mm ON b.mpp IS NOT NULL AND mm.country = b.country AND mm.heading = b.heading AND mm.package_type = b.package_type
    LEFT JOIN mpp_mad ma ON ma.country = mm.country AND ma.heading = mm.heading AND ma.package_type = mm.package_type`,
  );
  const round = (x: number) => Math.round(x * 10000) / 10000;
  for (const r of result) {
    const c: GoodsComparison = {};
    if (r.vpk !== null) c.valuePerKg = round(Number(r.vpk));
    if (r.vpk !== null && r.vpk_median !== null) {
      const ratio = Number(r.vpk) / Number(r.vpk_median);
      c.valuePerKgMedian = round(Number(r.vpk_median));
      c.valuePerKgRatio = round(ratio);
      if (r.vpk_z !== null) c.valuePerKgZ = round(Number(r.vpk_z));
      c.valuePerKgOutlier = ratio < 1 / OUTLIER_RATIO || ratio > OUTLIER_RATIO || Math.abs(c.valuePerKgZ ?? 0) > OUTLIER_Z;
      c.historyCount = Number(r.vpk_n);
    }
    if (r.mpp !== null) c.massPerPackage = round(Number(r.mpp));
    if (r.mpp !== null && r.mpp_median !== null) {
      const ratio = Number(r.mpp) / Number(r.mpp_median);
      c.massPerPackageMedian = round(Number(r.mpp_median));
      c.massPerPackageRatio = round(ratio);
      if (r.mpp_z !== null) c.massPerPackageZ = round(Number(r.mpp_z));
      c.massPerPackageOutlier = ratio < 1 / OUTLIER_RATIO || ratio > OUTLIER_RATIO || Math.abs(c.massPerPackageZ ?? 0) > OUTLIER_Z;
    }
    let byItem = out.get(r.consignment_id);
    if (!byItem) out.set(r.consignment_id, (byItem = new Map()));
    byItem.set(Number(r.seq), c);
  }
  return out;
}

/** The item furthest from its history (largest |z|, sign kept): the consignment-level indicator. */
export function extremeZ(values: (number | undefined)[]): number | undefined {
  let best: number | undefined;
  for (const v of values) if (v !== undefined && (best === undefined || Math.abs(v) > Math.abs(best))) best = v;
  return best;
}
