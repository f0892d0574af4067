/**
 * Features of KCS declarations. Three families:
 *  - categorical codes of low-cardinality columns (office, transport mode, tax type, countries, HS chapter…),
 *    split natively by the trees; values rare in training share the code 0 "(other)";
 *  - per key group (importer, declarant, seller, HS6, route…): how many other training rows share the key
 *    and the key's smoothed fraud rate, out of fold for training rows (target-encoding.ts);
 *  - numbers: tax rate, mass, price, value per kg and how far it lies from the usual value per kg of the
 *    same HS code in training, tax rate against the HS code's usual rate, weekday.
 * Everything learnt from training data is kept in `KcsEncodings`, which goes into the model file.
 *
 *   const { encodings, matrix } = fitKcsFeatures(trainingRecords, { seed: 1 });
 *   const newMatrix = transformKcsFeatures(newRecords, encodings);
 */
import { ModelInputError } from '../errors.ts';
import { createFeatureMatrix, MAX_CATEGORIES, type FeatureMatrix, type FeatureSpec } from '../feature-matrix.ts';
import { deriveSeed } from '../random.ts';
import {
  assignFolds,
  encodeOutOfFold,
  encodeWithStatistics,
  fitKeyStatistics,
  type KeyEncoding,
  type KeyStatistics,
  type Smoothing,
} from '../target-encoding.ts';
import type { FitOptions, FittedFeatures } from './format.ts';
import type { KcsRecords, KcsTextColumn } from './kcs-records.ts';

export const KCS_ENCODINGS_VERSION = 1;

type KeyOf = (records: KcsRecords) => string[];

const column =
  (name: KcsTextColumn): KeyOf =>
  (records) =>
    records.text[name];
const prefix =
  (name: KcsTextColumn, length: number): KeyOf =>
  (records) =>
    records.text[name].map((v) => v.slice(0, length));
const pair =
  (a: KeyOf, b: KeyOf): KeyOf =>
  (records) => {
    const left = a(records);
    const right = b(records);
    return left.map((v, i) => `${v}\u0001${right[i]}`);
  };

/** Low-cardinality columns given to the trees as categories. */
const CATEGORICAL: { name: string; key: KeyOf }[] = [
  { name: 'office', key: column('Office ID') },
  { name: 'process_type', key: column('Process Type') },
  { name: 'import_type', key: column('Import Type') },
  { name: 'import_use', key: column('Import Use') },
  { name: 'payment_type', key: column('Payment Type') },
  { name: 'transport_mode', key: column('Mode of Transport') },
  { name: 'tax_type', key: column('Tax Type') },
  { name: 'origin_indicator', key: column('Country of Origin Indicator') },
  { name: 'departure', key: column('Country of Departure') },
  { name: 'origin', key: column('Country of Origin') },
  { name: 'hs_chapter', key: prefix('HS6 Code', 2) },
];

const importer = column('Importer ID');
const declarant = column('Declarant ID');
const hs6 = column('HS6 Code');

/** Key groups encoded by frequency and out-of-fold fraud rate. */
const KEY_GROUPS: { name: string; key: KeyOf }[] = [
  { name: 'importer', key: importer },
  { name: 'declarant', key: declarant },
  { name: 'seller', key: column('Seller ID') },
  { name: 'courier', key: column('Courier ID') },
  { name: 'office', key: column('Office ID') },
  { name: 'hs6', key: hs6 },
  { name: 'hs4', key: prefix('HS6 Code', 4) },
  { name: 'route', key: pair(column('Country of Departure'), column('Country of Origin')) },
  { name: 'importer_hs6', key: pair(importer, hs6) },
  { name: 'declarant_importer', key: pair(declarant, importer) },
  { name: 'hs6_origin', key: pair(hs6, column('Country of Origin')) },
];

/** Levels at which the usual value per kg is looked up, most specific first. */
const UNIT_VALUE_LEVELS = [6, 4, 2] as const;
const MIN_ROWS_FOR_NORM = 5;
const MIN_CATEGORY_ROWS = 5;
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

export interface KeyTable {
  keys: string[];
  counts: number[];
  positives: number[];
}

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
  /** Per categorical feature, the value of each code; code 0 is "(other)". */
  vocabularies: Record<string, string[]>;
  /** Per key group, training counts and fraud counts. */
  keyGroups: Record<string, KeyTable>;
  /** Usual log value per kg by HS prefix length ('6', '4', '2'), and over all rows. */
  valuePerKg: { levels: Record<string, NormTable>; global: { median: number; scale: number } };
  /** Usual tax rate per HS6 code. */
  taxRateByHs6: NormTable;
}

