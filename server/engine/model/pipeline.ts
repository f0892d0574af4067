/**
 * Train, score and evaluate end to end over a model data format — what `iren model …` runs.
 *
 * Training holds out the latest `validationFraction` of rows (by date) to choose the number of trees by
 * early stopping, then refits on all rows with that many trees (scaled by `refitRoundsScale`, since
 * more data supports more rounds). The hold-out figures of the first fit are kept in the model file.
 *
 *   const records = await kcsFormat.read(['train.csv'], { labels: 'required' });
 *   const model = trainModel(kcsFormat, records, { seed: 1 });
 *   const scores = scoreRecords(parseModel(model), kcsFormat, newRecords);
 *   const report = evaluateScores(scores, labelledRecords);
 */
import { ModelInputError } from './errors.ts';
import type { ModelDataFormat, ModelRecords } from './formats/format.ts';
import { explainRow, gainImportance, predictMargins, predictProbabilities, sigmoid } from './forest.ts';
import { atTopFraction, logLossFromMargins, rankByScore, rocAuc } from './metrics.ts';
import {
  MODEL_FORMAT_VERSION,
  MODEL_KIND,
  treeToJson,
  type HoldoutMetrics,
  type LoadedModel,
  type ModelFile,
  type TrainingParams,
} from './model-file.ts';
import { compileForest } from './forest.ts';
import { DEFAULT_BOOSTING_PARAMS, resolveParams, trainGbdt } from './trainer.ts';

export const TOP_FRACTIONS = [0.01, 0.02, 0.05, 0.1] as const;

export const DEFAULT_TRAINING_PARAMS: TrainingParams = {
  ...DEFAULT_BOOSTING_PARAMS,
  numRounds: 80,
  learningRate: 0.25,
  numLeaves: 255,
  minDataInLeaf: 10,
  earlyStoppingMetric: 'auc',
  earlyStoppingRounds: 30,
  rowSubsample: 1,
  colSubsample: 0.3,
  validationFraction: 0.15,
  refitRoundsScale: 1.15,
};

export interface TrainModelOptions {
  seed?: number;
  params?: Partial<TrainingParams>;
  /** Fixed creation time (tests); default now. */
  createdAt?: Date;
  log?: (line: string) => void;
  /** Called with the held-out rows (indexes into `records`) and their margins from the model fitted without them. */
  onHoldout?: (validRows: Uint32Array, margins: Float64Array) => void;
}

