/** Reading an import file: format detection and a hashing byte stream. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IntakeFormat } from '../../engine/intake/model.ts';

/** By extension first, then by the first bytes (UNA/UNB → CUSCAR, { or [ → JSON, else CSV). */
export function detectFormat(fileName: string, head: string): IntakeFormat | null {
  const ext = path.extname(fileName).toLowerCase();
  if (['.json', '.ndjson', '.jsonl'].includes(ext)) return 'json';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (['.edi', '.edifact', '.cuscar'].includes(ext)) return 'cuscar';
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (/^UN[AB]/.test(start)) return 'cuscar';
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.includes(',') || start.includes(';')) return 'csv';
  return null;
}

export function readHead(file: string, bytes = 512): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Passes chunks through while hashing them; `digest()` after the stream is consumed. */
export function hashingStream(source: AsyncIterable<Uint8Array | string>) {
  const hash = crypto.createHash('sha256');
  return {
    async *[Symbol.asyncIterator]() {
      for await (const chunk of source) {
        hash.update(chunk);
        yield chunk;
      }
    },
    digest: () => hash.digest('hex'),
  };
}
