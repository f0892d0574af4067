/**
 * Precision / recall / F1 of the matcher on labelled name pairs
 * (fixtures/pairs-dev.csv: group, schema, name_a, name_b, should_match, …).
 */
import { compareNames, DEFAULT_THRESHOLD } from './compare.ts';

export interface LabelledPair {
  name_a: string;
  name_b: string;
  schema?: string;
  should_match: boolean;
}

export interface PairQuality {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function qualityOf(scored: Array<{ score: number; expected: boolean }>, threshold: number): PairQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { score, expected } of scored) {
    const m = score >= threshold;
    if (m && expected) tp++;
    else if (m) fp++;
    else if (expected) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, tp, fp, fn, tn, precision, recall, f1 };
}

/** Score every pair with compareNames and measure the decisions at `threshold`. */
export function evaluatePairs(pairs: readonly LabelledPair[], threshold = DEFAULT_THRESHOLD): PairQuality {
  return qualityOf(
    pairs.map((p) => ({ score: compareNames(p.name_a, p.name_b, p.schema).score, expected: p.should_match })),
    threshold,
  );
}
