/**
 * Features of iren consignments, computed only from data earlier than the row:
 *  - per key group (shipper, consignee, shipper–consignee pair, carrier, HS chapter/heading, HS heading ×
 *    origin, place of loading, its country, transshipment hub, whole route, origin country, unit): how many
 *    earlier inspected consignments share the key, their smoothed positive rate, and (parties) the days
 *    since the key was first seen. Party keys are scoped by receiving country, so a national consignee's
 *    history is its own country's inspections even in a network model;
 *  - value per kg and gross mass per package, and how far they lie from the HS heading's earlier history
 *    (z-score of the logarithm; HS chapter, then all rows, when the heading has too little history);
 *  - data-quality score, goods items, containers, transshipments, transport mode (categorical).
 *
 * "Earlier" is strict: a training row of day d sees the rows of days < d only (never its own day, so
 * never its own label), the way the model sees a new consignment at scoring time. Training walks the
 * rows day by day, encoding a day's rows before adding them to the statistics — an ordered target
 * statistic rather than folds. New rows (scoring) use the statistics of all training rows, which are all
 * earlier. `IrenEncodings` is what goes into the model file.
 *
 *   const { encodings, matrix } = fitIrenFeatures(records, { seed: 1 });
 *   const matrix2 = transformIrenFeatures(newRecords, encodings);
 */
import { ModelInputError } from '../errors.ts';
import { createFeatureMatrix, type FeatureMatrix, type FeatureSpec } from '../feature-matrix.ts';
import type { FitOptions, FittedFeatures } from './format.ts';
import { IREN_MODES, type IrenRecords, type IrenTextColumn } from './iren-records.ts';

export const IREN_ENCODINGS_VERSION = 1;
const SEPARATOR = '\u001f';
/** Pseudo-count pulling rare keys towards the overall rate. */
const SMOOTHING = 5;
/** Rows of history a norm needs before a deviation is computed from it. */
const MIN_NORM_ROWS = 3;
const MIN_NORM_SCALE = 0.1;

export const IREN_KEY_GROUPS = [
  { name: 'shipper', parts: ['country', 'shipper'], firstSeen: true },
  { name: 'consignee', parts: ['country', 'consignee'], firstSeen: true },
  { name: 'pair', parts: ['country', 'shipper', 'consignee'], firstSeen: true },
  { name: 'carrier', parts: ['carrier'], firstSeen: false },
  { name: 'hs2', parts: ['hs2'], firstSeen: false },
  { name: 'hs4', parts: ['hs4'], firstSeen: false },
  { name: 'hs4_origin', parts: ['hs4', 'origin'], firstSeen: false },
  { name: 'loading', parts: ['loading'], firstSeen: false },
  { name: 'loading_country', parts: ['loadingCountry'], firstSeen: false },
  { name: 'transshipment', parts: ['transshipment'], firstSeen: false },
  { name: 'route', parts: ['loading', 'transshipment', 'discharge'], firstSeen: false },
  { name: 'origin', parts: ['origin'], firstSeen: false },
  { name: 'unit', parts: ['unit'], firstSeen: false },
] as const satisfies readonly { name: string; parts: readonly IrenTextColumn[]; firstSeen: boolean }[];
export type IrenKeyGroup = (typeof IREN_KEY_GROUPS)[number]['name'];

/** Measures compared with the HS heading's history. */
export const IREN_NORMS = ['value_per_kg', 'gross_per_package'] as const;
export type IrenNorm = (typeof IREN_NORMS)[number];

const PLAIN = ['quality_score', 'goods_items', 'containers', 'transshipments'] as const;

/** Columns also given as categories, by the key group whose sentence explains them. */
export const IREN_CATEGORICAL = [
  { group: 'hs2', column: 'hs2' },
  { group: 'transshipment', column: 'transshipment' },
  { group: 'loading_country', column: 'loadingCountry' },
  { group: 'carrier', column: 'carrier' },
  { group: 'origin', column: 'origin' },
] as const satisfies readonly { group: IrenKeyGroup; column: IrenTextColumn }[];
/** Values with their own code per categorical column; later new values share one code. */
const MAX_VOCABULARY = 60;

