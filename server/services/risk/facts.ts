/**
 * Builds the rule engine's facts for stored consignments: fields, route countries, party history (first seen in
 * this country's data), data quality, and indicators. One query per table for a whole batch of consignments.
 */
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db/client.ts';
import type { ConsignmentFacts } from '../../engine/rules/index.ts';
import { extremeZ, goodsHistory } from './goods-history.ts';

interface ConsignmentRow {
  id: string;
  unit_id: string;
  country: string;
  mode: string;
  document_type: string;
  document_number: string;
  carrier_code: string | null;
  carrier_name: string | null;
  vessel_name: string | null;
  imo_number: string | null;
  place_of_loading: string | null;
  place_of_discharge: string | null;
  transshipments: string[];
  country_of_origin: string | null;
  country_of_destination: string | null;
  estimated_arrival_date: string | null;
  quality_score: number;
  quality_flags: { code: string }[];
  created_at: string;
}

interface PartyRow {
  consignment_id: string;
  role: string;
  name: string;
  name_key: string;
  address: string | null;
  country: string | null;
  first_seen_days: number;
  pair_first_seen_days: number | null;
}

export interface FactsBundle {
  facts: ConsignmentFacts;
  unitId: string;
  country: string;
}

const idsJson = (ids: string[]) => JSON.stringify(ids);

export async function buildFacts(db: DbOrTx, ids: string[]): Promise<Map<string, FactsBundle>> {
  const out = new Map<string, FactsBundle>();
  if (ids.length === 0) return out;
  const list = idsJson(ids);
  const cons = await rows<ConsignmentRow>(db, sql`
    SELECT id, unit_id, country, mode, document_type, document_number, carrier_code, carrier_name, vessel_name, imo_number,
      place_of_loading, place_of_discharge, transshipments, country_of_origin, country_of_destination,
      estimated_arrival_date, quality_score, quality_flags, created_at::text
    FROM consignments WHERE id IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`);
  const goods = await rows<{ consignment_id: string; seq: number; hs_code: string | null; description: string | null; gross_mass_kg: number | null; net_mass_kg: number | null; value: number | null; package_count: number | null }>(
    db,
    sql`SELECT consignment_id, seq, hs_code, description, gross_mass_kg, net_mass_kg, value, package_count
        FROM goods_items WHERE consignment_id IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid) ORDER BY consignment_id, seq`,
  );
  const equip = await rows<{ consignment_id: string; container_number: string }>(
    db,
    sql`SELECT consignment_id, container_number FROM equipment WHERE consignment_id IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`,
  );
  // First sighting of each party (same country, same folded name, same role) and of the shipper–consignee pair.
  const parties = await rows<PartyRow>(
    db,
    sql`
    SELECT p.consignment_id, p.role, p.name, p.name_key, p.address, p.country,
      floor(extract(epoch FROM (c.created_at - (
        SELECT min(c2.created_at) FROM consignment_parties p2 JOIN consignments c2 ON c2.id = p2.consignment_id
        WHERE c2.country = c.country AND p2.role = p.role AND p2.name_key = p.name_key))) / 86400)::int AS first_seen_days,
      CASE WHEN p.role = 'consignee' THEN floor(extract(epoch FROM (c.created_at - (
        SELECT min(c3.created_at) FROM consignments c3
        JOIN consignment_parties a ON a.consignment_id = c3.id AND a.role = 'consignor'
        JOIN consignment_parties b ON b.consignment_id = c3.id AND b.role = 'consignee'
        WHERE c3.country = c.country AND b.name_key = p.name_key
          AND a.name_key = (SELECT s.name_key FROM consignment_parties s WHERE s.consignment_id = c.id AND s.role = 'consignor' LIMIT 1)))) / 86400)::int END AS pair_first_seen_days
    FROM consignment_parties p JOIN consignments c ON c.id = p.consignment_id
    WHERE p.consignment_id IN (SELECT jsonb_array_elements_text(${list}::jsonb)::uuid)`,
  );
  // Value per kg and mass per package against the HS heading's history in the country (one statement per batch).
  const history = await goodsHistory(db, ids);
  const goodsBy = group(goods, (g) => g.consignment_id);
  const equipBy = group(equip, (e) => e.consignment_id);
  const partiesBy = group(parties, (p) => p.consignment_id);
  for (const c of cons) {
    const gs = goodsBy.get(c.id) ?? [];
    const ps = partiesBy.get(c.id) ?? [];
    const party = (role: string) => {
      const p = ps.find((x) => x.role === role);
      return p ? { name: p.name, address: p.address ?? undefined, country: p.country ?? undefined, firstSeenDays: p.first_seen_days } : undefined;
    };
    const shipper = party('consignor');
    const consignee = party('consignee');
    const pairDays = ps.find((x) => x.role === 'consignee')?.pair_first_seen_days ?? undefined;
    const flags = (c.quality_flags ?? []).map((f) => f.code);
    const places = [c.place_of_loading, ...c.transshipments, c.place_of_discharge].filter((x): x is string => Boolean(x));
    const compared = history.get(c.id);
    const comparisons = gs.map((g) => compared?.get(g.seq) ?? {});
    out.set(c.id, {
      unitId: c.unit_id,
      country: c.country,
      facts: {
        id: c.id,
        mode: c.mode,
        document: { type: c.document_type, number: c.document_number },
        arrival: c.estimated_arrival_date ? { date: c.estimated_arrival_date } : undefined,
        carrier: { code: c.carrier_code ?? undefined, name: c.carrier_name ?? undefined },
        vessel: { imo: c.imo_number ?? undefined, name: c.vessel_name ?? undefined },
        route: {
          loading: c.place_of_loading ?? undefined,
          discharge: c.place_of_discharge ?? undefined,
          transshipment: c.transshipments,
          places,
          countries: [...new Set(places.filter((p) => p.length === 5).map((p) => p.slice(0, 2)))],
        },
        origin: { country: c.country_of_origin ?? undefined },
        destination: { country: c.country_of_destination ?? undefined },
        goods: gs.map((g, i) => ({
          hs: g.hs_code ?? undefined,
          description: g.description ?? undefined,
          grossMassKg: g.gross_mass_kg ?? undefined,
          netMassKg: g.net_mass_kg ?? undefined,
          value: g.value ?? undefined,
          packages: g.package_count ?? undefined,
          ...comparisons[i],
        })),
        container: { count: (equipBy.get(c.id) ?? []).length, numbers: (equipBy.get(c.id) ?? []).map((e) => e.container_number) },
        shipper,
        consignee,
        notify: party('notifyParty'),
        pair: pairDays !== undefined ? { firstSeenDays: pairDays } : undefined,
        indicators: {
          newShipper: shipper ? shipper.firstSeenDays < 1 : undefined,
          newConsignee: consignee ? consignee.firstSeenDays < 1 : undefined,
          newPair: pairDays !== undefined ? pairDays < 1 : undefined,
          vagueDescription: flags.includes('VAGUE_DESCRIPTION'),
          valuePerKgZ: extremeZ(comparisons.map((x) => x.valuePerKgZ)),
          weightPerPackageZ: extremeZ(comparisons.map((x) => x.massPerPackageZ)),
        },
        dataQuality: { score: c.quality_score, flags },
      },
    });
  }
  return out;
}

function group<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const arr = m.get(k);
    if (arr) arr.push(x);
    else m.set(k, [x]);
  }
  return m;
}
