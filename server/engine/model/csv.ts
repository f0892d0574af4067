/**
 * Streaming CSV reading (csv-parse) into string columns, with errors that name the file, the line and
 * the column. Only the requested columns are kept; the header decides their positions.
 *
 *   const table = await readCsvColumns('train.csv', { required: ['Declaration ID', 'Date'], optional: ['Fraud'] });
 *   table.columns.get('Date')![0]; // '2020-01-01'
 *   table.lines[0];                 // 2 — the line of row 0 in the file, for error messages
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { ModelInputError } from './errors.ts';

export interface CsvColumns {
  file: string;
  header: string[];
  rowCount: number;
  /** Requested columns present in the file, by header name. */
  columns: Map<string, string[]>;
  /** 1-based line number where each row ends. */
  lines: Uint32Array;
}

export interface CsvColumnRequest {
  required: readonly string[];
  optional?: readonly string[];
}

export async function readCsvColumns(file: string, request: CsvColumnRequest): Promise<CsvColumns> {
  await assertReadableFile(file);
  const parser = parse({ bom: true, skip_empty_lines: true });
  let header: string[] | null = null;
  let positions: number[] = [];
  let names: string[] = [];
  let store: string[][] = [];
  let lineNumbers = new Uint32Array(1024);
  let rowCount = 0;
  let failure: Error | null = null;

  parser.on('data', (record: string[]) => {
    if (failure) return;
    if (!header) {
      header = record.map((name) => name.trim());
      const missing = request.required.filter((name) => !header!.includes(name));
      if (missing.length > 0) {
        failure = new ModelInputError(
          `${file}: line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}` +
            ` (header has: ${header.join(', ')})`,
        );
        parser.destroy();
        return;
      }
      names = [...request.required, ...(request.optional ?? [])].filter((name) => header!.includes(name));
      positions = names.map((name) => header!.indexOf(name));
      store = names.map(() => []);
      return;
    }
    if (rowCount === lineNumbers.length) {
      const grown = new Uint32Array(lineNumbers.length * 2);
      grown.set(lineNumbers);
      lineNumbers = grown;
    }
    lineNumbers[rowCount++] = parser.info.lines;
    for (let j = 0; j < positions.length; j++) store[j]!.push(record[positions[j]!]!);
  });

  const input = createReadStream(file);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    await finished(parser);
  } catch (error) {
    if (failure) throw failure;
    throw describeCsvError(file, error);
  }
  if (failure) throw failure;
  if (!header) throw new ModelInputError(`${file}: the file is empty (no header line)`);
  return {
    file,
    header,
    rowCount,
    columns: new Map(names.map((name, j) => [name, store[j]!])),
    lines: lineNumbers.slice(0, rowCount),
  };
}

async function assertReadableFile(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ModelInputError(`${file}: not a file`);
  } catch (error) {
    if (error instanceof ModelInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelInputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`);
  }
}

function describeCsvError(file: string, error: unknown): ModelInputError {
  if (error instanceof ModelInputError) return error;
  const e = error as { code?: string; message?: string; lines?: number };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    // csv-parse messages end with "on line N"; say it our way.
    const message = (e.message ?? e.code).replace(/\s*(at|on) line \d+\s*$/, '');
    return new ModelInputError(`${file}: line ${e.lines ?? '?'}: ${message}`);
  }
  return new ModelInputError(`${file}: cannot read (${e.code ?? e.message ?? String(error)})`);
}

/** Reports a bad value with its file, line and column. */
export function valueError(table: CsvColumns, row: number, column: string, problem: string): ModelInputError {
  return new ModelInputError(`${table.file}: line ${table.lines[row]}: column '${column}': ${problem}`);
}
