/** Reading an import file: its first bytes (for format detection) and a hashing byte stream. */
import crypto from 'node:crypto';
import fs from 'node:fs';

export function readHead(file: string, bytes = 512): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
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