export interface GroupTable {
  keys: string[];
  counts: number[];
  positives: number[];
  firstDay: number[];
}

/** Running mean and spread of a log measure per key (Welford). */
export interface NormTable {
  keys: string[];
  counts: number[];
  means: number[];
  m2: number[];
}

export interface IrenEncodings {
  version: number;
  rows: number;
  positives: number;
  groups: Record<IrenKeyGroup, GroupTable>;
  /** Per measure: by HS heading ('4'), chapter ('2') and over all rows (key ''). */
  norms: Record<IrenNorm, Record<'4' | '2' | 'all', NormTable>>;
  /** Per categorical column, the values with their own code (code = index). */
  vocabulary: Record<string, string[]>;
}

export function irenFeatureSpecs(): FeatureSpec[] {
  return [
    ...IREN_KEY_GROUPS.flatMap((g): FeatureSpec[] => [
      { name: `${g.name}_count`, kind: 'numeric' },
      { name: `${g.name}_rate`, kind: 'numeric' },
      ...(g.firstSeen ? [{ name: `${g.name}_days_known`, kind: 'numeric' } as FeatureSpec] : []),
    ]),
    ...IREN_NORMS.flatMap((m): FeatureSpec[] => [
      { name: `log_${m}`, kind: 'numeric' },
      { name: `${m}_deviation`, kind: 'numeric' },
    ]),
    ...PLAIN.map((name): FeatureSpec => ({ name, kind: 'numeric' })),
    { name: 'mode', kind: 'categorical', categories: IREN_MODES.length + 1 },
    ...IREN_CATEGORICAL.map((c): FeatureSpec => ({ name: `${c.group}_code`, kind: 'categorical', categories: MAX_VOCABULARY + 1 })),
  ];
}

/** The key of a group for row i, or null when a part is unknown. */
export function groupKey(records: IrenRecords, parts: readonly IrenTextColumn[], i: number): string | null {
  let key = '';
  for (const [k, part] of parts.entries()) {
    const v = records.text[part][i]!;
    // The transshipment hub of a route may be absent (direct call); the other parts may not.
    if (v === '' && !(part === 'transshipment' && parts.length > 1)) return null;
    key += (k ? SEPARATOR : '') + v;
  }
  return key;
}

/** Log of a measure of row i, or NaN. */
export function logMeasure(records: IrenRecords, measure: IrenNorm, i: number): number {
  const n = records.numbers;
  if (measure === 'value_per_kg') {
    const mass = Number.isFinite(n.netMassKg[i]!) && n.netMassKg[i]! > 0 ? n.netMassKg[i]! : n.grossMassKg[i]!;
    const value = n.value[i]!;
    return Number.isFinite(mass) && mass > 0 && Number.isFinite(value) && value > 0 ? Math.log(value / mass) : Number.NaN;
  }
  const gross = n.grossMassKg[i]!;
  const packages = n.packages[i]!;
  return Number.isFinite(gross) && gross > 0 && Number.isFinite(packages) && packages > 0 ? Math.log(gross / packages) : Number.NaN;
}

/** The norm key of row i at an HS level: the first 4 or 2 digits, '' for all rows; null when unknown. */
function normKey(records: IrenRecords, level: '4' | '2' | 'all', i: number): string | null {
  if (level === 'all') return '';
  const v = records.text[level === '4' ? 'hs4' : 'hs2'][i]!;
  return v === '' ? null : v;
}

const NORM_LEVELS = ['4', '2', 'all'] as const;

/** Mutable statistics, filled row by row; frozen into tables for the model file. */
class Stats {
  readonly groups = new Map<IrenKeyGroup, Map<string, { count: number; positives: number; firstDay: number }>>();
  readonly norms = new Map<string, Map<string, { count: number; mean: number; m2: number }>>();
  rows = 0;
  positives = 0;

  constructor() {
    for (const g of IREN_KEY_GROUPS) this.groups.set(g.name, new Map());
    for (const m of IREN_NORMS) for (const l of NORM_LEVELS) this.norms.set(`${m}:${l}`, new Map());
  }

