/**
 * Reading KCS customs declaration CSVs (Korea Customs Service / IBS "Customs Import Declaration Datasets"):
 * one row per goods item, header
 *   Declaration ID, Date, Office ID, Process Type, Import Type, Import Use, Payment Type, Mode of Transport,
 *   Declarant ID, Importer ID, Seller ID, Courier ID, HS6 Code, Country of Departure, Country of Origin,
 *   Tax Rate, Tax Type, Country of Origin Indicator, Net Mass, Item Price, Fraud, Critical Fraud
 * Fraud is 0/1; Critical Fraud is 0/1/2 where 2 marks a critical (public-safety) case.
 * Every value is checked on the way in; a bad one is reported with its file, line and column.
 *
 *   const records = await readKcsRecords(['train.csv', 'valid.csv'], { labels: 'required' });
 */
import { readCsvColumns, valueError, type CsvColumnSpec, type CsvColumns } from '../csv.ts';
import { ModelInputError } from '../errors.ts';
import { concatKeys, deriveKeys, selectKeys, type KeyIds } from '../keys.ts';
import type { ModelRecords, ReadOptions } from './format.ts';

export const KCS_ID = 'Declaration ID';
export const KCS_DATE = 'Date';
export const KCS_LABEL = 'Fraud';
export const KCS_CRITICAL = 'Critical Fraud';
/** Outcome name under which critical fraud (Critical Fraud = 2) is reported. */
export const CRITICAL_OUTCOME = 'critical';

export const KCS_TEXT_COLUMNS = [
  'Office ID',
  'Process Type',
  'Import Type',
  'Import Use',
  'Payment Type',
  'Mode of Transport',
  'Declarant ID',
  'Importer ID',
  'Seller ID',
  'Courier ID',
  'HS6 Code',
  'Country of Departure',
  'Country of Origin',
  'Tax Type',
  'Country of Origin Indicator',
] as const;
export type KcsTextColumn = (typeof KCS_TEXT_COLUMNS)[number];

export const KCS_NUMERIC_COLUMNS = ['Tax Rate', 'Net Mass', 'Item Price'] as const;
export type KcsNumericColumn = (typeof KCS_NUMERIC_COLUMNS)[number];

export interface KcsRecords extends ModelRecords {
  /** Text columns interned (trimmed values, ids in order of first appearance). */
  text: Record<KcsTextColumn, KeyIds>;
  /** NaN where the cell is empty. */
  numbers: Record<KcsNumericColumn, Float64Array>;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})/;

export async function readKcsRecords(sources: readonly string[], options: ReadOptions): Promise<KcsRecords> {
  if (sources.length === 0) throw new ModelInputError('no data file given (use --data <csv>)');
  const keys = (name: string): CsvColumnSpec => ({ name, kind: 'keys' });
  const parts: KcsRecords[] = [];
  for (const file of sources) {
    const table = await readCsvColumns(file, {
      required: [
        { name: KCS_ID, kind: 'strings' },
        keys(KCS_DATE),
        ...KCS_TEXT_COLUMNS.map(keys),
        ...KCS_NUMERIC_COLUMNS.map((name): CsvColumnSpec => ({ name, kind: 'numbers' })),
        ...(options.labels === 'required' ? [keys(KCS_LABEL)] : []),
      ],
      optional: (options.labels === 'required' ? [KCS_CRITICAL] : [KCS_LABEL, KCS_CRITICAL]).map(keys),
    });
    parts.push(toRecords(table));
  }
  return parts.length === 1 ? parts[0]! : concatRecords(parts);
}

function toRecords(table: CsvColumns): KcsRecords {
  const n = table.rowCount;
  const keyColumn = (name: string): KeyIds => table.keys.get(name)!;

  // Dates repeat: parse each distinct one once.
  const dates = keyColumn(KCS_DATE);
  const dayOf = dates.keys.map(parseDay);
  const badDate = firstRowWith(dates, (k) => dayOf[k] === null);
  if (badDate >= 0) {
    throw valueError(table, badDate, KCS_DATE, `'${dates.keys[dates.ids[badDate]!]}' is not a date (YYYY-MM-DD)`);
  }
  const days = new Int32Array(n);
  for (let i = 0; i < n; i++) days[i] = dayOf[dates.ids[i]!]!;

  const numbers = {} as Record<KcsNumericColumn, Float64Array>;
  for (const name of KCS_NUMERIC_COLUMNS) {
    const column = table.numbers.get(name)!;
    if (column.badRow >= 0) throw valueError(table, column.badRow, name, `'${column.badText}' is not a number`);
    numbers[name] = column.values;
  }

  const text = {} as Record<KcsTextColumn, KeyIds>;
  for (const name of KCS_TEXT_COLUMNS) {
    const column = keyColumn(name);
    // Trim only when needed: most values have no surrounding spaces.
    const untrimmed = (v: string): boolean => v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32);
    text[name] = column.keys.some(untrimmed) ? deriveKeys(column, (v) => (untrimmed(v) ? v.trim() : v)) : column;
  }

  const labels = table.keys.has(KCS_LABEL) ? readCodes(table, KCS_LABEL, 1) : null;
  const outcomes: Record<string, Uint8Array> = {};
  if (table.keys.has(KCS_CRITICAL)) {
    const critical = readCodes(table, KCS_CRITICAL, 2);
    for (let i = 0; i < n; i++) critical[i] = critical[i] === 2 ? 1 : 0;
    outcomes[CRITICAL_OUTCOME] = critical;
  }

  const ids = table.strings.get(KCS_ID)!;
  for (let i = 0; i < n; i++) if (ids[i]!.trim() === '') throw valueError(table, i, KCS_ID, 'empty identifier');
  return { rowCount: n, idName: KCS_ID, ids, days, labels, outcomes, text, numbers };
}