export function kcsFeatureSpecs(encodings: KcsEncodings): FeatureSpec[] {
  return [
    ...CATEGORICAL.map(
      (c): FeatureSpec => ({ name: c.name, kind: 'categorical', categories: encodings.vocabularies[c.name]!.length }),
    ),
    ...KEY_GROUPS.flatMap((g): FeatureSpec[] => [
      { name: `${g.name}_count`, kind: 'numeric' },
      { name: `${g.name}_fraud_rate`, kind: 'numeric' },
    ]),
    ...NUMERIC.map((name): FeatureSpec => ({ name, kind: 'numeric' })),
  ];
}

export function fitKcsFeatures(records: KcsRecords, options: FitOptions): FittedFeatures<KcsEncodings> {
  const labels = records.labels;
  if (!labels) throw new ModelInputError('training data has no Fraud column');
  if (records.rowCount === 0) throw new ModelInputError('training data has no rows');
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  const prior = positives / records.rowCount;

  const vocabularies: Record<string, string[]> = {};
  for (const c of CATEGORICAL) vocabularies[c.name] = fitVocabulary(c.key(records));

  const keyGroups: Record<string, KeyTable> = {};
  for (const g of KEY_GROUPS) {
    const stats = fitKeyStatistics(g.key(records), labels);
    keyGroups[g.name] = { keys: [...stats.index.keys()], counts: [...stats.counts], positives: [...stats.positives] };
  }

  const logValue = logValuePerKg(records);
  const levels: Record<string, NormTable> = {};
  for (const length of UNIT_VALUE_LEVELS) levels[String(length)] = fitNorms(prefix('HS6 Code', length)(records), logValue);
  const taxRateByHs6 = fitNorms(hs6(records), records.numbers['Tax Rate']);
  const encodings: KcsEncodings = {
    version: KCS_ENCODINGS_VERSION,
    prior,
    smoothing: SMOOTHING,
    folds: FOLDS,
    vocabularies,
    keyGroups,
    valuePerKg: { levels, global: robustCentre(Array.from(logValue).filter((v) => !Number.isNaN(v))) },
    taxRateByHs6,
  };

  const folds = assignFolds(records.rowCount, FOLDS, deriveSeed(options.seed, 101));
  const smoothing: Smoothing = { prior, smoothing: SMOOTHING };
  const matrix = buildMatrix(records, encodings, (group, keys) => {
    void group;
    return encodeOutOfFold(keys, labels, folds, FOLDS, smoothing);
  });
  return { encodings, matrix };
}

const statisticsCache = new WeakMap<KcsEncodings, Map<string, KeyStatistics>>();

export function transformKcsFeatures(records: KcsRecords, encodings: KcsEncodings): FeatureMatrix {
  let stats = statisticsCache.get(encodings);
  if (!stats) {
    stats = new Map();
    for (const [name, table] of Object.entries(encodings.keyGroups)) {
      stats.set(name, {
        index: new Map(table.keys.map((k, i) => [k, i])),
        counts: Float64Array.from(table.counts),
        positives: Float64Array.from(table.positives),
      });
    }
    statisticsCache.set(encodings, stats);
  }
  const smoothing: Smoothing = { prior: encodings.prior, smoothing: encodings.smoothing };
  const groupStats = stats;
  return buildMatrix(records, encodings, (group, keys) => encodeWithStatistics(keys, groupStats.get(group)!, smoothing));
}

