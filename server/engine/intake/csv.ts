/**
 * Streaming CSV intake (records from csv-reader.ts). One row per goods item; consecutive rows with the same
 * document number (and carrier code) form one consignment, so the file must be grouped by document. Only the
 * rows of the current consignment are held in memory.
 *
 * Column layout: CSV_FIELDS (headers named like the fields), or a mapping file
 * `{ "columns": { "<our field>": "<their header>" }, "dateFormat"?, "delimiter"?, "decimalSeparator"?,
 *    "listSeparator"?, "defaults"? }` — see docs/intake.md.
 */
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
import { CsvReader, type CsvEvent } from './csv-reader.ts';
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

/** Field name → position in CSV_CONSIGNMENT_FIELDS. */
const CONSIGNMENT_FIELD_INDEX = new Map<CsvField, number>(CSV_CONSIGNMENT_FIELDS.map((f, i) => [f, i]));
const PARTY_FIELDS = PARTY_PREFIXES.map((role) => ({
  role,
  name: `${role}Name` as CsvField,
  address: `${role}Address` as CsvField,
  city: `${role}City` as CsvField,
  postcode: `${role}Postcode` as CsvField,
  country: `${role}Country` as CsvField,
  identifiers: `${role}Identifiers` as CsvField,
}));
const TEXT_ITEM_FIELDS = ['hsCode', 'description', 'packageType', 'currency', 'unNumber'] as const;
const NUMBER_ITEM_FIELDS = ['packageCount', 'grossMassKg', 'netMassKg', 'value'] as const;
const ADDRESS_SPLIT = /\s*(?:\||\r?\n)\s*/;
const CONTAINER_NOISE = /[\s\-/.]/g;

/** Values of the consignment-level columns of a group: first non-blank cell of each field, and its line. */
interface GroupValues {
  v: (string | undefined)[];
  line: number[];
}

class CsvBuilder {
  /** Column index of each field (-1: not in the header). */
  private readonly col = new Map<CsvField, number>();
  private readonly headers: string[] = [];
  private readonly dateParse: (v: string) => string | undefined;
  private readonly listSep: string;
  /** Consignment-level fields that can have a value (a column or a default), with their position. */
  private consFields: { k: number; field: CsvField; col: number; def: string | undefined; column: string }[] = [];

