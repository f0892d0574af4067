/**
 * Streaming CSV intake (csv-parse). One row per goods item; consecutive rows with the same document number
 * (and carrier code) form one consignment, so the file must be grouped by document. Only the rows of the
 * current consignment are held in memory.
 *
 * Column layout: CSV_FIELDS (headers named like the fields), or a mapping file
 * `{ "columns": { "<our field>": "<their header>" }, "dateFormat"?, "delimiter"?, "decimalSeparator"?,
 *    "listSeparator"?, "defaults"? }` — see docs/intake.md.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError, type Info } from 'csv-parse';
import { Compile } from 'typebox/compile';
import { Type, type Static } from 'typebox';
import { problem, type Problem, type ProblemCode, type ProblemLevel } from '../validation/problems.ts';
import {
  DOCUMENT_TYPES,
  TRANSPORT_MODES,
  type Consignment,
  type DocumentType,
  type Equipment,
  type FullEmpty,
  type GoodsItem,
  type IdentifierScheme,
  type Party,
  type PartyRole,
  type TransportMode,
} from './model.ts';
import {
  cleanCode,
  compileDateFormat,
  inferDocumentType,
  modeOfDocumentType,
  normalizeConsignment,
  normalizeDocumentNumber,
  normalizeIsoDate,
  parseNumber,
} from './normalize.ts';
import { byteChunks, type ByteSource } from './source.ts';
import { DEFAULT_MAX_ITEMS, type ParseOptions, type ParseResult } from './types.ts';

const PARTY_PREFIXES = ['consignor', 'consignee', 'notifyParty', 'freightForwarder'] as const satisfies readonly PartyRole[];
const PARTY_SUFFIXES = ['Name', 'Address', 'City', 'Postcode', 'Country', 'Identifiers'] as const;
type PartyField = `${(typeof PARTY_PREFIXES)[number]}${(typeof PARTY_SUFFIXES)[number]}`;

/** Consignment-level columns: must be equal on every row of a consignment (blank cells are fine). */
export const CSV_CONSIGNMENT_FIELDS = [
  'documentType',
  'documentNumber',
  'masterDocumentNumber',
  'mode',
  'carrierCode',
  'carrierName',
  'vesselName',
  'imoNumber',
  'voyageNumber',
  'flightNumber',
  'placeOfLoading',
  'placeOfDischarge',
  'transshipments',
  'placeOfDelivery',
  'countryOfOrigin',
  'countryOfDestination',
  'departureDate',
  'estimatedArrivalDate',
  ...PARTY_PREFIXES.flatMap((p) => PARTY_SUFFIXES.map((s) => `${p}${s}` as PartyField)),
] as const;

/** Goods-item and container columns (one row = one goods item). */
export const CSV_ITEM_FIELDS = [
  'itemSeq',
  'hsCode',
  'description',
  'packageCount',
  'packageType',
  'grossMassKg',
  'netMassKg',
  'value',
  'currency',
  'unNumber',
  'containerNumbers',
  'containerSizeType',
  'containerSeals',
  'containerFullEmpty',
] as const;

export const CSV_FIELDS = [...CSV_CONSIGNMENT_FIELDS, ...CSV_ITEM_FIELDS] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

