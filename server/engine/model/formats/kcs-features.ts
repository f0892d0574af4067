/**
 * Features of KCS declarations, all numeric:
 *  - per key group — a column (importer, declarant, seller, office, transport mode, …), an HS prefix, or a
 *    combination (HS6 × origin, HS6 × origin × departure × tax type, …): how many other training rows
 *    share the key, and the key's smoothed fraud rate, out of fold for training rows (target-encoding.ts);
 *  - tax rate, mass, price, value per kg, how far the value per kg lies from the usual value per kg of
 *    the same HS code in training (robust z-score), the tax rate against the HS code's usual rate, weekday.
 * Everything learnt from training data is kept in `KcsEncodings`, which goes into the model file.
 *
 * Low-cardinality columns are target-encoded too rather than split natively as categories: on this data
 * both give the same precision (docs/model.md), and all-numeric trees score faster.
 *
 *   const { encodings, matrix } = fitKcsFeatures(trainingRecords, { seed: 1 });
 *   const newMatrix = transformKcsFeatures(newRecords, encodings);
 */
import { ModelInputError } from '../errors.ts';
import { createFeatureMatrix, type FeatureMatrix, type FeatureSpec } from '../feature-matrix.ts';
import { deriveSeed } from '../random.ts';
import {
  assignFolds,
  combineKeys,
  encodeOutOfFold,
  encodeWithTable,
  fitKeyTable,
  indexKeyTable,
  type IndexedKeyTable,
  type KeyEncoding,
  type KeyTable,
  type Smoothing,
} from '../target-encoding.ts';
import { deriveKeys, keyValues, type KeyIds } from '../keys.ts';
import type { FitOptions, FittedFeatures } from './format.ts';
import type { KcsRecords, KcsTextColumn } from './kcs-records.ts';

export const KCS_ENCODINGS_VERSION = 1;

/** A key part: a text column, or the first 2 or 4 digits of the HS6 code. */
type KeyPart = KcsTextColumn | 'HS2' | 'HS4';

const KEY_GROUPS: { name: string; parts: KeyPart[] }[] = [
  { name: 'office', parts: ['Office ID'] },
  { name: 'process_type', parts: ['Process Type'] },
  { name: 'import_type', parts: ['Import Type'] },
  { name: 'import_use', parts: ['Import Use'] },
  { name: 'payment_type', parts: ['Payment Type'] },
  { name: 'transport_mode', parts: ['Mode of Transport'] },
  { name: 'tax_type', parts: ['Tax Type'] },
  { name: 'origin_indicator', parts: ['Country of Origin Indicator'] },
  { name: 'departure', parts: ['Country of Departure'] },
  { name: 'origin', parts: ['Country of Origin'] },
  { name: 'importer', parts: ['Importer ID'] },
  { name: 'declarant', parts: ['Declarant ID'] },
  { name: 'seller', parts: ['Seller ID'] },
  { name: 'courier', parts: ['Courier ID'] },
  { name: 'hs2', parts: ['HS2'] },
  { name: 'hs4', parts: ['HS4'] },
  { name: 'hs6', parts: ['HS6 Code'] },
  { name: 'route', parts: ['Country of Departure', 'Country of Origin'] },
  { name: 'importer_hs6', parts: ['Importer ID', 'HS6 Code'] },
  { name: 'declarant_importer', parts: ['Declarant ID', 'Importer ID'] },
  { name: 'hs6_origin', parts: ['HS6 Code', 'Country of Origin'] },
  { name: 'hs6_departure', parts: ['HS6 Code', 'Country of Departure'] },
  { name: 'hs6_tax_type', parts: ['HS6 Code', 'Tax Type'] },
  { name: 'hs4_origin', parts: ['HS4', 'Country of Origin'] },
  { name: 'hs6_route_tax', parts: ['HS6 Code', 'Country of Origin', 'Country of Departure', 'Tax Type'] },
];

/** HS prefix lengths at which the usual value per kg is looked up, most specific first. */
const VALUE_LEVELS = [6, 4, 2] as const;
const MIN_ROWS_FOR_NORM = 5;
const FOLDS = 5;
const SMOOTHING = 20;

