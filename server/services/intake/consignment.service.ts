/** Finding and reading consignments, always within the actor's visibility (see consignment.policy.ts). */
import { and, asc, desc, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import { escapeLike as likeEscape, type Db } from '../../db/client.ts';
import { airports, consignmentParties, consignments, equipment, goodsItems, locations } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { visibleConsignmentsWhere } from '../../policies/consignment.policy.ts';
import { notFound } from '../../errors.ts';
import { searchKey } from './consignment-rows.ts';
import { normalizeContainerNumber } from '../../engine/validation/index.ts';

export interface ConsignmentFilter {
  container?: string;
  document?: string;
  party?: string;
  vessel?: string;
  hs?: string;
  place?: string;
  mode?: string;
  from?: string;
  to?: string;
  unitId?: string;
  includeSuperseded?: boolean;
}

export function filterWhere(actor: Actor, f: ConsignmentFilter): SQL {
  const parts: (SQL | undefined)[] = [visibleConsignmentsWhere(actor)];
  if (!f.includeSuperseded) parts.push(eq(consignments.isCurrent, true));
  if (f.container) {
    const n = normalizeContainerNumber(f.container);
    parts.push(sql`EXISTS (SELECT 1 FROM equipment e WHERE e.consignment_id = ${consignments.id} AND e.container_number LIKE ${`${likeEscape(n)}%`})`);
  }
  if (f.document) {
    const d = f.document.toUpperCase().replace(/[\s-]/g, '');
    parts.push(or(eq(consignments.documentNumber, d), eq(consignments.masterDocumentNumber, d), sql`${consignments.documentNumber} LIKE ${`${likeEscape(d)}%`}`));
  }
  if (f.party) {
    const k = searchKey(f.party);
    if (k) parts.push(sql`EXISTS (SELECT 1 FROM consignment_parties p WHERE p.consignment_id = ${consignments.id} AND p.name_key LIKE ${`%${likeEscape(k)}%`})`);
  }
  if (f.vessel) {
    const v = f.vessel.trim();
    const imo = v.replace(/^IMO\s*/i, '');
    parts.push(/^\d{7}$/.test(imo) ? eq(consignments.imoNumber, imo) : sql`lower(${consignments.vesselName}) LIKE ${`%${likeEscape(v.toLowerCase())}%`}`);
  }
  if (f.hs) {
    const hs = f.hs.replace(/\D/g, '');
    if (hs) parts.push(sql`EXISTS (SELECT 1 FROM goods_items g WHERE g.consignment_id = ${consignments.id} AND g.hs_code LIKE ${`${hs}%`})`);
  }
  if (f.place) {
    const p = f.place.toUpperCase().replace(/\s/g, '');
    parts.push(
      or(
        eq(consignments.placeOfLoading, p),
        eq(consignments.placeOfDischarge, p),
        eq(consignments.placeOfDelivery, p),
        sql`${p} = ANY(${consignments.transshipments})`,
      ),
    );
  }
  if (f.mode) parts.push(eq(consignments.mode, f.mode));
  if (f.unitId) parts.push(eq(consignments.unitId, f.unitId));
  if (f.from) parts.push(gte(consignments.arrivalDay, f.from));
  if (f.to) parts.push(lte(consignments.arrivalDay, f.to));
  return and(...parts.filter((p): p is SQL => p !== undefined))!;
}

export async function searchConsignments(db: Db, actor: Actor, f: ConsignmentFilter, page: { limit: number; offset: number }) {
  const where = filterWhere(actor, f);
  const rowsOut = await db
    .select({
      id: consignments.id,
      documentType: consignments.documentType,
      documentNumber: consignments.documentNumber,
      masterDocumentNumber: consignments.masterDocumentNumber,
      mode: consignments.mode,
      carrierName: consignments.carrierName,
      vesselName: consignments.vesselName,
      imoNumber: consignments.imoNumber,
      voyageNumber: consignments.voyageNumber,
      flightNumber: consignments.flightNumber,
      placeOfLoading: consignments.placeOfLoading,
      placeOfDischarge: consignments.placeOfDischarge,
      transshipments: consignments.transshipments,
      estimatedArrivalDate: consignments.estimatedArrivalDate,
      qualityScore: consignments.qualityScore,
      version: consignments.version,
      isCurrent: consignments.isCurrent,
      unitId: consignments.unitId,
      consignor: sql<string | null>`(SELECT name FROM consignment_parties p WHERE p.consignment_id = ${consignments.id} AND p.role = 'consignor' LIMIT 1)`,
      consignee: sql<string | null>`(SELECT name FROM consignment_parties p WHERE p.consignment_id = ${consignments.id} AND p.role = 'consignee' LIMIT 1)`,
      containerCount: sql<number>`(SELECT count(*)::int FROM equipment e WHERE e.consignment_id = ${consignments.id})`,
      goodsCount: sql<number>`(SELECT count(*)::int FROM goods_items g WHERE g.consignment_id = ${consignments.id})`,
    })
    .from(consignments)
    .where(where)
    .orderBy(desc(consignments.arrivalDay), desc(consignments.createdAt), asc(consignments.id))
    .limit(page.limit + 1)
    .offset(page.offset);
  // One row more than asked tells whether there is a next page without counting millions of rows.
  const hasMore = rowsOut.length > page.limit;
  return { rows: rowsOut.slice(0, page.limit), hasMore };
}

export async function getConsignment(db: Db, actor: Actor, id: string) {
  const [c] = await db.select().from(consignments).where(and(eq(consignments.id, id), visibleConsignmentsWhere(actor)));
  if (!c) throw notFound('Consignment');
  const [parties, goods, equip, versions] = await Promise.all([
    db.select().from(consignmentParties).where(eq(consignmentParties.consignmentId, id)),
    db.select().from(goodsItems).where(eq(goodsItems.consignmentId, id)).orderBy(asc(goodsItems.seq)),
    db.select().from(equipment).where(eq(equipment.consignmentId, id)),
    db
      .select({ id: consignments.id, version: consignments.version, isCurrent: consignments.isCurrent, createdAt: consignments.createdAt, importId: consignments.importId })
      .from(consignments)
      .where(and(eq(consignments.country, c.country), eq(consignments.documentKey, c.documentKey)))
      .orderBy(desc(consignments.version)),
  ]);
  const codes = [c.placeOfLoading, ...c.transshipments, c.placeOfDischarge, c.placeOfDelivery].filter((x): x is string => Boolean(x));
  const places = await resolvePlaces(db, codes);
  return { consignment: c, parties, goods, equipment: equip, versions, route: codes.map((code) => places.get(code) ?? { code, name: null, country: null, lat: null, lon: null }) };
}

export interface RoutePlace {
  code: string;
  name: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
}

/** UN/LOCODEs (5 characters) and IATA airports (3 letters) with names and coordinates for the route map. */
async function resolvePlaces(db: Db, codes: string[]): Promise<Map<string, RoutePlace>> {
  const out = new Map<string, RoutePlace>();
  const locodes = codes.filter((c) => c.length === 5);
  const iata = codes.filter((c) => c.length === 3);
  if (locodes.length) {
    const rowsOut = await db
      .select({ code: locations.unlocode, name: locations.name, country: locations.country, lat: locations.lat, lon: locations.lon })
      .from(locations)
      .where(sql`${locations.unlocode} IN (SELECT jsonb_array_elements_text(${JSON.stringify(locodes)}::jsonb))`);
    for (const r of rowsOut) out.set(r.code, r);
  }
  if (iata.length) {
    const rowsOut = await db
      .select({ code: airports.iata, name: airports.name, country: airports.country, lat: airports.lat, lon: airports.lon })
      .from(airports)
      .where(sql`${airports.iata} IN (SELECT jsonb_array_elements_text(${JSON.stringify(iata)}::jsonb))`);
    for (const r of rowsOut) out.set(r.code, r);
  }
  return out;
}
