import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parsePlainDecimal } from './csv-columns.ts';
import { readCsvColumns, type CsvColumnSpec } from './csv.ts';
import { ModelInputError } from './errors.ts';
import { createRng } from './random.ts';
import { makeTempDir } from './test-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

/** Every field of every record as csv-parse reads it (the reader this one replaced), with its end line. */
function referenceRecords(content: string): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  const records = parse(content, { bom: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  for (const { record, info } of records) rows.push({ fields: record, line: info.lines });
  return rows;
}

// Quotes with commas, "" escapes and line ends inside, empty lines, empty cells, non-ASCII, a byte order
// mark and no line end after the last record; once with LF, once with CRLF line ends.
const TRICKY_LF =
  '\uFEFFid,name,amount,note\n' +
  '1,"Smith, John",12.50,plain\n' +
  '\n' +
  '2,"say ""hi""",-0.0,"two\nlines"\n' +
  '3,,,"three\nlines\n"\n' +
  '\n' +
  '4,Ærø Ståł,1e3,  spaced  \n' +
  '5,"",7,""\n' +
  '6,Smith,0x10,last';
const TRICKY_CRLF = TRICKY_LF.replaceAll('\n', '\r\n');

describe('readCsvColumns: the byte-level reader', () => {
  const columns: CsvColumnSpec[] = [
    { name: 'id', kind: 'strings' },
    { name: 'name', kind: 'keys' },
    { name: 'amount', kind: 'numbers' },
    { name: 'note', kind: 'keys' },
  ];

  const cases = [1, 2, 3, 5, 7, 16, 64, 1 << 20].flatMap((chunkBytes) => [
    { chunkBytes, ends: 'LF', content: TRICKY_LF },
    { chunkBytes, ends: 'CRLF', content: TRICKY_CRLF },
  ]);
  it.each(cases)('reads like csv-parse: $ends, in chunks of $chunkBytes bytes', async ({ chunkBytes, ends, content }) => {
    const file = await write(`tricky-${ends}-${chunkBytes}.csv`, content);
    const table = await readCsvColumns(file, { required: columns }, { chunkBytes });
    const [header, ...rows] = referenceRecords(content);
    expect(table.header).toEqual(header!.fields);
    expect(table.rowCount).toBe(rows.length);
    // Lines as an editor shows them; csv-parse counts a CR LF inside quotes as two, so take its LF figures.
    expect(Array.from(table.lines)).toEqual(referenceRecords(TRICKY_LF).slice(1).map((r) => r.line));
    expect(table.strings.get('id')).toEqual(rows.map((r) => r.fields[0]));
    for (const [name, at] of [['name', 1], ['note', 3]] as const) {
      const { ids, keys } = table.keys.get(name)!;
      expect(Array.from(ids, (id) => keys[id])).toEqual(rows.map((r) => r.fields[at]));
    }
    const amount = table.numbers.get('amount')!;
    const expected = rows.map((r) => (r.fields[2]!.trim() === '' ? Number.NaN : Number(r.fields[2]!.trim())));
    expect(Array.from(amount.values)).toEqual(expected);
    expect(Object.is(amount.values[1], -0)).toBe(true);
    expect(amount.badRow).toBe(-1);
  });

  it('interns keys in order of first appearance, one key for all empty cells', async () => {
    const file = await write('keys.csv', 'k\nb\n\na\nb\n""\na\n\n');
    // Rows: b, (empty line skipped), a, b, "", a, (empty line skipped)
    const { ids, keys } = (await readCsvColumns(file, { required: [{ name: 'k', kind: 'keys' }] })).keys.get('k')!;
    expect(keys).toEqual(['b', 'a', '']);
    expect(Array.from(ids)).toEqual([0, 1, 0, 2, 1]);

    const many = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? '' : `K${i % 1500}`));
    const big = await write('many-keys.csv', `k\n${many.map((k) => k || '""').join('\n')}\n`);
    const column = (await readCsvColumns(big, { required: [{ name: 'k', kind: 'keys' }] }, { chunkBytes: 333 })).keys.get('k')!;
    expect(column.keys.length).toBe(new Set(many).size);
    expect(Array.from(column.ids, (id) => column.keys[id])).toEqual(many);
  });

  it('remembers the first cell that is not a number, and its line', async () => {
    const file = await write('bad-number.csv', 'x,y\n1,2\n 3 ,abc\n4,Infinity\n');
    const table = await readCsvColumns(file, { required: [{ name: 'y', kind: 'numbers' }, { name: 'x', kind: 'numbers' }] });
    const y = table.numbers.get('y')!;
    expect(y.badRow).toBe(1);
    expect(y.badText).toBe('abc');
    expect(table.lines[y.badRow]).toBe(3);
    expect(Array.from(table.numbers.get('x')!.values)).toEqual([1, 3, 4]);
  });

  it('names file and line of malformed CSV', async () => {
    const cases: [string, string, RegExp][] = [
      ['ragged.csv', 'a,b\n1,2\n1,2,3\n', /: line 3: 3 fields where the header has 2$/],
      ['unclosed.csv', 'a,b\n1,2\n3,"open\n4,5\n', /: line 3: a quote opened on this line is never closed$/],
      ['inner-quote.csv', 'a,b\n1,x"y\n', /: line 2: field 2: a quote inside an unquoted value/],
      ['after-quote.csv', 'a,b\n"1"x,2\n', /: line 2: field 1: 'x' after a closing quote/],
      ['missing.csv', 'a,c\n1,2\n', /: line 1: missing column 'b' \(header has: a, c\)$/],
      ['empty.csv', '', /: the file is empty \(no header line\)$/],
    ];
    for (const [name, content, message] of cases) {
      const file = await write(name, content);
      const error = await readCsvColumns(file, { required: [{ name: 'b', kind: 'keys' }] }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(ModelInputError);
      expect((error as Error).message.startsWith(`${file}: `), name).toBe(true);
      expect((error as Error).message, name).toMatch(message);
    }
    await expect(readCsvColumns(join(dir, 'nope.csv'), { required: [] })).rejects.toThrow(`${join(dir, 'nope.csv')}: no such file`);
  });
});

describe('parsePlainDecimal', () => {
  const parseText = (text: string): number => {
    const bytes = Buffer.from(text);
    return parsePlainDecimal(bytes, 0, bytes.length);
  };

  it('gives exactly what Number() gives for plain decimals', () => {
    const rng = createRng(3);
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + rng.int(15);
      let text = '';
      for (let d = 0; d < digits; d++) text += String(rng.int(10));
      const dot = rng.int(digits + 1);
      if (dot < digits) text = `${text.slice(0, dot)}.${text.slice(dot)}`;
      if (rng.next() < 0.3) text = `-${text}`;
      expect(Object.is(parseText(text), Number(text)), text).toBe(true);
    }
    for (const text of ['0', '-0', '5.', '.5', '-.5', '007', '999999999999999', '0.00000000000001', '415092.72']) {
      expect(Object.is(parseText(text), Number(text)), text).toBe(true);
    }
  });

  it('leaves everything else, and more than 15 digits, to Number() (NaN here)', () => {
    for (const text of ['', '-', '.', '0.000000000000001', '1e3', ' 1', '1 ', '+1', '0x10', '1.2.3', '1234567890123456', 'NaN']) {
      expect(parseText(text), text).toBeNaN();
    }
  });
});
