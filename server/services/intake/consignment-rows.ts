/** Canonical consignment → database rows (one JSON object per table row, for jsonb_to_recordset inserts). */
import crypto from 'node:crypto';
import type { Consignment } from '../../engine/intake/model.ts';
import type { Problem } from '../../engine/validation/index.ts';
import type { QualityReport } from '../../engine/validation/index.ts';
import { cleanNameAscii } from '../../engine/matching/index.ts';

/** Key of a transport document within a country: carrier + document number (amendments share it). */
export function documentKey(c: Consignment): string {
  return `${(c.carrier?.code ?? '').toUpperCase()}|${c.documentNumber.toUpperCase()}`;
}

/**
 * Hash of the content as received, without where it came from: the same document re-sent is "unchanged".
 * The parsers build every consignment with the same property order (normalizeConsignment), so plain
 * JSON.stringify is canonical here and 10× faster than a key-sorting serialiser.
 */
export function contentHash(c: Consignment): string {
  const { source: _source, ...content } = c;
  return crypto.createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/**
 * Lower-case Latin text for case-, diacritics- and script-insensitive search. After transliteration, spelling
 * variants of romanisation are folded (й → j/i/y, х → kh/h, ш → sh/sch, ж → zh/j…), so "Трейд", "treid" and
 * "trejd" meet. Stored keys and queries go through the same function.
 */
const keyCache = new Map<string, string>();

export function searchKey(text: string | undefined | null): string {
  if (!text) return '';
  // Party names and descriptions repeat a lot within a manifest; transliteration is the costly part.
  const hit = keyCache.get(text);
  if (hit !== undefined) return hit;
  const key = computeSearchKey(text);
  if (keyCache.size >= 100_000) keyCache.clear();
  keyCache.set(text, key);
  return key;
}

function computeSearchKey(text: string): string {
  const ascii = cleanNameAscii(text) ?? text.toLowerCase();
  return ascii
    .replace(/sch|sh/g, 's')
    .replace(/zh/g, 'z')
    .replace(/kh/g, 'h')
    .replace(/ch|tch|ts/g, 'c')
    .replace(/[jy]/g, 'i')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/([a-z])\1+/g, '$1');
}

export interface PreparedConsignment {
  id: string;
  key: string;
  hash: string;
  consignment: Consignment;
  quality: QualityReport;
  warnings: Problem[];
}

function arrivalDay(c: Consignment): string | null {
  const d = c.estimatedArrivalDate ?? c.departureDate;
  return d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : null;
}

export function consignmentRow(p: PreparedConsignment, owner: { country: string; unitId: string; importId: string | null }, version: number) {
  const c = p.consignment;
  const texts = [
    ...c.parties.map((x) => x.name),
    ...c.goodsItems.map((g) => g.description ?? ''),
    c.vesselName ?? '',
    c.carrier?.name ?? '',
  ];
  return {
    id: p.id,
    country: owner.country,
    unit_id: owner.unitId,
    import_id: owner.importId,
    document_key: p.key,
    document_type: c.documentType,
    document_number: c.documentNumber,
    master_document_number: c.masterDocumentNumber ?? null,
    mode: c.mode,
    carrier_code: c.carrier?.code ?? null,
    carrier_name: c.carrier?.name ?? null,
    vessel_name: c.vesselName ?? null,
    imo_number: c.imoNumber ?? null,
    voyage_number: c.voyageNumber ?? null,
    flight_number: c.flightNumber ?? null,
    place_of_loading: c.placeOfLoading ?? null,
    place_of_discharge: c.placeOfDischarge ?? null,
    transshipments: c.transshipments,
    place_of_delivery: c.placeOfDelivery ?? null,
    country_of_origin: c.countryOfOrigin ?? null,
    country_of_destination: c.countryOfDestination ?? null,
    departure_date: c.departureDate ?? null,
    estimated_arrival_date: c.estimatedArrivalDate ?? null,
    arrival_day: arrivalDay(c),
    quality_score: Math.round(p.quality.score),
    quality_flags: p.quality.flags,
    problems: p.warnings,
    source: c.source ?? null,
    version,
    is_current: true,
    content_hash: p.hash,
    search_text: texts.map(searchKey).filter(Boolean).join(' | '),
  };
}

export function partyRows(p: PreparedConsignment) {
  return p.consignment.parties.map((x) => ({
    consignment_id: p.id,
    role: x.role,
    name: x.name,
    name_key: searchKey(x.name),
    address: x.addressLines.length ? x.addressLines.join('\n') : null,
    city: x.city ?? null,
    postcode: x.postcode ?? null,
    country: x.country ?? null,
    identifiers: x.identifiers,
  }));
}

export function goodsRows(p: PreparedConsignment) {
  return p.consignment.goodsItems.map((g) => ({
    consignment_id: p.id,
    seq: g.seq,
    hs_code: g.hsCode ?? null,
    description: g.description ?? null,
    package_count: g.packageCount ?? null,
    package_type: g.packageType ?? null,
    gross_mass_kg: g.grossMassKg ?? null,
    net_mass_kg: g.netMassKg ?? null,
    value: g.value ?? null,
    currency: g.currency ?? null,
    un_number: g.unNumber ?? null,
    container_numbers: g.containerNumbers,
  }));
}

export function equipmentRows(p: PreparedConsignment) {
  return p.consignment.equipment.map((e) => ({
    consignment_id: p.id,
    container_number: e.containerNumber,
    size_type: e.sizeType ?? null,
    seals: e.seals,
    full_empty: e.fullEmpty ?? null,
  }));
}
