/**
 * Character encodings of incoming files. Parsers read UTF-8; files from Central Asian and Caucasian systems often
 * come as Windows-1251 (1C, older customs software) or UTF-16 with a byte order mark (Excel "Unicode text").
 * `decodeSource` turns any of them into a UTF-8 byte stream, streaming (iconv-lite's decoder keeps the state of a
 * character cut by a chunk boundary), so the parsers stay as they are.
 *
 * Detection (`auto`, the default):
 * - a byte order mark decides: EF BB BF UTF-8, FF FE UTF-16 LE, FE FF UTF-16 BE;
 * - otherwise ASCII passes through untouched until the first byte ≥ 0x80; the next ~1 KiB from there decides:
 *   valid UTF-8 → UTF-8 (passed through, no cost); invalid UTF-8 that reads as Cyrillic words in Windows-1251
 *   (most high bytes are Cyrillic letters, mostly in runs — `Caf\xe9` does not qualify) → cp1251;
 *   anything else → UTF-8 as before (invalid bytes become U+FFFD) and `unsure` is set so the caller can say so.
 *
 * Example: `decodeSource(fs.createReadStream('manifest-1c.csv'), 'auto')` → `{ stream, encoding() === 'cp1251' }`.
 */
import iconv from 'iconv-lite';
import { byteChunks, type ByteSource } from './source.ts';

export const TEXT_ENCODINGS = ['auto', 'utf-8', 'cp1251', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];
export type DetectedEncoding = Exclude<TextEncoding, 'auto'>;

/** Accepts the usual spellings: `windows-1251`, `cp1251`, `1251`, `utf8`, `UTF-16LE`… */
export function parseEncoding(value: string): TextEncoding | undefined {
  const v = value.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (v === 'auto') return 'auto';
  if (['utf-8', 'utf8'].includes(v)) return 'utf-8';
  if (['cp1251', 'cp-1251', 'windows-1251', 'win1251', 'win-1251', '1251'].includes(v)) return 'cp1251';
  if (['utf-16le', 'utf16le', 'utf-16', 'utf16', 'ucs-2'].includes(v)) return 'utf-16le';
  if (['utf-16be', 'utf16be'].includes(v)) return 'utf-16be';
  return undefined;
}

export interface DecodedSource {
  /** UTF-8 bytes (a UTF-8 byte order mark of the input is kept; the parsers drop it). */
  stream: AsyncIterable<Uint8Array>;
  /** The encoding in use; `utf-8` until something else is detected. */
  encoding(): DetectedEncoding;
  /** Auto-detection found bytes that are neither UTF-8 nor Cyrillic cp1251 (decoded as UTF-8 with U+FFFD). */
  unsure(): boolean;
  /** Input bytes consumed so far (progress against the file size). */
  bytesIn(): number;
}

/** Bytes after the first non-ASCII byte looked at before deciding. */
const WINDOW = 1024;

/** Does a cp1251 reading of these bytes look like Cyrillic text? */
export function looksCyrillicCp1251(bytes: Uint8Array): boolean {
  const text = iconv.decode(Buffer.from(bytes), 'cp1251');
  let high = 0;
  let cyrillic = 0;
  let inRuns = 0;
  const isCyr = (code: number) => code >= 0x0400 && code <= 0x04ff;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    high++;
    if (!isCyr(code)) continue;
    cyrillic++;
    if (isCyr(text.charCodeAt(i - 1)) || isCyr(text.charCodeAt(i + 1))) inRuns++;
  }
  return high > 0 && cyrillic / high >= 0.7 && inRuns / Math.max(1, cyrillic) >= 0.6;
}

/** Valid UTF-8, allowing a sequence cut at the end (more bytes follow). */
function isUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function bomEncoding(b: Uint8Array): DetectedEncoding | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

function firstNonAscii(b: Uint8Array, from = 0): number {
  for (let i = from; i < b.length; i++) if (b[i]! >= 0x80) return i;
  return -1;
}

