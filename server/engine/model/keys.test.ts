import { describe, it, expect } from 'vitest';
import { combineKeys, concatKeys, deriveKeys, internKeys, KEY_SEPARATOR, keyValues, selectKeys, type KeyIds } from './keys.ts';
import { createRng } from './random.ts';

/** Random values with repeats (and empty strings) — the shape of trader ids and codes. */
function values(n: number, distinct: number, seed: number): string[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => (rng.next() < 0.05 ? '' : `v${rng.int(distinct)}`));
}

/** Every operation must give what interning the resulting row values afresh gives. */
function expectInterned(actual: KeyIds, rowValues: string[]): void {
  const expected = internKeys(rowValues);
  expect(actual.keys).toEqual(expected.keys);
  expect(Array.from(actual.ids)).toEqual(Array.from(expected.ids));
}

describe('interned key columns', () => {
  const a = values(3000, 400, 1);
  const b = values(3000, 7, 2);

  it('combines pairs in order of first appearance, past the first table growth', () => {
    const pairs = combineKeys(internKeys(a), internKeys(b));
    expectInterned(pairs, a.map((x, i) => x + KEY_SEPARATOR + b[i]));
    expect(pairs.keys.length).toBeGreaterThan(1024);
  });

  it('selects rows, dropping keys no chosen row uses', () => {
    const rng = createRng(3);
    const rows = Array.from({ length: 500 }, () => rng.int(a.length));
    expectInterned(selectKeys(internKeys(a), rows), rows.map((r) => a[r]!));
  });

  it('concatenates columns', () => {
    const c = values(700, 600, 4);
    expectInterned(concatKeys([internKeys(a), internKeys(c), internKeys(b)]), [...a, ...c, ...b]);
  });

  it('derives keys and merges those that coincide', () => {
    const derive = (key: string): string => key.slice(0, 2);
    const derived = deriveKeys(internKeys(a), derive);
    expectInterned(derived, a.map(derive));
    expect(keyValues(derived)).toEqual(a.map(derive));
  });
});
