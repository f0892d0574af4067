/** Input of the parsers: a Node Readable, a web stream, or any (async) iterable of chunks. */
export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Iterate a source as byte chunks (strings are UTF-8 encoded). */
export async function* byteChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      if (chunk.length > 0) yield Buffer.from(chunk, 'utf8');
    } else if (chunk.length > 0) {
      yield chunk;
    }
  }
}

/** Concatenate the parts of a record kept across chunks. */
export function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const UTF8 = new TextDecoder('utf-8');
export function decodeUtf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}