  add(records: IrenRecords, i: number, label: number): void {
    this.rows++;
    this.positives += label;
    for (const g of IREN_KEY_GROUPS) {
      const key = groupKey(records, g.parts, i);
      if (key === null) continue;
      const table = this.groups.get(g.name)!;
      const s = table.get(key);
      if (s) {
        s.count++;
        s.positives += label;
        s.firstDay = Math.min(s.firstDay, records.days[i]!);
      } else {
        table.set(key, { count: 1, positives: label, firstDay: records.days[i]! });
      }
    }
    for (const m of IREN_NORMS) {
      const x = logMeasure(records, m, i);
      if (Number.isNaN(x)) continue;
      for (const l of NORM_LEVELS) {
        const key = normKey(records, l, i);
        if (key === null) continue;
        const table = this.norms.get(`${m}:${l}`)!;
        let s = table.get(key);
        if (!s) table.set(key, (s = { count: 0, mean: 0, m2: 0 }));
        s.count++;
        const delta = x - s.mean;
        s.mean += delta / s.count;
        s.m2 += delta * (x - s.mean);
      }
    }
  }

  toEncodings(): Omit<IrenEncodings, 'vocabulary'> {
    const groups = {} as Record<IrenKeyGroup, GroupTable>;
    for (const [name, table] of this.groups) {
      const keys = [...table.keys()].sort();
      groups[name] = {
        keys,
        counts: keys.map((k) => table.get(k)!.count),
        positives: keys.map((k) => table.get(k)!.positives),
        firstDay: keys.map((k) => table.get(k)!.firstDay),
      };
    }
    const norms = {} as IrenEncodings['norms'];
    for (const m of IREN_NORMS) {
      norms[m] = {} as Record<'4' | '2' | 'all', NormTable>;
      for (const l of NORM_LEVELS) {
        const table = this.norms.get(`${m}:${l}`)!;
        const keys = [...table.keys()].sort();
        norms[m][l] = { keys, counts: keys.map((k) => table.get(k)!.count), means: keys.map((k) => table.get(k)!.mean), m2: keys.map((k) => table.get(k)!.m2) };
      }
    }
    return { version: IREN_ENCODINGS_VERSION, rows: this.rows, positives: this.positives, groups, norms };
  }
}

/** Read access to statistics, whether running (training) or frozen (model file). */
interface StatsView {
  rows: number;
  positives: number;
  group(name: IrenKeyGroup, key: string): { count: number; positives: number; firstDay: number } | undefined;
  norm(measure: IrenNorm, level: '4' | '2' | 'all', key: string): { count: number; mean: number; m2: number } | undefined;
}

function runningView(stats: Stats): StatsView {
  return {
    get rows() {
      return stats.rows;
    },
    get positives() {
      return stats.positives;
    },
    group: (name, key) => stats.groups.get(name)!.get(key),
    norm: (m, l, key) => stats.norms.get(`${m}:${l}`)!.get(key),
  };
}

const frozenViews = new WeakMap<IrenEncodings, StatsView>();

export function encodingsView(encodings: IrenEncodings): StatsView {
  let view = frozenViews.get(encodings);
  if (view) return view;
  const groupIndex = new Map(Object.entries(encodings.groups).map(([name, t]) => [name, new Map(t.keys.map((k, i) => [k, i]))]));
  const normIndex = new Map<string, Map<string, number>>();
  for (const m of IREN_NORMS) for (const l of NORM_LEVELS) normIndex.set(`${m}:${l}`, new Map(encodings.norms[m][l].keys.map((k, i) => [k, i])));
  view = {
    rows: encodings.rows,
    positives: encodings.positives,
    group(name, key) {
      const at = groupIndex.get(name)!.get(key);
      if (at === undefined) return undefined;
      const t = encodings.groups[name];
      return { count: t.counts[at]!, positives: t.positives[at]!, firstDay: t.firstDay[at]! };
    },
    norm(m, l, key) {
      const at = normIndex.get(`${m}:${l}`)!.get(key);
      if (at === undefined) return undefined;
      const t = encodings.norms[m][l];
      return { count: t.counts[at]!, mean: t.means[at]!, m2: t.m2[at]! };
    },
  };
  frozenViews.set(encodings, view);
  return view;
}

