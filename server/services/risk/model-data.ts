/**
 * Reads consignments as rows of the `iren` model data format (server/engine/model/formats/iren-records.ts):
 * training rows are inspected consignments (label = an irregularity or seizure found), scoring rows any
 * consignments by id. One query either way; the same SQL builds both, so training and scoring see the
 * same fields.
 *
 *   const records = await loadTrainingRecords(db, { country: 'GE' });
 *   const toScore = await loadScoringRows(db, ids);
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import { irenRecordsFromRows, type IrenRecords, type IrenRow } from '../../engine/model/formats/iren-records.ts';

interface RawRow {
  id: string;
  country: string;
  unit_id: string;
  mode: string;
  carrier: string | null;
  day: string;
  place_of_loading: string | null;
  place_of_discharge: string | null;
  transshipments: string[];
  country_of_origin: string | null;
  quality_score: number;
  shipper: string | null;
  consignee: string | null;
  hs: string | null;
  value: number | null;
  net_mass: number | null;
  gross_mass: number | null;
  packages: number | null;
  goods_items: number;
  containers: number;
  inspected: boolean;
  label: number;
  seizure: number;
  control: boolean;
}

function query(where: SQL): SQL {
  return sql`
    SELECT c.id, c.country, c.unit_id, c.mode, coalesce(c.carrier_code, c.carrier_name) AS carrier,
      coalesce(c.arrival_day, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS day,
      c.place_of_loading, c.place_of_discharge, c.transshipments, c.country_of_origin, c.quality_score,
      (SELECT p.name_key FROM consignment_parties p WHERE p.consignment_id = c.id AND p.role = 'consignor' LIMIT 1) AS shipper,
      (SELECT p.name_key FROM consignment_parties p WHERE p.consignment_id = c.id AND p.role = 'consignee' LIMIT 1) AS consignee,
      (SELECT g.hs_code FROM goods_items g WHERE g.consignment_id = c.id AND g.hs_code IS NOT NULL
        ORDER BY g.value DESC NULLS LAST, g.seq LIMIT 1) AS hs,
      (SELECT sum(g.value) FROM goods_items g WHERE g.consignment_id = c.id) AS value,
      (SELECT sum(g.net_mass_kg) FROM goods_items g WHERE g.consignment_id = c.id) AS net_mass,
      (SELECT sum(g.gross_mass_kg) FROM goods_items g WHERE g.consignment_id = c.id) AS gross_mass,
      (SELECT sum(g.package_count)::float8 FROM goods_items g WHERE g.consignment_id = c.id) AS packages,
      (SELECT count(*)::int FROM goods_items g WHERE g.consignment_id = c.id) AS goods_items,
      (SELECT count(*)::int FROM equipment e WHERE e.consignment_id = c.id) AS containers,
      EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = c.id) AS inspected,
      coalesce((SELECT max(CASE WHEN i.outcome IN ('irregularity', 'seizure') THEN 1 ELSE 0 END) FROM inspections i WHERE i.consignment_id = c.id), 0) AS label,
      coalesce((SELECT max(CASE WHEN i.outcome = 'seizure' THEN 1 ELSE 0 END) FROM inspections i WHERE i.consignment_id = c.id), 0) AS seizure,
      coalesce((SELECT d.random FROM targeting_decisions d WHERE d.consignment_id = c.id), false) AS control
    FROM consignments c
    WHERE ${where}`;
}

const num = (v: number | string | null): number => (v === null ? Number.NaN : Number(v));

function toRow(r: RawRow): IrenRow {
  const hs = (r.hs ?? '').replace(/\D/g, '');
  const loading = r.place_of_loading ?? '';
  return {
    id: r.id,
    day: r.day,
    text: {
      country: r.country,
      unit: r.unit_id,
      mode: r.mode,
      carrier: r.carrier ?? '',
      hs2: hs.length >= 2 ? hs.slice(0, 2) : '',
      hs4: hs.length >= 4 ? hs.slice(0, 4) : '',
      loading,
      loadingCountry: loading.length === 5 ? loading.slice(0, 2) : '',
      discharge: r.place_of_discharge ?? '',
      transshipment: r.transshipments[0] ?? '',
      origin: r.country_of_origin ?? '',
      shipper: r.shipper ?? '',
      consignee: r.consignee ?? '',
    },
    numbers: {
      value: num(r.value),
      netMassKg: num(r.net_mass),
      grossMassKg: num(r.gross_mass),
      packages: num(r.packages),
      qualityScore: r.quality_score,
      goodsItems: r.goods_items,
      containers: r.containers,
      transshipments: r.transshipments.length,
    },
    label: r.inspected ? (r.label > 0 ? 1 : 0) : null,
    seizure: r.seizure > 0 ? 1 : 0,
    control: r.control ? 1 : 0,
  };
}

export interface TrainingScope {
  /** null = the whole network. */
  country: string | null;
  /** Arrival days from / to (inclusive), YYYY-MM-DD. */
  from?: string;
  to?: string;
}

/** Inspected consignments (any version: the one that was inspected), with their results as labels. */
export async function loadTrainingRecords(db: DbOrTx, scope: TrainingScope): Promise<IrenRecords> {
  const day = sql`coalesce(c.arrival_day, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'))`;
  const raw = await rows<RawRow>(
    db,
    query(sql`EXISTS (SELECT 1 FROM inspections i WHERE i.consignment_id = c.id)
      ${scope.country ? sql`AND c.country = ${scope.country}` : sql``}
      ${scope.from ? sql`AND ${day} >= ${scope.from}` : sql``}
      ${scope.to ? sql`AND ${day} <= ${scope.to}` : sql``}`),
  );
  return irenRecordsFromRows(raw.map(toRow), true);
}

/** Any consignments by id, for scoring (labels are not read). */
export async function loadScoringRecords(db: DbOrTx, ids: string[]): Promise<IrenRecords> {
  if (ids.length === 0) return irenRecordsFromRows([], false);
  const raw = await rows<RawRow>(db, query(sql`c.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`));
  return irenRecordsFromRows(raw.map(toRow), false);
}