export function trainModel<R extends ModelRecords, E>(
  format: ModelDataFormat<R, E>,
  records: R,
  options: TrainModelOptions = {},
): ModelFile {
  const params: TrainingParams = { ...DEFAULT_TRAINING_PARAMS, ...options.params };
  if (options.seed !== undefined) params.seed = options.seed;
  resolveParams(params);
  if (!(params.validationFraction >= 0 && params.validationFraction < 1)) {
    throw new RangeError('validationFraction must be in [0, 1)');
  }
  const log = options.log ?? (() => {});
  const labels = records.labels;
  if (!labels) throw new ModelInputError(`training data has no ${format.labelName} column`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  if (positives === 0 || positives === records.rowCount) {
    throw new ModelInputError(`training data needs both ${format.labelName} = 0 and ${format.labelName} = 1 rows`);
  }

  const split = timeSplit(records.days, params.validationFraction);
  let rounds = params.numRounds;
  let holdout: HoldoutMetrics | null = null;
  let bestRounds = params.numRounds;
  if (split) {
    const fitPart = format.select(records, split.fitRows);
    const validPart = format.select(records, split.validRows);
    const fitted = format.fit(fitPart, { seed: params.seed });
    const validMatrix = format.transform(validPart, fitted.encodings);
    log(`early stopping: ${split.fitRows.length} rows before ${formatDay(split.cutoffDay)}, ${split.validRows.length} held out`);
    const first = trainGbdt(
      { matrix: fitted.matrix, labels: fitPart.labels!, valid: { matrix: validMatrix, labels: validPart.labels! } },
      params,
    );
    bestRounds = first.bestRounds;
    rounds = Math.max(1, Math.round(bestRounds * params.refitRoundsScale));
    const margins = predictMargins(compileForest(first.trees, first.baseMargin, fitted.matrix.features), validMatrix);
    options.onHoldout?.(split.validRows, margins);
    holdout = {
      rows: split.validRows.length,
      from: formatDay(split.cutoffDay),
      to: formatDay(maxOf(records.days)),
      auc: rocAuc(margins, validPart.labels!),
      logLoss: logLossFromMargins(margins, validPart.labels!),
      top: topMetrics(margins, validPart.labels!),
    };
    log(`best round ${bestRounds} of ${first.history.length}; hold-out AUC ${holdout.auc.toFixed(4)}; refit with ${rounds} trees`);
  }

  const fitted = format.fit(records, { seed: params.seed });
  const final = trainGbdt({ matrix: fitted.matrix, labels }, { ...params, numRounds: rounds, earlyStoppingRounds: 0 });
  const features = fitted.matrix.features;
  const gains = gainImportance(final.trees, features.length);
  const totalGain = gains.reduce((a, b) => a + b, 0) || 1;
  return {
    formatVersion: MODEL_FORMAT_VERSION,
    kind: MODEL_KIND,
    format: format.id,
    features,
    encodings: fitted.encodings,
    baseMargin: final.baseMargin,
    trees: final.trees.map(treeToJson),
    importance: features
      .map((f, i) => ({ feature: f.name, gain: gains[i]!, share: gains[i]! / totalGain }))
      .sort((a, b) => b.gain - a.gain),
    metrics: { holdout, bestRounds, trees: final.trees.length },
    trainingRange: {
      from: formatDay(minOf(records.days)),
      to: formatDay(maxOf(records.days)),
      rows: records.rowCount,
      positives,
    },
    params,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
  };
}

/** Probability-like risk scores (higher = riskier), one per record. */
export function scoreRecords<R extends ModelRecords, E>(
  loaded: LoadedModel,
  format: ModelDataFormat<R, E>,
  records: R,
): Float64Array {
  if (loaded.model.format !== format.id) {
    throw new ModelInputError(`the model was trained on format '${loaded.model.format}', not '${format.id}'`);
  }
  const encodings = format.parseEncodings(loaded.model.encodings);
  const matrix = format.transform(records, encodings);
  const expected = loaded.model.features.map((f) => f.name).join(',');
  if (matrix.features.map((f) => f.name).join(',') !== expected) {
    throw new ModelInputError('the model file lists other features than this version of the format builds');
  }
  return predictProbabilities(loaded.forest, matrix);
}

export interface ScoreExplanation {
  id: string;
  score: number;
  /** Log-odds: bias + Σ contributions. */
  margin: number;
  bias: number;
  /** Every feature's value and its share of the margin, largest |contribution| first. */
  contributions: { feature: string; value: number; contribution: number }[];
}

/** Why a record scored as it did (Saabas path attribution). */
export function explainRecord<R extends ModelRecords, E>(
  loaded: LoadedModel,
  format: ModelDataFormat<R, E>,
  records: R,
  row: number,
): ScoreExplanation {
  if (!(row >= 0 && row < records.rowCount)) throw new RangeError(`row ${row} out of range`);
  const one = format.select(records, [row]);
  const matrix = format.transform(one, format.parseEncodings(loaded.model.encodings));
  const { bias, contributions, margin } = explainRow(loaded.forest, matrix, 0);
  return {
    id: one.ids[0]!,
    score: sigmoid(margin),
    margin,
    bias,
    contributions: matrix.features
      .map((f, i) => ({ feature: f.name, value: matrix.columns[i]![0]!, contribution: contributions[i]! }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)),
  };
}

export interface Evaluation {
  rows: number;
  positives: number;
  auc: number;
  top: { fraction: number; rows: number; hits: number; precision: number; recall: number }[];
  /** Per extra outcome (e.g. critical): how many there are and the share caught at each cut-off. */
  outcomes: Record<string, { positives: number; top: { fraction: number; hits: number; recall: number }[] }>;
}

export function evaluateScores(scores: ArrayLike<number>, records: ModelRecords, labelName = 'label'): Evaluation {
  const labels = records.labels;
  if (!labels) throw new ModelInputError(`evaluation data has no ${labelName} column`);
  const order = rankByScore(scores);
  const outcomes: Evaluation['outcomes'] = {};
  for (const [name, values] of Object.entries(records.outcomes)) {
    outcomes[name] = {
      positives: countPositives(values),
      top: TOP_FRACTIONS.map((fraction) => {
        const r = atTopFraction(scores, values, fraction, order);
        return { fraction, hits: r.hits, recall: r.recall };
      }),
    };
  }
  return {
    rows: records.rowCount,
    positives: countPositives(labels),
    auc: rocAuc(scores, labels),
    top: TOP_FRACTIONS.map((fraction) => atTopFraction(scores, labels, fraction, order)),
    outcomes,
  };
}

function topMetrics(scores: ArrayLike<number>, labels: Uint8Array): HoldoutMetrics['top'] {
  const order = rankByScore(scores);
  return TOP_FRACTIONS.map((fraction) => {
    const r = atTopFraction(scores, labels, fraction, order);
    return { fraction, precision: r.precision, recall: r.recall };
  });
}

export interface TimeSplit {
  fitRows: Uint32Array;
  validRows: Uint32Array;
  /** First day of the held-out part. */
  cutoffDay: number;
}

/**
 * Holds out the rows of the latest days, about `fraction` of all rows (whole days only).
 * Returns null when that leaves either side empty.
 */
export function timeSplit(days: Int32Array, fraction: number): TimeSplit | null {
  const n = days.length;
  if (fraction <= 0 || n < 2) return null;
  const sorted = Int32Array.from(days).sort();
  const cutoffDay = sorted[Math.min(n - 1, Math.floor(n * (1 - fraction)))]!;
  const fit: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < n; i++) (days[i]! >= cutoffDay ? valid : fit).push(i);
  if (fit.length === 0 || valid.length === 0) return null;
  return { fitRows: Uint32Array.from(fit), validRows: Uint32Array.from(valid), cutoffDay };
}

function countPositives(values: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > 0) c++;
  return c;
}

function minOf(values: Int32Array): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < m) m = values[i]!;
  return m;
}

function maxOf(values: Int32Array): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