/** The usual log measure for row i: the most specific HS level with enough history. */
export function usualMeasure(view: StatsView, records: IrenRecords, m: IrenNorm, i: number): { level: '4' | '2' | 'all'; key: string; mean: number; scale: number; count: number } | null {
  for (const l of NORM_LEVELS) {
    const key = normKey(records, l, i);
    if (key === null) continue;
    const s = view.norm(m, l, key);
    if (s && s.count >= MIN_NORM_ROWS) {
      return { level: l, key, mean: s.mean, scale: Math.max(MIN_NORM_SCALE, Math.sqrt(s.m2 / (s.count - 1))), count: s.count };
    }
  }
  return null;
}

export function smoothedRate(positives: number, count: number, view: Pick<StatsView, 'rows' | 'positives'>): number {
  const prior = (view.positives + 1) / (view.rows + 2);
  return (positives + SMOOTHING * prior) / (count + SMOOTHING);
}

/** Writes row i's features from the statistics in `view`. */
function encodeRow(records: IrenRecords, i: number, view: StatsView, vocabulary: Map<string, Map<string, number>>, columns: Float32Array[]): void {
  let f = 0;
  const day = records.days[i]!;
  for (const g of IREN_KEY_GROUPS) {
    const key = groupKey(records, g.parts, i);
    const s = key === null ? undefined : view.group(g.name, key);
    columns[f++]![i] = key === null ? Number.NaN : (s?.count ?? 0);
    columns[f++]![i] = key === null ? Number.NaN : smoothedRate(s?.positives ?? 0, s?.count ?? 0, view);
    if (g.firstSeen) columns[f++]![i] = s ? day - s.firstDay : Number.NaN;
  }
  for (const m of IREN_NORMS) {
    const x = logMeasure(records, m, i);
    columns[f++]![i] = x;
    const usual = Number.isNaN(x) ? null : usualMeasure(view, records, m, i);
    columns[f++]![i] = usual ? (x - usual.mean) / usual.scale : Number.NaN;
  }
  const n = records.numbers;
  columns[f++]![i] = n.qualityScore[i]!;
  columns[f++]![i] = n.goodsItems[i]!;
  columns[f++]![i] = n.containers[i]!;
  columns[f++]![i] = n.transshipments[i]!;
  const mode = records.text.mode[i]!;
  const code = IREN_MODES.indexOf(mode as (typeof IREN_MODES)[number]);
  columns[f++]![i] = mode === '' ? Number.NaN : code === -1 ? IREN_MODES.length : code;
  for (const c of IREN_CATEGORICAL) {
    const value = records.text[c.column][i]!;
    columns[f++]![i] = value === '' ? Number.NaN : (vocabulary.get(c.column)!.get(value) ?? MAX_VOCABULARY);
  }
}

/**
 * The values of each categorical column in order of first appearance (rows by day), the first
 * MAX_VOCABULARY of them: a row's code never depends on later rows.
 */
function fitVocabulary(records: IrenRecords, order: number[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of IREN_CATEGORICAL) {
    const seen = new Set<string>();
    for (const i of order) {
      const v = records.text[c.column][i]!;
      if (v !== '' && seen.size < MAX_VOCABULARY) seen.add(v);
    }
    out[c.column] = [...seen];
  }
  return out;
}

const vocabularyIndexes = new WeakMap<Record<string, string[]>, Map<string, Map<string, number>>>();

function indexVocabulary(vocabulary: Record<string, string[]>): Map<string, Map<string, number>> {
  let index = vocabularyIndexes.get(vocabulary);
  if (!index) {
    index = new Map(IREN_CATEGORICAL.map((c) => [c.column, new Map((vocabulary[c.column] ?? []).map((v, k) => [v, k]))]));
    vocabularyIndexes.set(vocabulary, index);
  }
  return index;
}

