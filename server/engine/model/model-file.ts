/**
 * The model file: versioned JSON holding everything needed to score new data — the data format and its
 * encodings (training statistics), the feature list, the trees — plus how the model was made
 * (parameters, training date range, hold-out metrics, feature importance).
 *
 *   await saveModelFile('model.json', model);
 *   const loaded = await loadModelFile('model.json'); // checked; loaded.forest scores FeatureMatrix rows
 */
import { readFile, writeFile } from 'node:fs/promises';
import { ModelInputError } from './errors.ts';
import { MAX_CATEGORIES, type FeatureSpec } from './feature-matrix.ts';
import { compileForest, type CompiledForest } from './forest.ts';
import type { BoostingParams } from './trainer.ts';
import { CATEGORY_WORDS, leftCategories, type Tree } from './tree.ts';

export const MODEL_FORMAT_VERSION = 1;
export const MODEL_KIND = 'iren-gbdt';

export interface TreeJson {
  feature: number[];
  threshold: number[];
  /** [node, codes going left] for categorical splits. */
  categories: [number, number[]][];
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
  cover: number[];
}

export interface TopFractionMetric {
  fraction: number;
  precision: number;
  recall: number;
}

export interface HoldoutMetrics {
  /** Rows of the time hold-out (the latest dates) used for early stopping. */
  rows: number;
  from: string;
  to: string;
  auc: number;
  logLoss: number;
  top: TopFractionMetric[];
}

export interface ModelMetrics {
  /** Quality on the time hold-out, of the model trained without it (before the refit). */
  holdout: HoldoutMetrics | null;
  /** Rounds chosen by early stopping on the hold-out. */
  bestRounds: number;
  trees: number;
}

export interface TrainingParams extends BoostingParams {
  /** Share of the latest rows held out for early stopping. */
  validationFraction: number;
  /** Refit on all rows with round(bestRounds × refitRoundsScale) trees. */
  refitRoundsScale: number;
}

export interface ModelFile {
  formatVersion: number;
  kind: typeof MODEL_KIND;
  /** Data format id, e.g. 'kcs'. */
  format: string;
  features: FeatureSpec[];
  encodings: unknown;
  baseMargin: number;
  trees: TreeJson[];
  importance: { feature: string; gain: number; share: number }[];
  metrics: ModelMetrics;
  trainingRange: { from: string; to: string; rows: number; positives: number };
  params: TrainingParams;
  createdAt: string;
}

export function treeToJson(tree: Tree): TreeJson {
  const categories: [number, number[]][] = [];
  for (let node = 0; node < tree.feature.length; node++) {
    const codes = leftCategories(tree, node);
    if (codes.length > 0) categories.push([node, codes]);
  }
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    categories,
    missingLeft: Array.from(tree.missingLeft),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    value: Array.from(tree.value),
    gain: Array.from(tree.gain),
    cover: Array.from(tree.cover),
  };
}

/** Rebuilds a tree, checking that it is well formed (children after parents, features in range). */
export function treeFromJson(json: TreeJson, features: FeatureSpec[], where: string): Tree {
  const fail = (what: string): never => {
    throw new ModelInputError(`${where}: ${what}`);
  };
  const n = Array.isArray(json.feature) ? json.feature.length : 0;
  if (n === 0) fail('no nodes');
  for (const key of ['threshold', 'missingLeft', 'left', 'right', 'value', 'gain', 'cover'] as const) {
    const values = json[key];
    if (!Array.isArray(values) || values.length !== n || !values.every((v) => typeof v === 'number')) {
      fail(`${key} must be ${n} numbers`);
    }
  }
  const tree: Tree = {
    feature: Int32Array.from(json.feature),
    threshold: Float64Array.from(json.threshold),
    categoryBits: new Uint32Array(n * CATEGORY_WORDS),
    missingLeft: Uint8Array.from(json.missingLeft),
    left: Int32Array.from(json.left),
    right: Int32Array.from(json.right),
    value: Float64Array.from(json.value),
    gain: Float64Array.from(json.gain),
    cover: Float64Array.from(json.cover),
  };
  for (let node = 0; node < n; node++) {
    const f = tree.feature[node]!;
    if (f === -1) continue;
    if (f < 0 || f >= features.length) fail(`node ${node}: feature ${f} out of range`);
    const l = tree.left[node]!;
    const r = tree.right[node]!;
    // Children always come after their parent, which also rules out cycles.
    if (!(l > node && l < n && r > node && r < n)) fail(`node ${node}: bad children`);
  }
  if (!Array.isArray(json.categories)) fail('categories must be an array');
  for (const entry of json.categories) {
    const [node, codes] = Array.isArray(entry) ? entry : [];
    if (typeof node !== 'number' || !Array.isArray(codes) || node < 0 || node >= n) fail('bad categories entry');
    const spec = features[tree.feature[node as number]!];
    if (spec?.kind !== 'categorical') fail(`node ${node}: categories on a non-categorical split`);
    for (const code of codes as unknown[]) {
      if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code >= MAX_CATEGORIES) {
        fail(`node ${node}: bad category code`);
      }
      const w = (node as number) * CATEGORY_WORDS + ((code as number) >>> 5);
      tree.categoryBits[w] = (tree.categoryBits[w]! | (1 << ((code as number) & 31))) >>> 0;
    }
  }
  return tree;
}

export async function saveModelFile(path: string, model: ModelFile): Promise<void> {
  try {
    await writeFile(path, JSON.stringify(model) + '\n');
  } catch (error) {
    throw new ModelInputError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export interface LoadedModel {
  model: ModelFile;
  trees: Tree[];
  forest: CompiledForest;
}

export async function loadModelFile(path: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelInputError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelInputError(`${path}: not a JSON model file (${(error as Error).message})`);
  }
  return parseModel(json, path);
}

export function parseModel(json: unknown, where = 'model file'): LoadedModel {
  const fail = (what: string): never => {
    throw new ModelInputError(`${where}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not a model object');
  const model = json as ModelFile;
  if (model.kind !== MODEL_KIND) fail(`kind must be '${MODEL_KIND}', got ${JSON.stringify(model.kind)}`);
  if (model.formatVersion !== MODEL_FORMAT_VERSION) {
    fail(`formatVersion ${JSON.stringify(model.formatVersion)} is not supported (this iren reads ${MODEL_FORMAT_VERSION})`);
  }
  if (typeof model.format !== 'string') fail('format missing');
  if (typeof model.baseMargin !== 'number' || !Number.isFinite(model.baseMargin)) fail('baseMargin missing');
  if (!Array.isArray(model.features)) fail('features missing');
  model.features.forEach((f, i) => {
    const ok =
      typeof f === 'object' &&
      f !== null &&
      typeof f.name === 'string' &&
      (f.kind === 'numeric' ||
        (f.kind === 'categorical' && Number.isInteger(f.categories) && f.categories! >= 1 && f.categories! <= MAX_CATEGORIES));
    if (!ok) fail(`features[${i}] is malformed`);
  });
  if (!Array.isArray(model.trees)) fail('trees missing');
  const trees = model.trees.map((t, i) => treeFromJson(t, model.features, `${where}: trees[${i}]`));
  return { model, trees, forest: compileForest(trees, model.baseMargin, model.features) };
}
