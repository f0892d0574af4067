import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelInputError } from './errors.ts';
import { createRng } from './random.ts';
import { writeFixed9, writeScoresCsv } from './score-csv.ts';
import { makeTempDir } from './test-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fixed9 = (value: number): string => {
  const out = Buffer.alloc(64);
  return out.toString('latin1', 0, writeFixed9(out, 0, value));
};

describe('writeFixed9', () => {
  it('writes what toFixed(9) writes', () => {
    const rng = createRng(11);
    const values = [0, -0, 1, 0.5, 1e-9, 5e-10, 4.9999999999e-10, 0.9999999995, 0.9999999994999, 1e-300, 0.1234567885, 0.000161873];
    for (let i = 0; i < 200_000; i++) values.push(rng.next(), rng.next() ** 8, Math.round(rng.next() * 1e10) / 1e10);
    // Values just around ties (…5 in the 10th decimal), where rounding the product would go wrong.
    for (let i = 0; i < 20_000; i++) values.push((rng.int(1e9) + 0.5) / 1e9, (rng.int(1e9) + 0.5 + (rng.next() - 0.5) * 1e-5) / 1e9);
    values.push(-0.25, 2.5, 1234.5678, Number.NaN, Infinity); // outside 0..1: toFixed itself
    for (const value of values) expect(fixed9(value), String(value)).toBe(value.toFixed(9));
  });
});

describe('writeScoresCsv', () => {
  it('writes a header and "<id>,<score>" per row, quoting ids that need it, over several chunks', async () => {
    const n = 120_000; // > 1 MB of output
    const ids = Array.from({ length: n }, (_, i) => (i === 7 ? 'a,"b"' : i === 8 ? 'Ærø' : String(10_000_000 + i)));
    ids.push('x'.repeat(400_000)); // longer than a chunk
    const scores = Float64Array.from(ids, (_, i) => (i % 1000) / 999);
    const file = join(dir, 'scores.csv');
    await writeScoresCsv(file, 'Declaration ID', ids, scores);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[0]).toBe('Declaration ID,score');
    expect(lines.length).toBe(ids.length + 2);
    expect(lines.at(-1)).toBe('');
    expect(lines[1 + 7]).toBe(`"a,""b""",${scores[7]!.toFixed(9)}`);
    expect(lines[1 + 8]).toBe(`Ærø,${scores[8]!.toFixed(9)}`);
    for (let i = 0; i < ids.length; i += 997) {
      if (i !== 7) expect(lines[1 + i]).toBe(`${ids[i]},${scores[i]!.toFixed(9)}`);
    }
    expect(lines[ids.length]).toBe(`${ids.at(-1)},${scores.at(-1)!.toFixed(9)}`);
  });

  it('reports a folder that does not exist as bad input', async () => {
    await expect(writeScoresCsv(join(dir, 'no', 'such', 'scores.csv'), 'id', ['1'], Float64Array.of(0.5))).rejects.toThrow(ModelInputError);
  });
});