const NUMERIC = [
  'tax_rate',
  'log_net_mass',
  'log_item_price',
  'log_value_per_kg',
  'value_per_kg_deviation',
  'tax_rate_deviation',
  'weekday',
] as const;

export interface NormTable {
  keys: string[];
  median: number[];
  scale: number[];
}

export interface KcsEncodings {
  version: number;
  /** Fraud rate of the training rows; unseen keys get it. */
  prior: number;
  smoothing: number;
  folds: number;
  /** Per key group, training counts and fraud counts per key. */
  keyGroups: Record<string, KeyTable>;
  /** Usual log value per kg by HS prefix length ('6', '4', '2'), and over all rows. */
  valuePerKg: { levels: Record<string, NormTable>; global: { median: number; scale: number } };
  /** Usual tax rate per HS6 code. */
  taxRateByHs6: NormTable;
}

export function kcsFeatureSpecs(): FeatureSpec[] {
  return [
    ...KEY_GROUPS.flatMap((g): FeatureSpec[] => [
      { name: `${g.name}_count`, kind: 'numeric' },
      { name: `${g.name}_fraud_rate`, kind: 'numeric' },
    ]),
    ...NUMERIC.map((name): FeatureSpec => ({ name, kind: 'numeric' })),
  ];
}

/** Interned key parts and groups of one set of records, each computed once. */
class RecordKeys {
  private readonly cache = new Map<string, KeyIds>();
  constructor(private readonly records: KcsRecords) {}

  part(part: KeyPart): KeyIds {
    return this.cached(part, () => {
      if (part === 'HS2' || part === 'HS4') {
        const hs6 = this.part('HS6 Code');
        const length = part === 'HS2' ? 2 : 4;
        return deriveKeys(hs6, (key) => key.slice(0, length));
      }
      return this.records.text[part];
    });
  }

  /** A combination of parts; its prefixes are cached too (HS6 × origin serves HS6 × origin × …). */
  group(parts: KeyPart[]): KeyIds {
    if (parts.length === 1) return this.part(parts[0]!);
    return this.cached(parts.join('+'), () => combineKeys(this.group(parts.slice(0, -1)), this.part(parts.at(-1)!)));
  }

  private cached(name: string, make: () => KeyIds): KeyIds {
    let keys = this.cache.get(name);
    if (!keys) this.cache.set(name, (keys = make()));
    return keys;
  }
}

export function fitKcsFeatures(records: KcsRecords, options: FitOptions): FittedFeatures<KcsEncodings> {
  const labels = records.labels;
  if (!labels) throw new ModelInputError('training data has no Fraud column');
  if (records.rowCount === 0) throw new ModelInputError('training data has no rows');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  const prior = positives / records.rowCount;
  const keys = new RecordKeys(records);

  const keyGroups: Record<string, KeyTable> = {};
  for (const g of KEY_GROUPS) keyGroups[g.name] = fitKeyTable(keys.group(g.parts), labels);

  const logValue = logValuePerKg(records);
  const levels: Record<string, NormTable> = {};
  const hs6Values = keyValues(records.text['HS6 Code']);
  for (const length of VALUE_LEVELS) {
    levels[String(length)] = fitNorms(
      hs6Values.map((code) => code.slice(0, length)),
      logValue,
    );
  }
  const encodings: KcsEncodings = {
    version: KCS_ENCODINGS_VERSION,
    prior,
    smoothing: SMOOTHING,
    folds: FOLDS,
    keyGroups,
    valuePerKg: { levels, global: robustCentre(Array.from(logValue).filter((v) => !Number.isNaN(v))) },
    taxRateByHs6: fitNorms(hs6Values, records.numbers['Tax Rate']),
  };

  const folds = assignFolds(records.rowCount, FOLDS, deriveSeed(options.seed, 101));
  const smoothing: Smoothing = { prior, smoothing: SMOOTHING };
  const matrix = buildMatrix(records, keys, encodings, (_name, group, into) =>
    encodeOutOfFold(group, labels, folds, FOLDS, smoothing, into),
  );
  return { encodings, matrix };
}

