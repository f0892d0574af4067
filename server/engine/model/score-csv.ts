/**
 * Writing `iren model score` output, "<id>,<score with 9 decimals>" per row, straight into 1 MB byte
 * chunks: no string per row, and the score's digits without toFixed (byte for byte what toFixed(9) gives).
 *
 *   await writeScoresCsv('scores.csv', 'Declaration ID', ['56839011'], Float64Array.of(0.000161873));
 *   // Declaration ID,score
 *   // 56839011,0.000161873
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ModelInputError } from './errors.ts';

const CHUNK_BYTES = 1 << 20;
/** Bytes a score takes at most on the fast path ("1.000000000"), plus comma and line end. */
const SCORE_BYTES = 16;

export async function writeScoresCsv(path: string, idName: string, ids: readonly string[], scores: Float64Array): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await open(path, 'w');
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let pos = chunk.write(`${csvField(idName)},score\n`);
    for (let i = 0; i < ids.length; i++) {
      const id = csvField(ids[i]!);
      const score = scores[i]!;
      // A UTF-16 unit takes at most 3 bytes in UTF-8.
      if (pos + 3 * id.length + SCORE_BYTES > CHUNK_BYTES) {
        await handle.write(chunk, 0, pos);
        pos = 0;
      }
      if (3 * id.length + SCORE_BYTES > CHUNK_BYTES) {
        await handle.write(`${id},${score.toFixed(9)}\n`); // an id of over 300k characters
        continue;
      }
      pos += chunk.write(id, pos);
      chunk[pos++] = 44; // ','
      pos = writeFixed9(chunk, pos, score);
      chunk[pos++] = 10; // '\n'
    }
    await handle.write(chunk, 0, pos);
    await handle.close();
  } catch (error) {
    await handle?.close().catch(() => {});
    throw new ModelInputError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes value.toFixed(9) at `pos`, returns the end. toFixed rounds the exact value of the double to the
 * nearest multiple of 1e-9 (ties up); value × 1e9 is off from the exact product by under 1.2e-7 for
 * values up to 1, so its nearest integer is the same unless it lies within 1e-6 of a tie — then, and
 * outside 0..1, toFixed itself is used.
 */
export function writeFixed9(out: Buffer, pos: number, value: number): number {
  const scaled = value * 1e9;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  if (!(value >= 0 && value <= 1) || Math.abs(fraction - 0.5) < 1e-6) return pos + out.write(value.toFixed(9), pos);
  let n = fraction < 0.5 ? floor : floor + 1;
  const whole = n >= 1e9 ? 1 : 0;
  n -= whole * 1e9;
  out[pos] = 48 + whole;
  out[pos + 1] = 46; // '.'
  for (let d = 10; d >= 2; d--) {
    const next = Math.floor(n / 10);
    out[pos + d] = 48 + (n - next * 10);
    n = next;
  }
  return pos + 11;
}