/** The first row whose key satisfies `bad`, or -1. */
function firstRowWith(column: KeyIds, bad: (key: number) => boolean): number {
  if (!column.keys.some((_, k) => bad(k))) return -1;
  return column.ids.findIndex((k) => bad(k));
}

/** Integer codes 0..max (e.g. Fraud 0/1); "1.0" is accepted as 1. */
function readCodes(table: CsvColumns, name: string, max: number): Uint8Array {
  const column = table.keys.get(name)!;
  const codeOf = column.keys.map((key) => {
    const raw = key.trim();
    const v = raw === '' ? Number.NaN : Number(raw);
    return Number.isInteger(v) && v >= 0 && v <= max ? v : -1;
  });
  const bad = firstRowWith(column, (k) => codeOf[k] === -1);
  if (bad >= 0) {
    const allowed = Array.from({ length: max + 1 }, (_, k) => k).join('/');
    throw valueError(table, bad, name, `'${column.keys[column.ids[bad]!]}' is not ${allowed}`);
  }
  const out = new Uint8Array(column.ids.length);
  for (let i = 0; i < out.length; i++) out[i] = codeOf[column.ids[i]!]!;
  return out;
}

export function parseDay(value: string): number | null {
  const match = DATE_PATTERN.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const time = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(time);
  if (back.getUTCMonth() !== Number(m) - 1 || back.getUTCDate() !== Number(d)) return null;
  return Math.round(time / 86_400_000);
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function selectKcsRecords(records: KcsRecords, rows: ArrayLike<number>): KcsRecords {
  const pick = <T>(values: T[]): T[] => Array.from({ length: rows.length }, (_, i) => values[rows[i]!]!);
  const pickTyped = <A extends Int32Array | Float64Array | Uint8Array>(values: A): A => {
    const out = new (values.constructor as new (n: number) => A)(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
    return out;
  };
  const text = {} as Record<KcsTextColumn, KeyIds>;
  for (const name of KCS_TEXT_COLUMNS) text[name] = selectKeys(records.text[name], rows);
  const numbers = {} as Record<KcsNumericColumn, Float64Array>;
  for (const name of KCS_NUMERIC_COLUMNS) numbers[name] = pickTyped(records.numbers[name]);
  const outcomes: Record<string, Uint8Array> = {};
  for (const [name, values] of Object.entries(records.outcomes)) outcomes[name] = pickTyped(values);
  return {
    rowCount: rows.length,
    idName: records.idName,
    ids: pick(records.ids),
    days: pickTyped(records.days),
    labels: records.labels ? pickTyped(records.labels) : null,
    outcomes,
    text,
    numbers,
  };
}

function concatRecords(parts: KcsRecords[]): KcsRecords {
  const n = parts.reduce((sum, p) => sum + p.rowCount, 0);
  const concatTyped = <A extends Int32Array | Float64Array | Uint8Array>(arrays: A[]): A => {
    const out = new (arrays[0]!.constructor as new (n: number) => A)(n);
    let offset = 0;
    for (const a of arrays) {
      out.set(a, offset);
      offset += a.length;
    }
    return out;
  };
  const text = {} as Record<KcsTextColumn, KeyIds>;
  for (const name of KCS_TEXT_COLUMNS) text[name] = concatKeys(parts.map((p) => p.text[name]));
  const numbers = {} as Record<KcsNumericColumn, Float64Array>;
  for (const name of KCS_NUMERIC_COLUMNS) numbers[name] = concatTyped(parts.map((p) => p.numbers[name]));
  // A label or outcome is kept only when every file has it.
  const labels = parts.every((p) => p.labels) ? concatTyped(parts.map((p) => p.labels!)) : null;
  const outcomes: Record<string, Uint8Array> = {};
  for (const name of Object.keys(parts[0]!.outcomes)) {
    if (parts.every((p) => p.outcomes[name])) outcomes[name] = concatTyped(parts.map((p) => p.outcomes[name]!));
  }
  return {
    rowCount: n,
    idName: KCS_ID,
    ids: parts.flatMap((p) => p.ids),
    days: concatTyped(parts.map((p) => p.days)),
    labels,
    outcomes,
    text,
    numbers,
  };
}