const indexCache = new WeakMap<KcsEncodings, Map<string, IndexedKeyTable>>();

export function transformKcsFeatures(records: KcsRecords, encodings: KcsEncodings): FeatureMatrix {
  let indexes = indexCache.get(encodings);
  if (!indexes) {
    indexes = new Map(Object.entries(encodings.keyGroups).map(([name, table]) => [name, indexKeyTable(table)]));
    indexCache.set(encodings, indexes);
  }
  const smoothing: Smoothing = { prior: encodings.prior, smoothing: encodings.smoothing };
  const tables = indexes;
  return buildMatrix(records, new RecordKeys(records), encodings, (name, group, into) =>
    encodeWithTable(group, tables.get(name)!, smoothing, into),
  );
}

function buildMatrix(
  records: KcsRecords,
  keys: RecordKeys,
  encodings: KcsEncodings,
  encodeGroup: (name: string, group: KeyIds, into: KeyEncoding) => void,
): FeatureMatrix {
  const n = records.rowCount;
  const matrix = createFeatureMatrix(kcsFeatureSpecs(), n);
  let f = 0;
  for (const g of KEY_GROUPS) {
    encodeGroup(g.name, keys.group(g.parts), { count: matrix.columns[f]!, rate: matrix.columns[f + 1]! });
    f += 2;
  }
  const columns = Object.fromEntries(NUMERIC.map((name) => [name, matrix.columns[f++]!])) as Record<
    (typeof NUMERIC)[number],
    Float32Array
  >;

  // Norms per distinct HS6 code of these records, then per row by id.
  const hs6 = keys.part('HS6 Code');
  const valueMedian = new Float64Array(hs6.keys.length);
  const valueScale = new Float64Array(hs6.keys.length);
  const usualTax = new Float64Array(hs6.keys.length);
  const levelIndexes = VALUE_LEVELS.map((length) => {
    const table = encodings.valuePerKg.levels[String(length)]!;
    return { length, table, index: new Map(table.keys.map((k, i) => [k, i])) };
  });
  const taxIndex = new Map(encodings.taxRateByHs6.keys.map((k, i) => [k, i]));
  hs6.keys.forEach((code, id) => {
    let norm = encodings.valuePerKg.global;
    for (const { length, table, index } of levelIndexes) {
      const at = index.get(code.slice(0, length));
      if (at !== undefined) {
        norm = { median: table.median[at]!, scale: table.scale[at]! };
        break;
      }
    }
    valueMedian[id] = norm.median;
    valueScale[id] = norm.scale;
    const tax = taxIndex.get(code);
    usualTax[id] = tax === undefined ? Number.NaN : encodings.taxRateByHs6.median[tax]!;
  });

  const taxRate = records.numbers['Tax Rate'];
  const mass = records.numbers['Net Mass'];
  const price = records.numbers['Item Price'];
  for (let i = 0; i < n; i++) {
    const id = hs6.ids[i]!;
    const logMass = Math.log1p(Math.max(0, mass[i]!));
    const logPrice = Math.log1p(Math.max(0, price[i]!));
    const logValue = logPrice - logMass; // as logValuePerKg
    columns.tax_rate[i] = taxRate[i]!;
    columns.log_net_mass[i] = logMass;
    columns.log_item_price[i] = logPrice;
    columns.log_value_per_kg[i] = logValue;
    columns.value_per_kg_deviation[i] = (logValue - valueMedian[id]!) / valueScale[id]!;
    columns.tax_rate_deviation[i] = taxRate[i]! - usualTax[id]!;
    columns.weekday[i] = (((records.days[i]! + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  }
  return matrix;
}

/** ln(price + 1) − ln(mass + 1); NaN when either is missing. */
function logValuePerKg(records: KcsRecords): Float64Array {
  const mass = records.numbers['Net Mass'];
  const price = records.numbers['Item Price'];
  const out = new Float64Array(records.rowCount);
  for (let i = 0; i < out.length; i++) out[i] = Math.log1p(Math.max(0, price[i]!)) - Math.log1p(Math.max(0, mass[i]!));
  return out;
}

/** Median and robust scale (1.4826 × MAD, at least 0.05) per key with enough rows. */
function fitNorms(keys: string[], values: Float64Array): NormTable {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    if (Number.isNaN(values[i]!)) continue;
    let list = groups.get(keys[i]!);
    if (!list) groups.set(keys[i]!, (list = []));
    list.push(values[i]!);
  }
  const table: NormTable = { keys: [], median: [], scale: [] };
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!;
    if (list.length < MIN_ROWS_FOR_NORM) continue;
    const centre = robustCentre(list);
    table.keys.push(key);
    table.median.push(centre.median);
    table.scale.push(centre.scale);
  }
  return table;
}

function robustCentre(values: number[]): { median: number; scale: number } {
  if (values.length === 0) return { median: 0, scale: 1 };
  const median = medianOf(values);
  const mad = medianOf(values.map((v) => Math.abs(v - median)));
  return { median, scale: Math.max(0.05, 1.4826 * mad) };
}

function medianOf(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Checks the shape of encodings read from a model file. */
export function parseKcsEncodings(value: unknown): KcsEncodings {
  const fail = (what: string): never => {
    throw new ModelInputError(`model file: kcs encodings: ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const numbers = (v: unknown, what: string): number[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : fail(`${what} must be a number array`);
  const strings = (v: unknown, what: string): string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fail(`${what} must be a string array`);
  const num = (v: unknown, what: string): number =>
    typeof v === 'number' && Number.isFinite(v) ? v : fail(`${what} must be a number`);
  const norm = (v: unknown, what: string): NormTable => {
    if (!isObject(v)) return fail(`${what} missing`);
    const table = {
      keys: strings(v.keys, `${what}.keys`),
      median: numbers(v.median, `${what}.median`),
      scale: numbers(v.scale, `${what}.scale`),
    };
    if (table.median.length !== table.keys.length || table.scale.length !== table.keys.length) {
      fail(`${what}: lengths differ`);
    }
    return table;
  };

  if (!isObject(value)) return fail('missing');
  if (value.version !== KCS_ENCODINGS_VERSION) fail(`version ${String(value.version)} is not supported`);
  const keyGroups: Record<string, KeyTable> = {};
  if (!isObject(value.keyGroups)) fail('keyGroups missing');
  for (const g of KEY_GROUPS) {
    const raw = (value.keyGroups as Record<string, unknown>)[g.name];
    if (!isObject(raw)) return fail(`keyGroups.${g.name} missing`);
    const table = {
      keys: strings(raw.keys, `keyGroups.${g.name}.keys`),
      counts: numbers(raw.counts, `keyGroups.${g.name}.counts`),
      positives: numbers(raw.positives, `keyGroups.${g.name}.positives`),
    };
    if (table.counts.length !== table.keys.length || table.positives.length !== table.keys.length) {
      fail(`keyGroups.${g.name}: lengths differ`);
    }
    keyGroups[g.name] = table;
  }
  const valuePerKg = value.valuePerKg;
  if (!isObject(valuePerKg) || !isObject(valuePerKg.levels) || !isObject(valuePerKg.global)) {
    return fail('valuePerKg missing');
  }
  const levels: Record<string, NormTable> = {};
  for (const length of VALUE_LEVELS) {
    levels[String(length)] = norm(
      (valuePerKg.levels as Record<string, unknown>)[String(length)],
      `valuePerKg.levels.${length}`,
    );
  }
  const global = valuePerKg.global as Record<string, unknown>;
  return {
    version: KCS_ENCODINGS_VERSION,
    prior: num(value.prior, 'prior'),
    smoothing: num(value.smoothing, 'smoothing'),
    folds: num(value.folds, 'folds'),
    keyGroups,
    valuePerKg: {
      levels,
      global: { median: num(global.median, 'valuePerKg.global.median'), scale: num(global.scale, 'valuePerKg.global.scale') },
    },
    taxRateByHs6: norm(value.taxRateByHs6, 'taxRateByHs6'),
  };
}
