/**
 * Canonical consignment → database rows: one object per table row (jsonb_to_recordset inserts on PGlite), and
 * the same rows as PostgreSQL COPY text (INTAKE_TABLES, copyLine) for the COPY path and the ingest benchmark.
 */
import crypto from 'node:crypto';
import type { Consignment } from '../../engine/intake/model.ts';
import type { Problem } from '../../engine/validation/index.ts';
import type { QualityReport } from '../../engine/validation/index.ts';
import { cleanNameAscii } from '../../engine/matching/index.ts';
import { partyTokens } from './party-tokens.ts';

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
  };
}

export function partyRows(p: PreparedConsignment) {
  return p.consignment.parties.map((x) => {
    const key = searchKey(x.name);
    return {
      consignment_id: p.id,
      role: x.role,
      name: x.name,
      name_key: key,
      name_tokens: partyTokens(key),
      address: x.addressLines.length ? x.addressLines.join('\n') : null,
      city: x.city ?? null,
      postcode: x.postcode ?? null,
      country: x.country ?? null,
      identifiers: x.identifiers,
    };
  });
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

// ---------------------------------------------------------------- COPY text format

/** How a value is written in COPY text: text and numbers as is, text[] as an array literal, jsonb as JSON. */
export type CopyKind = 'text' | 'number' | 'bool' | 'json' | 'text[]';

type Columns<R> = readonly (readonly [keyof R & string, CopyKind])[];

/** The four intake tables: column order for INSERT … SELECT and COPY, and how each value is written. */
export const INTAKE_TABLES = {
  consignments: [
    ['id', 'text'], ['country', 'text'], ['unit_id', 'text'], ['import_id', 'text'], ['document_key', 'text'], ['document_type', 'text'],
    ['document_number', 'text'], ['master_document_number', 'text'], ['mode', 'text'], ['carrier_code', 'text'], ['carrier_name', 'text'],
    ['vessel_name', 'text'], ['imo_number', 'text'], ['voyage_number', 'text'], ['flight_number', 'text'], ['place_of_loading', 'text'],
    ['place_of_discharge', 'text'], ['transshipments', 'text[]'], ['place_of_delivery', 'text'], ['country_of_origin', 'text'],
    ['country_of_destination', 'text'], ['departure_date', 'text'], ['estimated_arrival_date', 'text'], ['arrival_day', 'text'],
    ['quality_score', 'number'], ['quality_flags', 'json'], ['problems', 'json'], ['source', 'json'], ['is_current', 'bool'],
    ['content_hash', 'text'],
    // Last, so that a line built ahead for version 1 is cheap to redo for another version (copyRows).
    ['version', 'number'],
  ] as Columns<ReturnType<typeof consignmentRow>>,
  consignment_parties: [
    ['consignment_id', 'text'], ['role', 'text'], ['name', 'text'], ['name_key', 'text'], ['address', 'text'], ['city', 'text'],
    ['postcode', 'text'], ['country', 'text'], ['identifiers', 'json'], ['name_tokens', 'text[]'],
  ] as Columns<ReturnType<typeof partyRows>[number]>,
  goods_items: [
    ['consignment_id', 'text'], ['seq', 'number'], ['hs_code', 'text'], ['description', 'text'], ['package_count', 'number'],
    ['package_type', 'text'], ['gross_mass_kg', 'number'], ['net_mass_kg', 'number'], ['value', 'number'], ['currency', 'text'],
    ['un_number', 'text'], ['container_numbers', 'text[]'],
  ] as Columns<ReturnType<typeof goodsRows>[number]>,
  equipment: [
    ['consignment_id', 'text'], ['container_number', 'text'], ['size_type', 'text'], ['seals', 'text[]'], ['full_empty', 'text'],
  ] as Columns<ReturnType<typeof equipmentRows>[number]>,
} as const;

export type IntakeTable = keyof typeof INTAKE_TABLES;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_G = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const ARRAY_SPECIAL = /["\\]/g;

/** Escape text for a COPY text-format field. */
export function copyEscape(s: string): string {
  return COPY_SPECIAL.test(s) ? s.replace(COPY_SPECIAL_G, (ch) => COPY_ESCAPES[ch]!) : s;
}

function copyField(v: unknown, kind: CopyKind): string {
  if (v === null || v === undefined) return '\\N';
  switch (kind) {
    case 'text':
      return copyEscape(String(v));
    case 'number':
      // As JSON.stringify (the jsonb_to_recordset path): a non-finite number is NULL.
      return typeof v === 'number' && !Number.isFinite(v) ? '\\N' : String(v);
    case 'bool':
      return v ? 't' : 'f';
    case 'json':
      return copyEscape(JSON.stringify(v));
    case 'text[]': {
      const xs = v as string[];
      let out = '{';
      for (let i = 0; i < xs.length; i++) out += `${i > 0 ? ',' : ''}"${xs[i]!.replace(ARRAY_SPECIAL, '\\$&')}"`;
      return copyEscape(`${out}}`);
    }
  }
}

/** One row as a line of COPY text (tab-separated, `\\N` for NULL, newline-terminated). */
export function copyLine<R extends object>(columns: Columns<R>, row: R): string {
  let out = '';
  for (let i = 0; i < columns.length; i++) {
    const [name, kind] = columns[i]!;
    out += i === 0 ? copyField(row[name], kind) : `\t${copyField(row[name], kind)}`;
  }
  return `${out}\n`;
}

/** Column names of a table, for `INSERT INTO t (…)` and `COPY t (…)`. */
export function columnList(table: IntakeTable): string {
  return INTAKE_TABLES[table].map(([name]) => name).join(', ');
}

/**
 * The COPY lines of one consignment, per table, except the version that ends its consignments line:
 * `consignments + version + "\n"` (see consignmentLine). Same text as copyLine over the row objects (tested),
 * written out by hand because it runs for every consignment of an import.
 */
export type CopyRows = Record<IntakeTable, string>;

/** The consignments line of prepared COPY rows for a version. */
export function consignmentLine(rows: CopyRows, version: number): string {
  return `${rows.consignments}${version}\n`;
}

const NULL = '\\N';

function tx(v: string | null | undefined): string {
  return v === undefined || v === null ? NULL : copyEscape(v);
}

function num(v: number | null | undefined): string {
  return v === undefined || v === null || !Number.isFinite(v) ? NULL : String(v);
}

function json(v: unknown): string {
  return v === undefined || v === null ? NULL : copyEscape(JSON.stringify(v));
}

function arr(xs: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    out += `${i > 0 ? ',' : ''}"${x.includes('"') || x.includes('\\') ? x.replace(ARRAY_SPECIAL, '\\$&') : x}"`;
  }
  return copyEscape(`${out}}`);
}

/** All rows of a consignment as COPY text (the consignments line without its version). */
export function copyRows(p: PreparedConsignment, owner: { country: string; unitId: string; importId: string | null }): CopyRows {
  const c = p.consignment;
  const id = copyEscape(p.id);
  let parties = '';
  for (const x of c.parties) {
    const key = searchKey(x.name);
    parties +=
      `${id}\t${tx(x.role)}\t${tx(x.name)}\t${tx(key)}\t${x.addressLines.length ? tx(x.addressLines.join('\n')) : NULL}\t` +
      `${tx(x.city)}\t${tx(x.postcode)}\t${tx(x.country)}\t${json(x.identifiers)}\t${arr(partyTokens(key))}\n`;
  }
  let goods = '';
  for (const g of c.goodsItems) {
    goods +=
      `${id}\t${num(g.seq)}\t${tx(g.hsCode)}\t${tx(g.description)}\t${num(g.packageCount)}\t${tx(g.packageType)}\t${num(g.grossMassKg)}\t` +
      `${num(g.netMassKg)}\t${num(g.value)}\t${tx(g.currency)}\t${tx(g.unNumber)}\t${arr(g.containerNumbers)}\n`;
  }
  let equipment = '';
  for (const e of c.equipment) equipment += `${id}\t${tx(e.containerNumber)}\t${tx(e.sizeType)}\t${arr(e.seals)}\t${tx(e.fullEmpty)}\n`;
  const consignments =
    `${id}\t${tx(owner.country)}\t${tx(owner.unitId)}\t${tx(owner.importId)}\t${tx(p.key)}\t${tx(c.documentType)}\t${tx(c.documentNumber)}\t` +
    `${tx(c.masterDocumentNumber)}\t${tx(c.mode)}\t${tx(c.carrier?.code)}\t${tx(c.carrier?.name)}\t${tx(c.vesselName)}\t${tx(c.imoNumber)}\t` +
    `${tx(c.voyageNumber)}\t${tx(c.flightNumber)}\t${tx(c.placeOfLoading)}\t${tx(c.placeOfDischarge)}\t${arr(c.transshipments)}\t` +
    `${tx(c.placeOfDelivery)}\t${tx(c.countryOfOrigin)}\t${tx(c.countryOfDestination)}\t${tx(c.departureDate)}\t${tx(c.estimatedArrivalDate)}\t` +
    `${tx(arrivalDay(c))}\t${num(Math.round(p.quality.score))}\t${json(p.quality.flags)}\t${json(p.warnings)}\t${json(c.source)}\tt\t` +
    `${tx(p.hash)}\t`;
  return { consignments, consignment_parties: parties, goods_items: goods, equipment };
}
