/**
 * `iren screen …`: party screening from the command line.
 *
 *   iren screen pairs --in pairs.csv --out scored.csv
 *   iren screen name "Ахмедов Рустам" --list watchlist.csv --schema Person --json
 *
 * Exit codes: 0 ok, 2 bad input (missing column, unreadable file, bad CSV/JSON).
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { Command } from 'commander';
import { compareNames, DEFAULT_THRESHOLD } from '../engine/matching/compare.ts';
import { InputError, loadListFile } from '../engine/matching/watchlist-file.ts';
import { NameIndex } from '../engine/matching/name-index.ts';

const EXIT_BAD_INPUT = 2;

function csvField(v: string): string {
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function parseNumber(name: string, value: string | number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InputError(`${name} must be a number between ${min} and ${max}, got "${value}"`);
  return n;
}

function fail(cmd: Command, e: unknown): never {
  if (e instanceof InputError) cmd.error(`error: ${e.message}`, { exitCode: EXIT_BAD_INPUT, code: 'iren.screen.input' });
  throw e;
}

interface PairsOptions {
  in: string;
  out?: string;
  schema?: string;
  threshold?: number;
}

/** Stream a CSV of name pairs, append score and match columns. */
export async function screenPairs(opts: PairsOptions): Promise<{ rows: number; matches: number }> {
  const inPath = opts.in;
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const input = createReadStream(inPath);
  const readable = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (e) => reject(new InputError(`cannot read ${inPath}: ${e.message}`)));
  });
  await readable;
  let header: string[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      info: true,
      columns: (h: string[]) => {
        header = h.map((c) => c.trim());
        const missing = ['name_a', 'name_b'].filter((c) => !header.includes(c));
        if (missing.length > 0) {
          throw new InputError(`${inPath}:1: missing column(s) ${missing.join(', ')} (found: ${header.join(', ') || 'none'})`);
        }
        return header;
      },
    }),
  );
  input.on('error', (e) => parser.destroy(e));
  parser.on('error', () => undefined); // errors reach the loop below through the async iterator
  const toStdout = !opts.out || opts.out === '-';
  const out = toStdout ? process.stdout : createWriteStream(opts.out as string);
  const outReady = toStdout
    ? Promise.resolve()
    : new Promise<void>((resolve, reject) => {
        out.once('open', () => resolve());
        out.once('error', (e) => reject(new InputError(`cannot write ${opts.out}: ${e.message}`)));
      });
  await outReady;
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  let rows = 0;
  let matches = 0;
  let headerWritten = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!headerWritten) {
        await write([...header, 'score', 'match'].map(csvField).join(',') + '\n');
        headerWritten = true;
      }
      const a = record.name_a ?? '';
      const b = record.name_b ?? '';
      if (!a.trim()) throw new InputError(`${inPath}:${info.lines}: empty value in column name_a`);
      if (!b.trim()) throw new InputError(`${inPath}:${info.lines}: empty value in column name_b`);
      const schema = record.schema?.trim() || opts.schema;
      const r = compareNames(a, b, schema, threshold);
      rows++;
      if (r.match) matches++;
      await write([...header.map((h) => record[h] ?? ''), r.score.toFixed(4), String(r.match)].map(csvField).join(',') + '\n');
    }
    if (!headerWritten) await write([...header, 'score', 'match'].map(csvField).join(',') + '\n');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as Error & { lines?: number };
    throw new InputError(typeof err.lines === 'number' ? `${inPath}:${err.lines}: invalid CSV: ${err.message}` : `${inPath}: ${err.message}`);
  } finally {
    if (!toStdout) {
      out.end();
      await once(out, 'finish');
    }
  }
  return { rows, matches };
}

interface NameOptions {
  list?: string;
  schema?: string;
  limit?: number;
  threshold?: number;
  json?: boolean;
}