function buildMatrix(
  records: KcsRecords,
  encodings: KcsEncodings,
  encodeKeys: (group: string, keys: string[]) => KeyEncoding,
): FeatureMatrix {
  const n = records.rowCount;
  const matrix = createFeatureMatrix(kcsFeatureSpecs(encodings), n);
  let f = 0;
  for (const c of CATEGORICAL) {
    const vocabulary = encodings.vocabularies[c.name]!;
    const codes = new Map(vocabulary.map((v, i) => [v, i]));
    const values = c.key(records);
    const out = matrix.columns[f++]!;
    for (let i = 0; i < n; i++) out[i] = codes.get(values[i]!) ?? 0;
  }
  for (const g of KEY_GROUPS) {
    const { count, rate } = encodeKeys(g.name, g.key(records));
    matrix.columns[f++]!.set(count);
    matrix.columns[f++]!.set(rate);
  }
  const taxRate = records.numbers['Tax Rate'];
  const mass = records.numbers['Net Mass'];
  const price = records.numbers['Item Price'];
  const logValue = logValuePerKg(records);
  const valueNorm = normLookup(records, encodings);
  const taxNorms = new Map(encodings.taxRateByHs6.keys.map((k, i) => [k, encodings.taxRateByHs6.median[i]!]));
  const hsCodes = hs6(records);
  const columns = Object.fromEntries(NUMERIC.map((name) => [name, matrix.columns[f++]!])) as Record<
    (typeof NUMERIC)[number],
    Float32Array
  >;
  for (let i = 0; i < n; i++) {
    columns.tax_rate[i] = taxRate[i]!;
    columns.log_net_mass[i] = Math.log1p(Math.max(0, mass[i]!));
    columns.log_item_price[i] = Math.log1p(Math.max(0, price[i]!));
    columns.log_value_per_kg[i] = logValue[i]!;
    const norm = valueNorm(i);
    columns.value_per_kg_deviation[i] = (logValue[i]! - norm.median) / norm.scale;
    const usualTax = taxNorms.get(hsCodes[i]!);
    columns.tax_rate_deviation[i] = usualTax === undefined ? Number.NaN : taxRate[i]! - usualTax;
    columns.weekday[i] = (((records.days[i]! + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  }
  return matrix;
}

/** ln((price + 1) / (mass + 1)); NaN when either is missing. */
function logValuePerKg(records: KcsRecords): Float64Array {
  const mass = records.numbers['Net Mass'];
  const price = records.numbers['Item Price'];
  const out = new Float64Array(records.rowCount);
  for (let i = 0; i < out.length; i++) out[i] = Math.log1p(Math.max(0, price[i]!)) - Math.log1p(Math.max(0, mass[i]!));
  return out;
}

/** For each row, the most specific HS-level norm of log value per kg known from training. */
function normLookup(records: KcsRecords, encodings: KcsEncodings): (row: number) => { median: number; scale: number } {
  const tables = UNIT_VALUE_LEVELS.map((length) => {
    const table = encodings.valuePerKg.levels[String(length)]!;
    return {
      keys: prefix('HS6 Code', length)(records),
      index: new Map(table.keys.map((k, i) => [k, i])),
      table,
    };
  });
  const global = encodings.valuePerKg.global;
  return (row) => {
    for (const { keys, index, table } of tables) {
      const at = index.get(keys[row]!);
      if (at !== undefined) return { median: table.median[at]!, scale: table.scale[at]! };
    }
    return global;
  };
}

function fitVocabulary(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const kept = [...counts.entries()]
    .filter(([, c]) => c >= MIN_CATEGORY_ROWS)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_CATEGORIES - 1)
    .map(([v]) => v);
  return ['(other)', ...kept.filter((v) => v !== '(other)')];
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
    const table = { keys: strings(v.keys, `${what}.keys`), median: numbers(v.median, `${what}.median`), scale: numbers(v.scale, `${what}.scale`) };
    if (table.median.length !== table.keys.length || table.scale.length !== table.keys.length) fail(`${what}: lengths differ`);
    return table;
  };

  if (!isObject(value)) return fail('missing');
  if (value.version !== KCS_ENCODINGS_VERSION) fail(`version ${String(value.version)} is not supported`);
  const vocabularies: Record<string, string[]> = {};
  if (!isObject(value.vocabularies)) fail('vocabularies missing');
  for (const c of CATEGORICAL) {
    const vocabulary = strings((value.vocabularies as Record<string, unknown>)[c.name], `vocabularies.${c.name}`);
    if (vocabulary.length < 1 || vocabulary.length > MAX_CATEGORIES) fail(`vocabularies.${c.name} has a bad size`);
    vocabularies[c.name] = vocabulary;
  }
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
  if (!isObject(valuePerKg) || !isObject(valuePerKg.levels) || !isObject(valuePerKg.global)) return fail('valuePerKg missing');
  const levels: Record<string, NormTable> = {};
  for (const length of UNIT_VALUE_LEVELS) {
    levels[String(length)] = norm((valuePerKg.levels as Record<string, unknown>)[String(length)], `valuePerKg.levels.${length}`);
  }
  const global = valuePerKg.global as Record<string, unknown>;
  return {
    version: KCS_ENCODINGS_VERSION,
    prior: num(value.prior, 'prior'),
    smoothing: num(value.smoothing, 'smoothing'),
    folds: num(value.folds, 'folds'),
    vocabularies,
    keyGroups,
    valuePerKg: { levels, global: { median: num(global.median, 'valuePerKg.global.median'), scale: num(global.scale, 'valuePerKg.global.scale') } },
    taxRateByHs6: norm(value.taxRateByHs6, 'taxRateByHs6'),
  };
}
