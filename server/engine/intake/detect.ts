import { decodeHead } from './encoding.ts';
import type { IntakeFormat } from './model.ts';

const EXTENSIONS: Record<string, IntakeFormat> = {
  json: 'json',
  ndjson: 'json',
  jsonl: 'json',
  csv: 'csv',
  tsv: 'csv',
  edi: 'cuscar',
  edifact: 'cuscar',
  cuscar: 'cuscar',
  unedifact: 'cuscar',
};

/**
 * Guess the format from the first bytes of a file (a few hundred are enough) and, failing that, from its
 * name. Content wins over the extension: `UNA`/`UNB` → cuscar, `{`/`[` → json. Returns undefined when
 * neither tells. A UTF-16 byte order mark is honoured.
 */
export function detectFormat(rawFirstBytes: Uint8Array, filename?: string): IntakeFormat | undefined {
  // UTF-16 (byte order mark) is read as text first.
  const firstBytes = decodeHead(rawFirstBytes);
  let i = 0;
  if (firstBytes[0] === 0xef && firstBytes[1] === 0xbb && firstBytes[2] === 0xbf) i = 3;
  while (i < firstBytes.length && [0x20, 0x09, 0x0d, 0x0a].includes(firstBytes[i]!)) i++;
  const head = Buffer.from(firstBytes.subarray(i, i + 512)).toString('latin1');
  if (/^(UNA.{6}|UNB[^A-Za-z0-9\s]|UNH[^A-Za-z0-9\s])/s.test(head)) return 'cuscar';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  const ext = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext && EXTENSIONS[ext]) return EXTENSIONS[ext];
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.length > 0 && /[,;\t|]/.test(firstLine) && ![...firstLine].some((ch) => ch.charCodeAt(0) < 9)) return 'csv';
  return undefined;
}