/** Screen one name against a list file; returns the printed text. */
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Entries of one stored watchlist (by id), or of all stored watchlists, from the configured database. */
async function loadStoredLists(watchlistId: string | undefined): Promise<NameIndex> {
  const { withStore } = await import('./util.ts');
  const { watchlistEntries } = await import('../db/schema.ts');
  const { eq } = await import('drizzle-orm');
  return withStore(async (store) => {
    const index = new NameIndex();
    const rowsOut = await store.db
      .select({ id: watchlistEntries.id, names: watchlistEntries.names, schema: watchlistEntries.schema })
      .from(watchlistEntries)
      .where(watchlistId ? eq(watchlistEntries.watchlistId, watchlistId) : undefined);
    for (const r of rowsOut) if (r.names.length) index.add(r.id, r.names, r.schema);
    if (watchlistId && rowsOut.length === 0) throw new InputError(`--list: no stored watchlist ${watchlistId} with entries`);
    return index;
  });
}

export async function screenName(name: string, opts: NameOptions): Promise<string> {
  if (!name.trim()) throw new InputError('the name to screen is empty');
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const index = !opts.list || UUID_RE.test(opts.list) ? await loadStoredLists(opts.list) : await loadListFile(opts.list);
  const hits = index.search(name, { schema: opts.schema, limit: opts.limit ?? 10, threshold });
  if (opts.json) {
    return JSON.stringify({ query: name, schema: opts.schema ?? null, threshold, list: opts.list, hits }, null, 2) + '\n';
  }
  const lines: string[] = [];
  lines.push(`${hits.length} hit${hits.length === 1 ? '' : 's'} for "${name}" in ${opts.list ?? 'all stored watchlists'} (${index.size} entities, ${index.nameCount} names, threshold ${threshold})`);
  hits.forEach((h, i) => {
    lines.push(`${String(i + 1).padStart(3)}. ${h.score.toFixed(4)}  ${h.id}  ${h.schema ?? '-'}  ${h.matchedName}`);
    lines.push(`       ${h.explanation.summary}`);
    if (h.explanation.legalForms.a.length + h.explanation.legalForms.b.length > 0) {
      lines.push(`       legal forms: ${h.explanation.legalForms.a.join('/') || '-'} vs ${h.explanation.legalForms.b.join('/') || '-'}`);
    }
  });
  return lines.join('\n') + '\n';
}

export function registerScreenCommands(program: Command): void {
  const screen = program.command('screen').description('screen party names against watchlists (fuzzy, cross-script)');

  screen
    .command('pairs')
    .description('score name pairs from a CSV (columns name_a,name_b[,schema]); adds score and match columns')
    .requiredOption('--in <csv>', 'input CSV file')
    .option('--out <csv>', 'output CSV file (default: standard output)')
    .option('--schema <schema>', 'schema for rows without a schema column (Person, Company, Organization, Vessel…)')
    .option('--threshold <t>', `match threshold (default ${DEFAULT_THRESHOLD})`)
    .action(async (raw: { in: string; out?: string; schema?: string; threshold?: string }, cmd: Command) => {
      try {
        const opts: PairsOptions = { ...raw, threshold: parseNumber('--threshold', raw.threshold, DEFAULT_THRESHOLD, 0, 1) };
        const { rows, matches } = await screenPairs(opts);
        if (opts.out && opts.out !== '-') process.stderr.write(`${rows} pairs scored, ${matches} matches → ${opts.out}\n`);
      } catch (e) {
        fail(cmd, e);
      }
    });

  screen
    .command('name')
    .description('screen one name against a list and print the best hits with explanations')
    .argument('<name>', 'name to screen')
    .option('--list <file|id>', 'a list file (CSV id,name[,schema] or FollowTheMoney JSON lines), or a stored watchlist id; default: all stored watchlists')
    .option('--schema <schema>', 'schema of the party (Person, Company, Organization, Vessel…)')
    .option('--limit <n>', 'maximum number of hits (default 10)')
    .option('--threshold <t>', `minimum score (default ${DEFAULT_THRESHOLD})`)
    .option('--json', 'print JSON')
    .action(async (name: string, raw: { list?: string; schema?: string; limit?: string; threshold?: string; json?: boolean }, cmd: Command) => {
      try {
        const opts: NameOptions = {
          ...raw,
          limit: parseNumber('--limit', raw.limit, 10, 1, 10_000),
          threshold: parseNumber('--threshold', raw.threshold, DEFAULT_THRESHOLD, 0, 1),
        };
        process.stdout.write(await screenName(name, opts));
      } catch (e) {
        fail(cmd, e);
      }
    });
}
