/**
 * The engine's input: a column-major matrix of float32 feature values, NaN meaning "missing".
 * Categorical features hold integer codes 0..categories-1 (a format's encoder chooses the codes).
 *
 *   const matrix = createFeatureMatrix(
 *     [{ name: 'tax_rate', kind: 'numeric' }, { name: 'mode', kind: 'categorical', categories: 6 }],
 *     rowCount,
 *   );
 *   matrix.columns[0]![row] = 8.0;
 */

export type FeatureKind = 'numeric' | 'categorical';

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
  /** Categorical only: codes are 0..categories-1 (at most MAX_CATEGORIES). */
  categories?: number;
}

export interface FeatureMatrix {
  rowCount: number;
  features: FeatureSpec[];
  /** One Float32Array of length rowCount per feature. */
  columns: Float32Array[];
}

/** Categorical codes must fit one histogram bin each, next to the missing bin. */
export const MAX_CATEGORIES = 254;

export function createFeatureMatrix(features: FeatureSpec[], rowCount: number): FeatureMatrix {
  for (const feature of features) {
    if (feature.kind === 'categorical') {
      const k = feature.categories ?? 0;
      if (!Number.isInteger(k) || k < 1 || k > MAX_CATEGORIES) {
        throw new RangeError(`feature ${feature.name}: categories must be 1..${MAX_CATEGORIES}, got ${k}`);
      }
    }
  }
  return { rowCount, features, columns: features.map(() => new Float32Array(rowCount)) };
}