const CsvMappingSchema = Type.Object(
  {
    columns: Type.Optional(Type.Record(Type.String(), Type.String())),
    dateFormat: Type.Optional(Type.String()),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
    decimalSeparator: Type.Optional(Type.Enum(['.', ','])),
    listSeparator: Type.Optional(Type.String({ minLength: 1 })),
    defaults: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);

export interface CsvMapping {
  /** Our field → their header. Fields not listed are looked up under their own name. */
  columns?: Partial<Record<CsvField, string>>;
  /** Date format with tokens YYYY YY MM M DD D HH H mm ss, e.g. `DD/MM/YYYY HH:mm`. Default: ISO 8601 (and DD.MM.YYYY). */
  dateFormat?: string;
  /** Cell delimiter. Default: detected from the header line among `,` `;` tab `|`. */
  delimiter?: string;
  /** Decimal separator of numbers. Default: guessed per cell (`12,5` → 12.5, `1,250` → 1250). */
  decimalSeparator?: '.' | ',';
  /** Separator inside list cells (transshipments, containers, seals, identifiers). Default `;`. */
  listSeparator?: string;
  /** Values for fields the file does not carry, e.g. `{ "mode": "sea" }`. */
  defaults?: Partial<Record<CsvField, string>>;
}

const compiledMapping = Compile(CsvMappingSchema);

/** Validate a mapping file (already JSON-parsed). Unknown field names are errors. */
export function parseCsvMapping(value: unknown): { mapping?: CsvMapping; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!compiledMapping.Check(value)) {
    for (const e of compiledMapping.Errors(value)) {
      if (e.keyword === 'boolean') continue;
      problems.push(problem({ code: 'MAPPING_INVALID', message: `mapping${e.instancePath}: ${e.message}` }));
    }
    return { problems };
  }
  const m = value as Static<typeof CsvMappingSchema>;
  const known = new Set<string>(CSV_FIELDS);
  for (const section of ['columns', 'defaults'] as const) {
    for (const key of Object.keys(m[section] ?? {})) {
      if (!known.has(key)) problems.push(problem({ code: 'MAPPING_INVALID', message: `mapping.${section}: unknown field "${key}"` }));
    }
  }
  if (m.dateFormat !== undefined && !/YY/.test(m.dateFormat)) {
    problems.push(problem({ code: 'MAPPING_INVALID', message: `mapping.dateFormat "${m.dateFormat}" has no year (YYYY or YY)` }));
  }
  if (problems.length > 0) return { problems };
  return { mapping: m as CsvMapping, problems };
}

const DOC_TYPE_ALIASES: Record<string, DocumentType> = {
  MBL: 'BL_MASTER',
  MBOL: 'BL_MASTER',
  BL: 'BL_MASTER',
  MASTER_BL: 'BL_MASTER',
  HBL: 'BL_HOUSE',
  HBOL: 'BL_HOUSE',
  HOUSE_BL: 'BL_HOUSE',
  MAWB: 'AWB_MASTER',
  AWB: 'AWB_MASTER',
  HAWB: 'AWB_HOUSE',
};
const MODE_ALIASES: Record<string, TransportMode> = {
  '1': 'sea', SEA: 'sea', MARITIME: 'sea', OCEAN: 'sea',
  '2': 'rail', RAIL: 'rail',
  '3': 'road', ROAD: 'road', TRUCK: 'road',
  '4': 'air', AIR: 'air',
};
/** Prefixes of identifier cells (`BIN:180340021234`): national taxpayer numbers count as TIN. */
const ID_SCHEMES: Record<string, IdentifierScheme> = {
  TIN: 'TIN', VAT: 'TIN', INN: 'TIN', 'ИНН': 'TIN', BIN: 'TIN', 'БИН': 'TIN', IIN: 'TIN', 'ИИН': 'TIN', UNP: 'TIN', 'УНП': 'TIN',
  EDRPOU: 'TIN', 'ЄДРПОУ': 'TIN', 'ЕДРПОУ': 'TIN', VOEN: 'TIN', EORI: 'EORI', OTHER: 'OTHER',
};
const FULL_EMPTY_ALIASES: Record<string, FullEmpty> = { FULL: 'FULL', F: 'FULL', FCL: 'FULL', LCL: 'FULL', '5': 'FULL', EMPTY: 'EMPTY', E: 'EMPTY', MT: 'EMPTY', '4': 'EMPTY' };

interface Row {
  cells: string[];
  line: number;
  byteOffset: number;
}

interface Group {
  key: string;
  rows: Row[];
  overflow: boolean;
  problems: Problem[];
}

const RECENT_KEYS = 10_000;

