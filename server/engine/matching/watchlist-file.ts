/**
 * Reading screening lists from files: CSV (id,name[,schema]; repeated ids are
 * aliases) or FollowTheMoney JSON lines ({"id","schema","properties":{"name":[…],"alias":[…]}}).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { NameIndex } from './name-index.ts';

export interface ListEntry {
  id: string;
  schema: string | null;
  names: string[];
}

/** A problem with an input file, with the place it was found. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export type ListFormat = 'csv' | 'ftm';

/** Guess the format from the extension, else from the first character ("{" → JSON lines). */
export async function detectListFormat(path: string): Promise<ListFormat> {
  if (/\.(jsonl|ndjson|json|ftm)$/i.test(path)) return 'ftm';
  if (/\.(csv|tsv)$/i.test(path)) return 'csv';
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const buf = Buffer.alloc(256);
    const { bytesRead } = await fh.read(buf, 0, 256, 0);
    return buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'ftm' : 'csv';
  } finally {
    await fh.close();
  }
}

function streamError(path: string, e: unknown): InputError {
  if (e instanceof InputError) return e;
  const err = e as Error & { code?: string; lines?: number };
  if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') return new InputError(`cannot read ${path}: ${err.message}`);
  if (typeof err.lines === 'number') return new InputError(`${path}:${err.lines}: invalid CSV: ${err.message}`);
  return new InputError(`${path}: ${err.message}`);
}

/** Entries of a CSV list with columns id, name and optionally schema. */
export async function* readCsvList(path: string): AsyncGenerator<ListEntry> {
  const input = createReadStream(path);
  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      columns: (header: string[]) => {
        const cols = header.map((h) => h.trim().toLowerCase());
        const missing = ['id', 'name'].filter((c) => !cols.includes(c));
        if (missing.length > 0) throw new InputError(`${path}:1: missing column(s) ${missing.join(', ')} (found: ${cols.join(', ')})`);
        return cols;
      },
    }),
  );
  // forward read errors (ENOENT…) to the parser, which the loop below awaits
  input.on('error', (e) => parser.destroy(e));
  parser.on('error', () => undefined);
  const byId = new Map<string, ListEntry>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const id = record.id ?? '';
      const name = record.name ?? '';
      if (!id) throw new InputError(`${path}:${info.lines}: empty value in column id`);
      if (!name) throw new InputError(`${path}:${info.lines}: empty value in column name`);
      const entry = byId.get(id);
      if (entry) entry.names.push(name);
      else byId.set(id, { id, schema: record.schema || null, names: [name] });
    }
  } catch (e) {
    throw streamError(path, e);
  }
  yield* byId.values();
}

/** Entries of a FollowTheMoney JSON-lines file (name and alias properties). */
export async function* readFtmList(path: string): AsyncGenerator<ListEntry> {
  const stream = createReadStream(path, 'utf8');
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
      if (!text.trim()) continue;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        throw new InputError(`${path}:${n}: invalid JSON: ${(e as Error).message}`);
      }
      const o = obj as { id?: unknown; schema?: unknown; properties?: Record<string, unknown> };
      if (typeof o.id !== 'string' || !o.id) throw new InputError(`${path}:${n}: missing "id"`);
      const props = o.properties ?? {};
      const names: string[] = [];
      for (const prop of ['name', 'alias']) {
        const v = props[prop];
        if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && x.trim()) names.push(x);
      }
      if (names.length === 0) continue; // entities without names (e.g. addresses) cannot be screened
      yield { id: o.id, schema: typeof o.schema === 'string' ? o.schema : null, names };
    }
  } catch (e) {
    throw streamError(path, e);
  }
}

/** Read a list file into a NameIndex. */
export async function loadListFile(path: string, index = new NameIndex()): Promise<NameIndex> {
  const format = await detectListFormat(path);
  const entries = format === 'ftm' ? readFtmList(path) : readCsvList(path);
  for await (const e of entries) index.add(e.id, e.names, e.schema);
  index.compact();
  return index;
}
