/**
 * Trains the learned risk model on iren's own inspection results and measures it honestly.
 *
 * Inspected consignments are not a random sample: most were selected because something pointed at them,
 * so precision measured on all inspected consignments overstates what the model finds in the whole
 * flow. The random control sample of targeting (targeting_decisions.random) is unbiased; its figures
 * are reported apart. Both are measured on a time hold-out (the latest ~25 % of rows, by arrival day)
 * scored by the model fitted on the earlier rows only.
 *
 *   const { model, metrics } = await trainIrenModel(db, { country: 'GE' }, { seed: 1 });
 */
import type { DbOrTx } from '../../db/client.ts';
import { irenFormat } from '../../engine/model/formats/iren.ts';
import type { IrenRecords } from '../../engine/model/formats/iren-records.ts';
import { atTopFraction, rankByScore, rocAuc } from '../../engine/model/metrics.ts';
import type { ModelFile, TrainingParams } from '../../engine/model/model-file.ts';
import { trainModel } from '../../engine/model/pipeline.ts';
import { loadTrainingRecords, type TrainingScope } from './model-data.ts';

/** Small data (hundreds to tens of thousands of inspections): small trees with many rows per leaf, slow learning. */
export const IREN_TRAINING_PARAMS: Partial<TrainingParams> = {
  numRounds: 200,
  learningRate: 0.05,
  numLeaves: 8,
  minDataInLeaf: 15,
  earlyStoppingRounds: 30,
  earlyStoppingMetric: 'auc',
  colSubsample: 0.8,
  minDataPerCategory: 3,
  catSmooth: 3,
  validationFraction: 0.25,
  refitRoundsScale: 1.1,
};

/** Top shares of the ranked hold-out at which precision is reported. */
export const VALIDATION_FRACTIONS = [0.05, 0.1, 0.2] as const;
/** The share at which drift compares recent precision with validation precision. */
export const DRIFT_FRACTION = 0.2;

export interface SampleMetrics {
  rows: number;
  positives: number;
  /** Share of positives in the sample (for the control sample: an unbiased hit rate of random inspection). */
  baseRate: number | null;
  auc: number | null;
  top: { fraction: number; rows: number; hits: number; precision: number | null }[];
}

export interface IrenModelMetrics {
  training: { rows: number; positives: number; controlRows: number; controlPositives: number; from: string; to: string };
  validation: { from: string | null; to: string | null; inspected: SampleMetrics; control: SampleMetrics } | null;
  bestRounds: number;
  trees: number;
  importance: { feature: string; share: number }[];
}

export function sampleMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>): SampleMetrics {
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]! > 0 ? 1 : 0;
  const order = rankByScore(scores);
  const auc = n ? rocAuc(scores, labels) : Number.NaN;
  return {
    rows: n,
    positives,
    baseRate: n ? positives / n : null,
    auc: Number.isNaN(auc) ? null : auc,
    top: VALIDATION_FRACTIONS.map((fraction) => {
      if (n === 0) return { fraction, rows: 0, hits: 0, precision: null };
      const r = atTopFraction(scores, labels, fraction, order);
      return { fraction, rows: r.rows, hits: r.hits, precision: r.precision };
    }),
  };
}

function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Trains on records already loaded (tests and the CLI's file-free path use this too). */
export function trainOnRecords(records: IrenRecords, opts: { seed?: number; log?: (line: string) => void } = {}): { model: ModelFile; metrics: IrenModelMetrics } {
  let validation: IrenModelMetrics['validation'] = null;
  const model = trainModel(irenFormat, records, {
    seed: opts.seed ?? 1,
    params: IREN_TRAINING_PARAMS,
    log: opts.log,
    onHoldout(validRows, margins) {
      const labels = records.labels!;
      const all = { scores: [] as number[], labels: [] as number[] };
      const control = { scores: [] as number[], labels: [] as number[] };
      let from = Infinity;
      let to = -Infinity;
      validRows.forEach((row, k) => {
        all.scores.push(margins[k]!);
        all.labels.push(labels[row]!);
        if (records.control[row]) {
          control.scores.push(margins[k]!);
          control.labels.push(labels[row]!);
        }
        from = Math.min(from, records.days[row]!);
        to = Math.max(to, records.days[row]!);
      });
      validation = {
        from: validRows.length ? formatDay(from) : null,
        to: validRows.length ? formatDay(to) : null,
        inspected: sampleMetrics(all.scores, all.labels),
        control: sampleMetrics(control.scores, control.labels),
      };
    },
  });
  let controlRows = 0;
  let controlPositives = 0;
  for (let i = 0; i < records.rowCount; i++) {
    if (!records.control[i]) continue;
    controlRows++;
    controlPositives += records.labels![i]!;
  }
  return {
    model,
    metrics: {
      training: { rows: model.trainingRange.rows, positives: model.trainingRange.positives, controlRows, controlPositives, from: model.trainingRange.from, to: model.trainingRange.to },
      validation,
      bestRounds: model.metrics.bestRounds,
      trees: model.metrics.trees,
      importance: model.importance.slice(0, 15).map((f) => ({ feature: f.feature, share: Math.round(f.share * 10_000) / 10_000 })),
    },
  };
}

export async function trainIrenModel(db: DbOrTx, scope: TrainingScope, opts: { seed?: number; log?: (line: string) => void } = {}) {
  const records = await loadTrainingRecords(db, scope);
  return { records, ...trainOnRecords(records, opts) };
}