function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let count = 0;
    let inQuote = false;
    for (const ch of firstLine) {
      if (ch === '"') inQuote = !inQuote;
      else if (!inQuote && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

class CsvBuilder {
  private readonly col = new Map<CsvField, number>();
  private readonly headers: string[] = [];
  private readonly dateParse: (v: string) => string | undefined;
  private readonly listSep: string;

  constructor(
    private readonly mapping: CsvMapping,
    private readonly file: string | undefined,
    private readonly maxItems: number,
  ) {
    // The mapping's format first; ISO 8601 and DD.MM.YYYY (both unambiguous) as a fallback, e.g. for a date without time.
    const custom = mapping.dateFormat ? compileDateFormat(mapping.dateFormat) : undefined;
    this.dateParse = (v) => custom?.(v) ?? normalizeIsoDate(v);
    this.listSep = mapping.listSeparator ?? ';';
  }

  /** Returns file-level problems; an error means the file cannot be read. */
  setHeader(header: string[]): Problem[] {
    const problems: Problem[] = [];
    const norm = (h: string) => h.replace(/^\uFEFF/, '').trim().toLowerCase();
    header.forEach((h) => this.headers.push(h.trim()));
    const index = new Map<string, number>();
    header.forEach((h, i) => {
      if (!index.has(norm(h))) index.set(norm(h), i);
    });
    const used = new Set<number>();
    for (const field of CSV_FIELDS) {
      const name = this.mapping.columns?.[field] ?? field;
      const i = index.get(norm(name));
      if (i !== undefined) {
        this.col.set(field, i);
        used.add(i);
      } else if (this.mapping.columns?.[field] !== undefined) {
        problems.push(this.p('CSV_MISSING_COLUMN', 1, name, `mapped column "${name}" (for ${field}) is not in the header`, 'warning'));
      }
    }
    if (!this.col.has('documentNumber') && this.mapping.defaults?.documentNumber === undefined) {
      const name = this.mapping.columns?.documentNumber ?? 'documentNumber';
      problems.push(this.p('CSV_MISSING_COLUMN', 1, name, `required column "${name}" (documentNumber) is missing`, 'error'));
    }
    header.forEach((h, i) => {
      if (!used.has(i) && h.trim() !== '') problems.push(this.p('CSV_UNKNOWN_COLUMN', 1, h.trim(), `column "${h.trim()}" is not mapped; ignored`));
    });
    return problems;
  }

  get columnCount(): number {
    return this.headers.length;
  }

  cell(row: Row, field: CsvField): string | undefined {
    const i = this.col.get(field);
    const v = i === undefined ? undefined : row.cells[i];
    const t = v?.trim();
    if (t === undefined || t === '') return this.mapping.defaults?.[field];
    return t;
  }

  columnName(field: CsvField): string {
    const i = this.col.get(field);
    return i === undefined ? field : (this.headers[i] ?? field);
  }

  groupKey(row: Row): string {
    const doc = cleanCode(this.cell(row, 'documentNumber')) ?? '';
    const carrier = cleanCode(this.cell(row, 'carrierCode')) ?? '';
    return `${doc}\u0000${carrier}`;
  }

  p(code: ProblemCode, line: number | undefined, column: string | undefined, message: string, level?: ProblemLevel, field?: string): Problem {
    return problem({
      code,
      message,
      ...(level ? { level } : {}),
      ...(field !== undefined ? { field } : {}),
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
      ...(this.file !== undefined ? { file: this.file } : {}),
    });
  }

  private list(v: string | undefined): string[] {
    if (v === undefined) return [];
    return v
      .split(this.listSep)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  build(group: Group): ParseResult {
    const first = group.rows[0]!;
    const position = { line: first.line, byteOffset: first.byteOffset };
    const problems: Problem[] = [...group.problems];
    if (group.overflow) {
      problems.push(this.p('TOO_MANY_ITEMS', first.line, undefined, `more than ${this.maxItems} rows for one consignment; rejected`));
      return { problems, position };
    }
    // Consignment-level values: first non-blank cell wins; differing later values are reported once per field.
    const value = new Map<CsvField, { v: string; line: number }>();
    for (const row of group.rows) {
      if (row.cells.length !== this.columnCount) {
        problems.push(this.p('CSV_COLUMN_COUNT', row.line, undefined, `row has ${row.cells.length} cells, header has ${this.columnCount}`));
      }
      for (const field of CSV_CONSIGNMENT_FIELDS) {
        const v = this.cell(row, field);
        if (v === undefined) continue;
        const prev = value.get(field);
        if (!prev) value.set(field, { v, line: row.line });
        else if (prev.v !== v && !problems.some((p) => p.code === 'CSV_INCONSISTENT_GROUP' && p.column === this.columnName(field))) {
          problems.push(
            this.p('CSV_INCONSISTENT_GROUP', row.line, this.columnName(field), `${field} "${v}" differs from "${prev.v}" (line ${prev.line}) in the same consignment; first value kept`, undefined, field),
          );
        }
      }
    }
    const get = (f: CsvField) => value.get(f)?.v;
    const lineOf = (f: CsvField) => value.get(f)?.line ?? first.line;

    let mode: TransportMode | undefined;
    const modeText = get('mode');
    if (modeText !== undefined) {
      const m = (TRANSPORT_MODES as readonly string[]).includes(modeText.toLowerCase()) ? (modeText.toLowerCase() as TransportMode) : MODE_ALIASES[modeText.toUpperCase()];
      if (!m) problems.push(this.p('INVALID_VALUE', lineOf('mode'), this.columnName('mode'), `mode "${modeText}" is not one of ${TRANSPORT_MODES.join(', ')}`, 'error', 'mode'));
      mode = m;
    }
    let documentType: DocumentType | undefined;
    const typeText = get('documentType');
    if (typeText !== undefined) {
      const t = typeText.toUpperCase().replace(/[\s-]/g, '_');
      documentType = (DOCUMENT_TYPES as readonly string[]).includes(t) ? (t as DocumentType) : DOC_TYPE_ALIASES[t];
      if (!documentType) {
        problems.push(this.p('INVALID_VALUE', lineOf('documentType'), this.columnName('documentType'), `documentType "${typeText}" is not one of ${DOCUMENT_TYPES.join(', ')}`, 'error', 'documentType'));
      }
    }
    if (problems.some((p) => p.level === 'error')) return { problems, position };
    if (!mode) {
      if (documentType) mode = modeOfDocumentType(documentType);
      else if (get('flightNumber') !== undefined) mode = 'air';
      else mode = 'sea';
    }
    documentType ??= inferDocumentType(mode, get('masterDocumentNumber') !== undefined);

    const documentNumber = normalizeDocumentNumber(get('documentNumber'), documentType);
    if (!documentNumber) {
      problems.push(this.p('REQUIRED_FIELD', first.line, this.columnName('documentNumber'), 'document number is empty', 'error', 'documentNumber'));
      return { problems, position };
    }

    const date = (f: 'departureDate' | 'estimatedArrivalDate'): string | undefined => {
      const v = get(f);
      if (v === undefined) return undefined;
      const iso = this.dateParse(v);
      if (iso === undefined) {
        problems.push(this.p('INVALID_DATE', lineOf(f), this.columnName(f), `${f} "${v}" does not match ${this.mapping.dateFormat ?? 'ISO 8601'}; dropped`, undefined, f));
      }
      return iso;
    };

    const c: Consignment = {
      documentType,
      documentNumber,
      mode,
      transshipments: this.list(get('transshipments')),
      parties: [],
      goodsItems: [],
      equipment: [],
    };
    const optional: [keyof Consignment, string | undefined][] = [
      ['masterDocumentNumber', get('masterDocumentNumber')],
      ['vesselName', get('vesselName')],
      ['imoNumber', get('imoNumber')],
      ['voyageNumber', get('voyageNumber')],
      ['flightNumber', get('flightNumber')],
      ['placeOfLoading', get('placeOfLoading')],
      ['placeOfDischarge', get('placeOfDischarge')],
      ['placeOfDelivery', get('placeOfDelivery')],
      ['countryOfOrigin', get('countryOfOrigin')],
      ['countryOfDestination', get('countryOfDestination')],
      ['departureDate', date('departureDate')],
      ['estimatedArrivalDate', date('estimatedArrivalDate')],
    ];
    for (const [k, v] of optional) if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v;
    const carrierCode = get('carrierCode');
    const carrierName = get('carrierName');
    if (carrierCode !== undefined || carrierName !== undefined) c.carrier = { ...(carrierCode ? { code: carrierCode } : {}), ...(carrierName ? { name: carrierName } : {}) };

    for (const role of PARTY_PREFIXES) {
      const name = get(`${role}Name`);
      const address = get(`${role}Address`);
      const city = get(`${role}City`);
      const postcode = get(`${role}Postcode`);
      const country = get(`${role}Country`);
      const ids = get(`${role}Identifiers`);
      if ([name, address, city, postcode, country, ids].every((v) => v === undefined)) continue;
      const party: Party = {
        role,
        name: name ?? '',
        addressLines: address === undefined ? [] : address.split(/\s*(?:\||\r?\n)\s*/).filter((l) => l !== ''),
        identifiers: this.list(ids).map((id) => {
          const m = /^([\p{L}]{2,5})\s*:\s*(.+)$/u.exec(id);
          const scheme = m ? ID_SCHEMES[m[1]!.toUpperCase()] : undefined;
          return scheme && m ? { scheme, value: m[2]! } : { scheme: 'OTHER' as const, value: id };
        }),
        ...(city !== undefined ? { city } : {}),
        ...(postcode !== undefined ? { postcode } : {}),
        ...(country !== undefined ? { country } : {}),
      };
      c.parties.push(party);
    }

    const items = new Map<number, GoodsItem>();
    const equipment = new Map<string, Equipment>();
    for (const row of group.rows) {
      const num = (f: CsvField): number | undefined => {
        const v = this.cell(row, f);
        if (v === undefined) return undefined;
        const n = parseNumber(v, this.mapping.decimalSeparator);
        if (n === undefined) problems.push(this.p('INVALID_VALUE', row.line, this.columnName(f), `${f} "${v}" is not a number; dropped`, 'warning', f));
        return n;
      };
      const seqNum = num('itemSeq');
      const seq = seqNum !== undefined && Number.isInteger(seqNum) && seqNum > 0 ? seqNum : items.size + 1;
      let item = items.get(seq);
      if (!item) {
        item = { seq, containerNumbers: [] };
        items.set(seq, item);
      }
      const setText = (k: 'hsCode' | 'description' | 'packageType' | 'currency' | 'unNumber', f: CsvField) => {
        const v = this.cell(row, f);
        if (v !== undefined && item[k] === undefined) item[k] = v;
      };
      setText('hsCode', 'hsCode');
      setText('description', 'description');
      setText('packageType', 'packageType');
      setText('currency', 'currency');
      setText('unNumber', 'unNumber');
      for (const [k, f] of [['packageCount', 'packageCount'], ['grossMassKg', 'grossMassKg'], ['netMassKg', 'netMassKg'], ['value', 'value']] as const) {
        const n = num(f);
        if (n !== undefined && item[k] === undefined) item[k] = n;
      }
      const containers = this.list(this.cell(row, 'containerNumbers')).map((x) => x.toUpperCase().replace(/[\s\-/.]/g, ''));
      const sizeType = this.cell(row, 'containerSizeType');
      const seals = this.list(this.cell(row, 'containerSeals'));
      const feText = this.cell(row, 'containerFullEmpty');
      const fullEmpty = feText === undefined ? undefined : FULL_EMPTY_ALIASES[feText.toUpperCase()];
      if (feText !== undefined && !fullEmpty) {
        problems.push(this.p('INVALID_VALUE', row.line, this.columnName('containerFullEmpty'), `containerFullEmpty "${feText}" is not FULL or EMPTY; dropped`, 'warning'));
      }
      if (seals.length > 0 && containers.length !== 1) {
        problems.push(this.p('INVALID_VALUE', row.line, this.columnName('containerSeals'), 'seals need exactly one container on the row; ignored', 'warning'));
      }
      for (const cn of containers) {
        if (!item.containerNumbers.includes(cn)) item.containerNumbers.push(cn);
        let e = equipment.get(cn);
        if (!e) {
          e = { containerNumber: cn, seals: [] };
          equipment.set(cn, e);
        }
        if (sizeType !== undefined) e.sizeType ??= sizeType;
        if (fullEmpty !== undefined) e.fullEmpty ??= fullEmpty;
        if (containers.length === 1) for (const s of seals) if (!e.seals.includes(s)) e.seals.push(s);
      }
    }
    // A row with consignment cells only (no goods cell) does not make a goods item.
    c.goodsItems = [...items.values()].filter((g) => Object.keys(g).length > 2 || g.containerNumbers.length > 0);
    c.equipment = [...equipment.values()];
    c.source = { format: 'csv', ...(this.file !== undefined ? { file: this.file } : {}), line: first.line, byteOffset: first.byteOffset };
    return { consignment: normalizeConsignment(c), problems, position };
  }
}

function safeBuild(builder: CsvBuilder, group: Group): ParseResult {
  try {
    return builder.build(group);
  } catch (err) {
    const first = group.rows[0];
    return {
      problems: [builder.p('INTERNAL_ERROR', first?.line, undefined, `consignment skipped: ${err instanceof Error ? err.message : String(err)}`)],
      position: { line: first?.line ?? 0, byteOffset: first?.byteOffset ?? 0 },
    };
  }
}

async function* withFirst(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield r.value;
  }
}

interface CsvRecord {
  record: string[];
  raw: string;
  info: Info;
}

/** Parse a CSV stream of goods-item rows into consignments. Never throws. */
export async function* parseCsv(source: ByteSource, mapping: CsvMapping = {}, options: ParseOptions = {}): AsyncGenerator<ParseResult> {
  const builder = new CsvBuilder(mapping, options.file, options.maxItems ?? DEFAULT_MAX_ITEMS);
  const it = byteChunks(source)[Symbol.asyncIterator]();
  // Read up to the end of the header line (at most 64 KiB) to detect the delimiter.
  const headParts: Uint8Array[] = [];
  let headBytes = 0;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      headParts.push(r.value);
      headBytes += r.value.length;
      if (r.value.includes(0x0a) || headBytes >= 64 * 1024) break;
    }
  } catch (err) {
    yield { problems: [builder.p('READ_ERROR', undefined, undefined, `reading the input failed: ${String(err)}`)], position: { byteOffset: 0 } };
    return;
  }
  if (headBytes === 0) return;
  const firstChunk = { value: Buffer.concat(headParts, headBytes) };
  const head = firstChunk.value.subarray(0, 64 * 1024).toString('utf8');
  const delimiter = mapping.delimiter ?? detectDelimiter(head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');

  const skipped: Problem[] = [];
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    // Quotes inside an unquoted cell are kept (ООО "Ромашка" is common in party names).
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: options.maxRecordBytes ?? 1024 * 1024,
  });
  parser.on('skip', (err: CsvError) => {
    const line = (err as CsvError & { lines?: number }).lines;
    skipped.push(builder.p('CSV_SYNTAX', line, undefined, `${err.message}; row skipped`));
  });
  let readError: unknown;
  const done = pipeline(Readable.from(withFirst(firstChunk.value, it)), parser).catch((err: unknown) => {
    readError = err;
  });

  let headerSeen = false;
  let group: Group | undefined;
  const recentKeys = new Set<string>();
  const recentQueue: string[] = [];
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  let endBytes = 0;
  let endLines = 0;
  const takeSkipped = (): Problem[] => skipped.splice(0, skipped.length);

  try {
    for await (const rec of parser as AsyncIterable<CsvRecord>) {
      const { record, info } = rec;
      // `raw` may start with skipped empty lines and ends with the record delimiter (except at end of file).
      const body = rec.raw.replace(/^[\r\n]+/, '');
      let innerNewlines = 0;
      for (let k = 0; k < body.length - 1; k++) if (body.charCodeAt(k) === 10) innerNewlines++;
      const row: Row = { cells: record, line: info.lines - innerNewlines, byteOffset: info.bytes - Buffer.byteLength(body) };
      endBytes = info.bytes;
      endLines = info.lines;
      if (!headerSeen) {
        headerSeen = true;
        const problems = builder.setHeader(record);
        if (problems.length > 0) yield { problems: [...takeSkipped(), ...problems], position: { line: row.line, byteOffset: row.byteOffset } };
        if (problems.some((p) => p.level === 'error')) {
          parser.destroy();
          return;
        }
        continue;
      }
      if (record.every((c) => c.trim() === '')) continue;
      const key = builder.groupKey(row);
      if (group && group.key === key) {
        if (group.rows.length >= maxItems) group.overflow = true;
        else group.rows.push(row);
        continue;
      }
      if (group) {
        const r = safeBuild(builder, group);
        r.problems.unshift(...takeSkipped());
        yield r;
      }
      group = { key, rows: [row], overflow: false, problems: [] };
      if (recentKeys.has(key)) {
        group.problems.push(builder.p('CSV_NOT_GROUPED', row.line, builder.columnName('documentNumber'), `document ${key.split('\u0000')[0]} appeared before on an earlier row: the file is not grouped by document`, undefined, 'documentNumber'));
      } else {
        recentKeys.add(key);
        recentQueue.push(key);
        if (recentQueue.length > RECENT_KEYS) recentKeys.delete(recentQueue.shift()!);
      }
    }
  } catch (err) {
    readError ??= err;
  }
  await done;
  if (group) {
    const r = safeBuild(builder, group);
    r.problems.unshift(...takeSkipped());
    yield r;
  }
  const rest = takeSkipped();
  if (readError !== undefined) {
    rest.push(builder.p('READ_ERROR', endLines || undefined, undefined, `reading stopped: ${readError instanceof Error ? readError.message : String(readError)}`));
  }
  if (rest.length > 0) yield { problems: rest, position: { byteOffset: endBytes } };
}
