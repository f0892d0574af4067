/**
 * Ranking metrics for risk targeting. Officers inspect the top n % of declarations by score, so the
 * headline figure is precision at the top n % (the share of inspected rows that are frauds) and recall
 * at the top n % (the share of all frauds that get inspected).
 *
 *   rocAuc(scores, labels);                     // 0.5 = random, 1 = perfect
 *   atTopFraction(scores, labels, 0.05);        // { rows, hits, precision, recall }
 */

/** Row order by descending score; ties keep input order, so results are deterministic. */
export function rankByScore(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

export interface TopFractionResult {
  fraction: number;
  /** Rows inspected: round(fraction × rowCount), at least 1. */
  rows: number;
  hits: number;
  precision: number;
  recall: number;
}

/** Precision and recall when inspecting the top `fraction` of rows. Pass `order` to reuse a ranking. */
export function atTopFraction(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  fraction: number,
  order: Uint32Array = rankByScore(scores),
): TopFractionResult {
  const n = scores.length;
  const k = Math.min(n, Math.max(1, Math.round(fraction * n)));
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > 0) positives++;
  let hits = 0;
  for (let i = 0; i < k; i++) if (labels[order[i]!]! > 0) hits++;
  return {
    fraction,
    rows: k,
    hits,
    precision: n === 0 ? 0 : hits / k,
    recall: positives === 0 ? 0 : hits / positives,
  };
}

/** Area under the ROC curve (Mann–Whitney U, ties counted half). NaN when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]! > 0) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean binary log loss of margins (log-odds) against 0/1 labels. */
export function logLossFromMargins(margins: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < margins.length; i++) {
    const m = margins[i]!;
    // log(1 + e^-m) for y = 1, log(1 + e^m) for y = 0, computed without overflow.
    const z = labels[i]! > 0 ? -m : m;
    sum += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
  return margins.length === 0 ? 0 : sum / margins.length;
}
