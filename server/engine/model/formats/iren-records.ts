/**
 * Records of the `iren` model data format: one row per consignment, as stored in iren's database
 * (server/services/risk/model-data.ts reads them; this file knows no database). The label is the
 * inspection result (1 = irregularity or seizure); `control` marks the random control sample of targeting,
 * the only rows on which precision is an unbiased estimate.
 *
 *   const records = irenRecordsFromRows(rows);   // rows: IrenRow[] in any order
 */
import type { ModelRecords } from './format.ts';

export const IREN_LABEL = 'inspection result';
/** Extra outcome reported by `model evaluate`: a seizure (not only an irregularity). */
export const SEIZURE_OUTCOME = 'seizure';

/** Transport modes with their own category code; anything else is 'other'. */
export const IREN_MODES = ['sea', 'air', 'road', 'rail'] as const;

export const IREN_TEXT_COLUMNS = [
  'country',
  'unit',
  'mode',
  'carrier',
  'hs2',
  'hs4',
  'loading',
  'loadingCountry',
  'discharge',
  'transshipment',
  'origin',
  'shipper',
  'consignee',
] as const;
export type IrenTextColumn = (typeof IREN_TEXT_COLUMNS)[number];

export const IREN_NUMERIC_COLUMNS = ['value', 'netMassKg', 'grossMassKg', 'packages', 'qualityScore', 'goodsItems', 'containers', 'transshipments'] as const;
export type IrenNumericColumn = (typeof IREN_NUMERIC_COLUMNS)[number];

/** One consignment as the model sees it. Text values are '' when unknown; numbers NaN. */
export interface IrenRow {
  id: string;
  /** Arrival day, YYYY-MM-DD. */
  day: string;
  text: Record<IrenTextColumn, string>;
  numbers: Record<IrenNumericColumn, number>;
  /** null when not inspected (scoring). */
  label: 0 | 1 | null;
  seizure: 0 | 1;
  control: 0 | 1;
}

export interface IrenRecords extends ModelRecords {
  text: Record<IrenTextColumn, string[]>;
  numbers: Record<IrenNumericColumn, Float64Array>;
  /** 1 = the consignment was in the random control sample of targeting. */
  control: Uint8Array;
}

export function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/** Records in (day, id) order, so "earlier" is well defined and results do not depend on query order. */
export function irenRecordsFromRows(input: readonly IrenRow[], withLabels: boolean): IrenRecords {
  const sorted = [...input].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = sorted.length;
  const text = Object.fromEntries(IREN_TEXT_COLUMNS.map((c) => [c, sorted.map((r) => r.text[c])])) as Record<IrenTextColumn, string[]>;
  const numbers = Object.fromEntries(IREN_NUMERIC_COLUMNS.map((c) => [c, Float64Array.from(sorted, (r) => r.numbers[c])])) as Record<IrenNumericColumn, Float64Array>;
  return {
    rowCount: n,
    idName: 'consignment id',
    ids: sorted.map((r) => r.id),
    days: Int32Array.from(sorted, (r) => dayNumber(r.day)),
    labels: withLabels ? Uint8Array.from(sorted, (r) => r.label ?? 0) : null,
    outcomes: { [SEIZURE_OUTCOME]: Uint8Array.from(sorted, (r) => r.seizure) },
    text,
    numbers,
    control: Uint8Array.from(sorted, (r) => r.control),
  };
}

export function selectIrenRecords(records: IrenRecords, rows: ArrayLike<number>): IrenRecords {
  const idx = Array.from(rows);
  const pickText = (xs: string[]) => idx.map((i) => xs[i]!);
  return {
    rowCount: idx.length,
    idName: records.idName,
    ids: pickText(records.ids),
    days: Int32Array.from(idx, (i) => records.days[i]!),
    labels: records.labels ? Uint8Array.from(idx, (i) => records.labels![i]!) : null,
    outcomes: Object.fromEntries(Object.entries(records.outcomes).map(([k, v]) => [k, Uint8Array.from(idx, (i) => v[i]!)])),
    text: Object.fromEntries(IREN_TEXT_COLUMNS.map((c) => [c, pickText(records.text[c])])) as Record<IrenTextColumn, string[]>,
    numbers: Object.fromEntries(IREN_NUMERIC_COLUMNS.map((c) => [c, Float64Array.from(idx, (i) => records.numbers[c][i]!)])) as Record<IrenNumericColumn, Float64Array>,
    control: Uint8Array.from(idx, (i) => records.control[i]!),
  };
}