export function fitIrenFeatures(records: IrenRecords, _options: FitOptions): FittedFeatures<IrenEncodings> {
  const labels = records.labels;
  if (!labels) throw new ModelInputError('training data has no inspection results');
  if (records.rowCount === 0) throw new ModelInputError('training data has no rows');
  const matrix = createFeatureMatrix(irenFeatureSpecs(), records.rowCount);
  const stats = new Stats();
  const view = runningView(stats);
  // Rows may come in any order: walk them by day, encoding a whole day before learning from it.
  const order = Array.from({ length: records.rowCount }, (_, i) => i).sort((a, b) => records.days[a]! - records.days[b]! || a - b);
  const vocabulary = fitVocabulary(records, order);
  const vocabularyIndex = indexVocabulary(vocabulary);
  let start = 0;
  while (start < order.length) {
    let end = start;
    const day = records.days[order[start]!]!;
    while (end < order.length && records.days[order[end]!] === day) end++;
    for (let k = start; k < end; k++) encodeRow(records, order[k]!, view, vocabularyIndex, matrix.columns);
    for (let k = start; k < end; k++) stats.add(records, order[k]!, labels[order[k]!]!);
    start = end;
  }
  return { encodings: { ...stats.toEncodings(), vocabulary }, matrix };
}

export function transformIrenFeatures(records: IrenRecords, encodings: IrenEncodings): FeatureMatrix {
  const matrix = createFeatureMatrix(irenFeatureSpecs(), records.rowCount);
  const view = encodingsView(encodings);
  const vocabularyIndex = indexVocabulary(encodings.vocabulary);
  for (let i = 0; i < records.rowCount; i++) encodeRow(records, i, view, vocabularyIndex, matrix.columns);
  return matrix;
}

/** Checks the shape of encodings read from a model file (or the database). */
export function parseIrenEncodings(value: unknown): IrenEncodings {
  const fail = (what: string): never => {
    throw new ModelInputError(`model file: iren encodings: ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const numbers = (v: unknown, n: number, what: string): number[] =>
    Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number') ? (v as number[]) : fail(`${what} must be ${n} numbers`);
  const strings = (v: unknown, what: string): string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fail(`${what} must be a string array`);
  if (!isObject(value)) return fail('missing');
  if (value.version !== IREN_ENCODINGS_VERSION) fail(`version ${String(value.version)} is not supported`);
  if (typeof value.rows !== 'number' || typeof value.positives !== 'number') fail('rows/positives missing');
  if (!isObject(value.groups) || !isObject(value.norms)) return fail('groups/norms missing');
  const groups = {} as Record<IrenKeyGroup, GroupTable>;
  for (const g of IREN_KEY_GROUPS) {
    const raw = (value.groups as Record<string, unknown>)[g.name];
    if (!isObject(raw)) return fail(`groups.${g.name} missing`);
    const keys = strings(raw.keys, `groups.${g.name}.keys`);
    groups[g.name] = {
      keys,
      counts: numbers(raw.counts, keys.length, `groups.${g.name}.counts`),
      positives: numbers(raw.positives, keys.length, `groups.${g.name}.positives`),
      firstDay: numbers(raw.firstDay, keys.length, `groups.${g.name}.firstDay`),
    };
  }
  const norms = {} as IrenEncodings['norms'];
  for (const m of IREN_NORMS) {
    const byLevel = (value.norms as Record<string, unknown>)[m];
    if (!isObject(byLevel)) return fail(`norms.${m} missing`);
    norms[m] = {} as Record<'4' | '2' | 'all', NormTable>;
    for (const l of NORM_LEVELS) {
      const raw = byLevel[l];
      if (!isObject(raw)) return fail(`norms.${m}.${l} missing`);
      const keys = strings(raw.keys, `norms.${m}.${l}.keys`);
      norms[m][l] = {
        keys,
        counts: numbers(raw.counts, keys.length, `norms.${m}.${l}.counts`),
        means: numbers(raw.means, keys.length, `norms.${m}.${l}.means`),
        m2: numbers(raw.m2, keys.length, `norms.${m}.${l}.m2`),
      };
    }
  }
  if (!isObject(value.vocabulary)) return fail('vocabulary missing');
  const vocabulary: Record<string, string[]> = {};
  for (const c of IREN_CATEGORICAL) {
    vocabulary[c.column] = strings((value.vocabulary as Record<string, unknown>)[c.column], `vocabulary.${c.column}`);
    if (vocabulary[c.column]!.length > MAX_VOCABULARY) fail(`vocabulary.${c.column}: more than ${MAX_VOCABULARY} values`);
  }
  return { version: IREN_ENCODINGS_VERSION, rows: value.rows as number, positives: value.positives as number, groups, norms, vocabulary };
}