/** Decode a byte source in `encoding` (or detect it) into UTF-8 chunks. */
export function decodeSource(source: ByteSource, encoding: TextEncoding = 'auto'): DecodedSource {
  let current: DetectedEncoding = encoding === 'auto' ? 'utf-8' : encoding;
  let unsure = false;
  let bytesIn = 0;
  let decoder: ReturnType<typeof iconv.getDecoder> | undefined;
  const use = (enc: DetectedEncoding) => {
    current = enc;
    // iconv drops a UTF-16 byte order mark; UTF-8 passes through as it is.
    decoder = enc === 'utf-8' ? undefined : iconv.getDecoder(enc === 'cp1251' ? 'win1251' : enc);
  };
  const decide = (bytes: Uint8Array, complete: boolean) => {
    if (complete ? isUtf8(bytes) : isUtf8Prefix(bytes)) use('utf-8');
    else if (looksCyrillicCp1251(bytes)) use('cp1251');
    else {
      unsure = true;
      use('utf-8');
    }
  };
  const convert = (chunk: Uint8Array): Uint8Array | undefined => {
    if (!decoder) return chunk.length > 0 ? chunk : undefined;
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return text ? Buffer.from(text, 'utf8') : undefined;
  };

  async function* run(): AsyncGenerator<Uint8Array> {
    /** bom: waiting for 3 bytes; ascii: passing ASCII through; window: holding bytes from the first non-ASCII one. */
    let state: 'bom' | 'ascii' | 'window' | 'decided' = encoding === 'auto' ? 'bom' : 'decided';
    if (encoding !== 'auto') use(encoding);
    let held: Buffer[] = [];
    let heldLength = 0;
    const hold = (chunk: Uint8Array) => {
      held.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      heldLength += chunk.length;
    };
    const release = (): Buffer => {
      const all = held.length === 1 ? held[0]! : Buffer.concat(held);
      held = [];
      heldLength = 0;
      return all;
    };
    for await (let chunk of byteChunks(source)) {
      bytesIn += chunk.length;
      if (state === 'bom') {
        hold(chunk);
        if (heldLength < 3) continue;
        chunk = release();
        const bom = bomEncoding(chunk);
        if (bom) {
          use(bom);
          state = 'decided';
        } else {
          state = 'ascii';
        }
      }
      if (state === 'ascii') {
        const at = firstNonAscii(chunk);
        if (at < 0) {
          yield chunk;
          continue;
        }
        if (at > 0) yield chunk.subarray(0, at);
        chunk = chunk.subarray(at);
        state = 'window';
      }
      if (state === 'window') {
        hold(chunk);
        if (heldLength < WINDOW) continue;
        chunk = release();
        decide(chunk, false);
        state = 'decided';
      }
      const out = convert(chunk);
      if (out) yield out;
    }
    if (heldLength > 0) {
      const rest = release();
      if (state === 'bom') {
        const bom = bomEncoding(rest);
        if (bom) use(bom);
        else if (firstNonAscii(rest) >= 0) decide(rest, true);
      } else if (state === 'window') {
        decide(rest, true);
      }
      const out = convert(rest);
      if (out) yield out;
    }
    if (decoder) {
      const tail = decoder.end();
      if (tail) yield Buffer.from(tail, 'utf8');
    }
  }

  return { stream: run(), encoding: () => current, unsure: () => unsure, bytesIn: () => bytesIn };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decode the first bytes of a file for format detection (UTF-16 and cp1251 heads become UTF-8). */
export function decodeHead(head: Uint8Array, encoding: TextEncoding = 'auto'): Uint8Array {
  const enc = encoding === 'auto' ? bomEncoding(head) : encoding;
  if (!enc || enc === 'utf-8') return head;
  const text = iconv.decode(Buffer.from(head), enc === 'cp1251' ? 'win1251' : enc);
  return Buffer.from(text, 'utf8');
}

/**
 * The decoding an import applies before its parser: JSON and CSV are detected (or decoded as given); CUSCAR is
 * left to the tokenizer, which decodes by the UNB syntax identifier (UNOC, UNOE, UNOY…), unless an encoding is
 * given. Undefined: the bytes go to the parser as they are.
 */
export function decodeForFormat(source: ByteSource, format: 'json' | 'csv' | 'cuscar', encoding: TextEncoding = 'auto'): DecodedSource | undefined {
  if (format === 'cuscar' && encoding === 'auto') return undefined;
  return decodeSource(source, encoding);
}