  constructor(
    private readonly mapping: CsvMapping,
    private readonly file: string | undefined,
    private readonly maxItems: number,
  ) {
    // The mapping's format first; ISO 8601 and DD.MM.YYYY (both unambiguous) as a fallback, e.g. for a date without time.
    const custom = mapping.dateFormat ? compileDateFormat(mapping.dateFormat) : undefined;
    this.dateParse = custom ? (v) => custom(v) ?? normalizeIsoDate(v) : normalizeIsoDate;
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
    this.consFields = [];
    CSV_CONSIGNMENT_FIELDS.forEach((field, k) => {
      const col = this.col.get(field) ?? -1;
      const def = this.mapping.defaults?.[field];
      if (col >= 0 || def !== undefined) this.consFields.push({ k, field, col, def, column: this.columnName(field) });
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
    const out: string[] = [];
    for (const part of v.split(this.listSep)) {
      const s = part.trim();
      if (s !== '') out.push(s);
    }
    return out;
  }

  /** Consignment-level value of a field in a group. */
  private get(g: GroupValues, f: CsvField): string | undefined {
    const k = CONSIGNMENT_FIELD_INDEX.get(f);
    return k === undefined ? undefined : g.v[k];
  }

  private lineOf(g: GroupValues, f: CsvField, fallback: number): number {
    const k = CONSIGNMENT_FIELD_INDEX.get(f);
    return k === undefined || g.v[k] === undefined ? fallback : g.line[k]!;
  }

  private date(g: GroupValues, f: 'departureDate' | 'estimatedArrivalDate', fallback: number, problems: Problem[]): string | undefined {
    const v = this.get(g, f);
    if (v === undefined) return undefined;
    const iso = this.dateParse(v);
    if (iso === undefined) {
      problems.push(this.p('INVALID_DATE', this.lineOf(g, f, fallback), this.columnName(f), `${f} "${v}" does not match ${this.mapping.dateFormat ?? 'ISO 8601'}; dropped`, undefined, f));
    }
    return iso;
  }

  private num(row: Row, f: CsvField, problems: Problem[]): number | undefined {
    const v = this.cell(row, f);
    if (v === undefined) return undefined;
    const n = parseNumber(v, this.mapping.decimalSeparator);
    if (n === undefined) problems.push(this.p('INVALID_VALUE', row.line, this.columnName(f), `${f} "${v}" is not a number; dropped`, 'warning', f));
    return n;
  }

  build(group: Group): ParseResult {
    const first = group.rows[0]!;
    const position = { line: first.line, byteOffset: first.byteOffset };
    const problems: Problem[] = [...group.problems];
    if (group.overflow) {
      problems.push(this.p('TOO_MANY_ITEMS', first.line, undefined, `more than ${this.maxItems} rows for one consignment; rejected`));
      return { problems, position };
    }
    // Consignment-level values: first non-blank cell wins; differing later values are reported once per column.
    const g: GroupValues = { v: new Array<string | undefined>(CSV_CONSIGNMENT_FIELDS.length), line: new Array<number>(CSV_CONSIGNMENT_FIELDS.length) };
    let reported: Set<string> | undefined;
    const columnCount = this.columnCount;
    const fields = this.consFields;
    for (const row of group.rows) {
      const cells = row.cells;
      if (cells.length !== columnCount) {
        problems.push(this.p('CSV_COLUMN_COUNT', row.line, undefined, `row has ${cells.length} cells, header has ${columnCount}`));
      }
      for (let j = 0; j < fields.length; j++) {
        const f = fields[j]!;
        const raw = f.col >= 0 ? cells[f.col] : undefined;
        let v = raw === undefined ? undefined : raw.trim();
        if (v === undefined || v === '') v = f.def;
        if (v === undefined) continue;
        const prev = g.v[f.k];
        if (prev === undefined) {
          g.v[f.k] = v;
          g.line[f.k] = row.line;
        } else if (prev !== v && !reported?.has(f.column)) {
          (reported ??= new Set()).add(f.column);
          problems.push(
            this.p('CSV_INCONSISTENT_GROUP', row.line, f.column, `${f.field} "${v}" differs from "${prev}" (line ${g.line[f.k]}) in the same consignment; first value kept`, undefined, f.field),
          );
        }
      }
    }

    let mode: TransportMode | undefined;
    const modeText = this.get(g, 'mode');
    if (modeText !== undefined) {
      const m = (TRANSPORT_MODES as readonly string[]).includes(modeText.toLowerCase()) ? (modeText.toLowerCase() as TransportMode) : MODE_ALIASES[modeText.toUpperCase()];
      if (!m) problems.push(this.p('INVALID_VALUE', this.lineOf(g, 'mode', first.line), this.columnName('mode'), `mode "${modeText}" is not one of ${TRANSPORT_MODES.join(', ')}`, 'error', 'mode'));
      mode = m;
    }
    let documentType: DocumentType | undefined;
    const typeText = this.get(g, 'documentType');
    if (typeText !== undefined) {
      const t = typeText.toUpperCase().replace(/[\s-]/g, '_');
      documentType = (DOCUMENT_TYPES as readonly string[]).includes(t) ? (t as DocumentType) : DOC_TYPE_ALIASES[t];
      if (!documentType) {
        problems.push(this.p('INVALID_VALUE', this.lineOf(g, 'documentType', first.line), this.columnName('documentType'), `documentType "${typeText}" is not one of ${DOCUMENT_TYPES.join(', ')}`, 'error', 'documentType'));
      }
    }
    if (problems.some((p) => p.level === 'error')) return { problems, position };
    if (!mode) {
      if (documentType) mode = modeOfDocumentType(documentType);
      else if (this.get(g, 'flightNumber') !== undefined) mode = 'air';
      else mode = 'sea';
    }
    documentType ??= inferDocumentType(mode, this.get(g, 'masterDocumentNumber') !== undefined);

    const documentNumber = normalizeDocumentNumber(this.get(g, 'documentNumber'), documentType);
    if (!documentNumber) {
      problems.push(this.p('REQUIRED_FIELD', first.line, this.columnName('documentNumber'), 'document number is empty', 'error', 'documentNumber'));
      return { problems, position };
    }

    const c: Consignment = {
      documentType,
      documentNumber,
      mode,
      transshipments: this.list(this.get(g, 'transshipments')),
      parties: [],
      goodsItems: [],
      equipment: [],
    };
    const set = (k: keyof Consignment & string, v: string | undefined) => {
      if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v;
    };
    for (const k of ['masterDocumentNumber', 'vesselName', 'imoNumber', 'voyageNumber', 'flightNumber', 'placeOfLoading', 'placeOfDischarge', 'placeOfDelivery', 'countryOfOrigin', 'countryOfDestination'] as const) {
      set(k, this.get(g, k));
    }
    set('departureDate', this.date(g, 'departureDate', first.line, problems));
    set('estimatedArrivalDate', this.date(g, 'estimatedArrivalDate', first.line, problems));
    const carrierCode = this.get(g, 'carrierCode');
    const carrierName = this.get(g, 'carrierName');
    if (carrierCode !== undefined || carrierName !== undefined) c.carrier = { ...(carrierCode ? { code: carrierCode } : {}), ...(carrierName ? { name: carrierName } : {}) };

    for (const pf of PARTY_FIELDS) {
      const name = this.get(g, pf.name);
      const address = this.get(g, pf.address);
      const city = this.get(g, pf.city);
      const postcode = this.get(g, pf.postcode);
      const country = this.get(g, pf.country);
      const ids = this.get(g, pf.identifiers);
      if (name === undefined && address === undefined && city === undefined && postcode === undefined && country === undefined && ids === undefined) continue;
      const party: Party = {
        role: pf.role,
        name: name ?? '',
        addressLines: address === undefined ? [] : address.split(ADDRESS_SPLIT).filter((l) => l !== ''),
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
      const seqNum = this.num(row, 'itemSeq', problems);
      const seq = seqNum !== undefined && Number.isInteger(seqNum) && seqNum > 0 ? seqNum : items.size + 1;
      let item = items.get(seq);
      if (!item) {
        item = { seq, containerNumbers: [] };
        items.set(seq, item);
      }
      for (const f of TEXT_ITEM_FIELDS) {
        const v = this.cell(row, f);
        if (v !== undefined && item[f] === undefined) item[f] = v;
      }
      for (const f of NUMBER_ITEM_FIELDS) {
        const n = this.num(row, f, problems);
        if (n !== undefined && item[f] === undefined) item[f] = n;
      }
      const containers = this.list(this.cell(row, 'containerNumbers')).map((x) => x.toUpperCase().replace(CONTAINER_NOISE, ''));
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
    c.goodsItems = [...items.values()].filter((it) => Object.keys(it).length > 2 || it.containerNumbers.length > 0);
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

/** Parse a CSV stream of goods-item rows into consignments. Never throws. */
export async function* parseCsv(source: ByteSource, mapping: CsvMapping = {}, options: ParseOptions = {}): AsyncGenerator<ParseResult> {
  const builder = new CsvBuilder(mapping, options.file, options.maxItems ?? DEFAULT_MAX_ITEMS);
  const it = byteChunks(source)[Symbol.asyncIterator]();
  try {
    yield* readCsv(it, builder, mapping, options);
  } finally {
    // Release the source (e.g. close the file) when the header is unusable or the consumer stops early.
    await it.return?.(undefined);
  }
}

async function* readCsv(it: AsyncIterator<Uint8Array>, builder: CsvBuilder, mapping: CsvMapping, options: ParseOptions): AsyncGenerator<ParseResult> {
  // Read up to the end of the header line (at most 64 KiB) to detect the delimiter.
  const headParts: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      headParts.push(r.value);
      headBytes += r.value.length;
      if (r.value.includes(0x0a) || headBytes >= 64 * 1024) break;
    }
  } catch (err) {
    yield { problems: [builder.p('READ_ERROR', undefined, undefined, `reading the input failed: ${String(err)}`)], position: { byteOffset: 0 } };
    return;
  }
  if (headBytes === 0) return;
  const first = Buffer.concat(headParts, headBytes);
  const head = first.subarray(0, 64 * 1024).toString('utf8');
  const delimiter = mapping.delimiter ?? detectDelimiter(head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');

  const reader = new CsvReader(delimiter, options.maxRecordBytes ?? 1024 * 1024);
  const events: CsvEvent[] = [];
  const skipped: Problem[] = [];
  const takeSkipped = (): Problem[] => skipped.splice(0, skipped.length);
  let readError: unknown;
  let headerSeen = false;
  let group: Group | undefined;
  const recentKeys = new Set<string>();
  const recentQueue: string[] = [];
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  let endLines = 0;

  let chunk: Uint8Array | undefined = first;
  for (;;) {
    if (chunk !== undefined) reader.write(chunk, events);
    else if (!done) break; // read error: what was read is kept, the incomplete last row is not
    else reader.end(events);
    for (const ev of events) {
      if (ev.kind === 'skip') {
        skipped.push(builder.p('CSV_SYNTAX', ev.line, undefined, `${ev.message}; row skipped`));
        continue;
      }
      const row: Row = { cells: ev.cells, line: ev.line, byteOffset: ev.byteOffset };
      endLines = ev.line;
      if (!headerSeen) {
        headerSeen = true;
        const problems = builder.setHeader(ev.cells);
        if (problems.length > 0) yield { problems: [...takeSkipped(), ...problems], position: { line: row.line, byteOffset: row.byteOffset } };
        if (problems.some((p) => p.level === 'error')) return;
        continue;
      }
      if (isBlank(ev.cells)) continue;
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
    events.length = 0;
    if (chunk === undefined) break;
    try {
      const r = await it.next();
      if (r.done) {
        done = true;
        chunk = undefined;
      } else {
        chunk = r.value;
      }
    } catch (err) {
      readError = err;
      chunk = undefined;
    }
  }
  if (group) {
    const r = safeBuild(builder, group);
    r.problems.unshift(...takeSkipped());
    yield r;
  }
  const rest = takeSkipped();
  if (readError !== undefined) {
    rest.push(builder.p('READ_ERROR', endLines || undefined, undefined, `reading stopped: ${readError instanceof Error ? readError.message : String(readError)}`));
  }
  if (rest.length > 0) yield { problems: rest, position: { byteOffset: reader.bytes } };
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}
