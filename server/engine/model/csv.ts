/**
 * Reading CSV files into columns, with errors that name the file, the line and the column. Only the
 * requested columns are kept; the header decides their positions. The file is read in chunks and parsed
 * at the byte level (csv-parser.ts): values that repeat (codes, dates, ids of traders) are interned
 * straight from the bytes, numbers are parsed without making strings.
 *
 *   const table = await readCsvColumns('train.csv', {
 *     required: [{ name: 'Declaration ID', kind: 'strings' }, { name: 'Date', kind: 'keys' }],
 *     optional: [{ name: 'Fraud', kind: 'keys' }],
 *   });
 *   table.keys.get('Date')!.keys[table.keys.get('Date')!.ids[0]!]; // '2020-01-01'
 *   table.lines[0];                                               // 2 — the line of row 0, for messages
 */
import { open, stat } from 'node:fs/promises';
import { KeyColumnBuilder, NumberColumnBuilder, StringColumnBuilder, type KeyColumn } from './csv-columns.ts';
import { CsvRecordParser, CsvSyntaxError, fieldText, type CsvRecord } from './csv-parser.ts';
import { ModelInputError } from './errors.ts';

/** keys: interned ids + distinct values; numbers: Float64Array (NaN if empty); strings: one per row. */
export type CsvColumnKind = 'keys' | 'numbers' | 'strings';

export interface CsvColumnSpec {
  name: string;
  kind: CsvColumnKind;
}

export interface CsvColumnRequest {
  required: readonly CsvColumnSpec[];
  optional?: readonly CsvColumnSpec[];
}

export interface NumberColumn {
  values: Float64Array;
  /** First row whose cell is neither empty nor a finite number (-1: none), and that cell. */
  badRow: number;
  badText: string;
}

export interface CsvColumns {
  file: string;
  header: string[];
  rowCount: number;
  /** Requested columns present in the file, by header name. */
  keys: Map<string, KeyColumn>;
  numbers: Map<string, NumberColumn>;
  strings: Map<string, string[]>;
  /** 1-based line number where each row ends. */
  lines: Uint32Array;
}

const CHUNK_BYTES = 1 << 20;

export interface CsvReadOptions {
  /** Bytes read at a time (tests use tiny chunks to split records everywhere). */
  chunkBytes?: number;
}

export async function readCsvColumns(
  file: string,
  request: CsvColumnRequest,
  options: CsvReadOptions = {},
): Promise<CsvColumns> {
  await assertReadableFile(file);
  const wanted = [...request.required, ...(request.optional ?? [])];
  let header: string[] | null = null;
  // Builders by kind, each with the field positions it reads, so every add() call site sees one class.
  const keyColumns: { positions: number[]; builders: KeyColumnBuilder[] } = { positions: [], builders: [] };
  const numberColumns: { positions: number[]; builders: NumberColumnBuilder[] } = { positions: [], builders: [] };
  const stringColumns: { positions: number[]; builders: StringColumnBuilder[] } = { positions: [], builders: [] };
  const builders = new Map<string, KeyColumnBuilder | NumberColumnBuilder | StringColumnBuilder>();
  let lines = new Uint32Array(1024);
  let rowCount = 0;

  const onRecord = (record: CsvRecord): void => {
    if (!header) {
      header = Array.from({ length: record.fieldCount }, (_, j) =>
        fieldText(record.bytes, record.starts[j]!, record.ends[j]!, record.kinds[j]!).trim(),
      );
      const missing = request.required.filter((c) => !header!.includes(c.name)).map((c) => c.name);
      if (missing.length > 0) {
        throw new ModelInputError(
          `${file}: line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}` +
            ` (header has: ${header.join(', ')})`,
        );
      }
      for (const c of wanted.filter((spec) => header!.includes(spec.name))) {
        const position = header.indexOf(c.name);
        if (c.kind === 'keys') {
          const builder = new KeyColumnBuilder();
          keyColumns.positions.push(position);
          keyColumns.builders.push(builder);
          builders.set(c.name, builder);
        } else if (c.kind === 'numbers') {
          const builder = new NumberColumnBuilder();
          numberColumns.positions.push(position);
          numberColumns.builders.push(builder);
          builders.set(c.name, builder);
        } else {
          const builder = new StringColumnBuilder();
          stringColumns.positions.push(position);
          stringColumns.builders.push(builder);
          builders.set(c.name, builder);
        }
      }
      return;
    }
    if (rowCount === lines.length) {
      const grown = new Uint32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rowCount++] = record.line;
    const { bytes, starts, ends, kinds } = record;
    for (let j = 0; j < keyColumns.positions.length; j++) {
      const p = keyColumns.positions[j]!;
      keyColumns.builders[j]!.add(bytes, starts[p]!, ends[p]!, kinds[p]!);
    }
    for (let j = 0; j < numberColumns.positions.length; j++) {
      const p = numberColumns.positions[j]!;
      numberColumns.builders[j]!.add(bytes, starts[p]!, ends[p]!, kinds[p]!);
    }
    for (let j = 0; j < stringColumns.positions.length; j++) {
      const p = stringColumns.positions[j]!;
      stringColumns.builders[j]!.add(bytes, starts[p]!, ends[p]!, kinds[p]!);
    }
  };

  const parser = new CsvRecordParser(onRecord);
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw new ModelInputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  });
  try {
    let buffer = Buffer.allocUnsafe(options.chunkBytes ?? CHUNK_BYTES);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // One record longer than the buffer: make room for it.
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      length += bytesRead;
      const atEnd = bytesRead === 0;
      const kept = parser.parse(buffer, length, atEnd);
      if (atEnd) break;
      buffer.copy(buffer, 0, kept, length);
      length -= kept;
    }
  } catch (error) {
    if (error instanceof ModelInputError) throw error;
    if (error instanceof CsvSyntaxError) throw new ModelInputError(`${file}: line ${error.line}: ${error.message}`);
    throw new ModelInputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    await handle.close();
  }
  if (!header) throw new ModelInputError(`${file}: the file is empty (no header line)`);

  const table: CsvColumns = {
    file,
    header,
    rowCount,
    keys: new Map(),
    numbers: new Map(),
    strings: new Map(),
    lines: lines.slice(0, rowCount),
  };
  for (const [name, builder] of builders) {
    if (builder instanceof KeyColumnBuilder) table.keys.set(name, builder.finish());
    else if (builder instanceof NumberColumnBuilder) {
      table.numbers.set(name, { values: builder.finish(), badRow: builder.badRow, badText: builder.badText });
    } else table.strings.set(name, builder.finish());
  }
  return table;
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

/** Reports a bad value with its file, line and column. */
export function valueError(table: CsvColumns, row: number, column: string, problem: string): ModelInputError {
  return new ModelInputError(`${table.file}: line ${table.lines[row]}: column '${column}': ${problem}`);
}
