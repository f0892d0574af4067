/**
 * Seeded pseudo-random numbers for the model engine. Every random choice in training (row and column
 * subsampling, fold assignment) goes through one of these generators, so a seed fixes the model exactly.
 *
 *   const rng = createRng(42);
 *   rng.next();        // 0.6011… in [0, 1)
 *   rng.int(10);       // integer in [0, 10)
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** mulberry32: 32-bit state, fast, good enough statistical quality for sampling. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** Derives an independent seed for a sub-task (e.g. fold assignment vs. tree sampling) from a base seed. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** `count` distinct integers from [0, n), in increasing order. */
export function sampleWithoutReplacement(n: number, count: number, rng: Rng): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  // Partial Fisher–Yates: the first `count` slots become a uniform sample.
  const k = Math.min(count, n);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const tmp = all[i]!;
    all[i] = all[j]!;
    all[j] = tmp;
  }
  return all.slice(0, k).sort();
}
