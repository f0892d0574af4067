import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CsvReader, type CsvEvent } from './csv-reader.ts';

function read(chunks: Uint8Array[], delimiter = ',', maxRecordBytes?: number): CsvEvent[] {
  const r = new CsvReader(delimiter, maxRecordBytes);
  const out: CsvEvent[] = [];
  for (const c of chunks) r.write(c, out);
  r.end(out);
  return out;
}

const records = (evs: CsvEvent[]) => evs.filter((e) => e.kind === 'record');

/** What csv-parse (with the options the CSV intake used) makes of the text: records, their line and byte offset, skips. */
function reference(text: string, delimiter = ',') {
  const skips: string[] = [];
  const rows = parse(text, {
    delimiter,
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: Error | undefined) => {
      if (err) skips.push((err as Error & { code: string }).code);
    },
  }) as unknown as { record: string[]; raw: string; info: { lines: number; bytes: number } }[];
  return {
    records: rows.map((r) => {
      const body = r.raw.replace(/^[\r\n]+/, '');
      let inner = 0;
      for (let k = 0; k < body.length - 1; k++) if (body.charCodeAt(k) === 10) inner++;
      return { cells: r.record, line: r.info.lines - inner, byteOffset: r.info.bytes - Buffer.byteLength(body) };
    }),
    skips,
  };
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function chunked(bytes: Buffer, r: () => number): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < bytes.length) {
    const n = 1 + Math.floor(r() * 12);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('CsvReader', () => {
  it('reads what csv-parse reads, for random inputs and any chunking', () => {
    const r = rng(42);
    const alphabet = ['a', 'b', 'c', ',', ',', '"', '"', '\n', '\n', ' ', 'я', 'ქ', '""', ',"', '",'];
    const withCr = [...alphabet, '\r\n', '\r'];
    for (let n = 0; n < 4000; n++) {
      const crlf = n % 3 === 0;
      const alpha = crlf ? withCr : alphabet;
      let text = n % 7 === 0 ? '\uFEFF' : '';
      const len = Math.floor(r() * 40);
      for (let k = 0; k < len; k++) text += alpha[Math.floor(r() * alpha.length)]!;
      const ref = reference(text);
      const bytes = Buffer.from(text);
      const whole = read([bytes]);
      const got = read(chunked(bytes, r));
      expect(got, JSON.stringify(text)).toEqual(whole);
      expect(
        records(got).map((x) => x.cells),
        JSON.stringify(text),
      ).toEqual(ref.records.map((x) => x.cells));
      expect(got.filter((e) => e.kind === 'skip').length, JSON.stringify(text)).toBe(ref.skips.length);
      if (!crlf) {
        // Without carriage returns csv-parse's line numbers and offsets (as the CSV intake derived them) are exact.
        expect(
          records(got).map((x) => [x.line, x.byteOffset]),
          JSON.stringify(text),
        ).toEqual(ref.records.map((x) => [x.line, x.byteOffset]));
      }
    }
  });

  it('gives the start line and byte offset of each record, with CRLF, quoted line breaks and a BOM', () => {
    const text = '\uFEFFh1,h2\r\n\r\n"a\r\nb",c\r\nд,"e""f"\r\nlast';
    const evs = records(read([Buffer.from(text)]));
    expect(evs.map((e) => [e.cells, e.line])).toEqual([
      [['h1', 'h2'], 1],
      [['a\r\nb', 'c'], 3],
      [['д', 'e"f'], 5],
      [['last'], 6],
    ]);
    // BOM 3 bytes + "h1,h2\r\n" 7 + empty line 2 = 12; + "\"a\r\nb\",c\r\n" 10 = 22; + "д,\"e\"\"f\"\r\n" 11 = 33.
    expect(evs.map((e) => e.byteOffset)).toEqual([3, 12, 22, 33]);
    const bytes = Buffer.from(text);
    expect(evs.map((e) => bytes.subarray(e.byteOffset, e.byteOffset + 2).toString())).toEqual(['h1', '"a', 'д', 'la']);
  });

  it('skips a record over the size limit and an unclosed quote, and goes on', () => {
    const long = `x,${'y'.repeat(100)}`;
    const evs = read([Buffer.from(`a,b\n${long}\nc,d\n"e,f\n`)], ',', 50);
    expect(evs.map((e) => (e.kind === 'record' ? e.cells.join('|') : `skip@${e.line}: ${e.message.split(':')[0]}`))).toEqual([
      'a|b',
      'skip@2: Max Record Size',
      'c|d',
      'skip@5: Quote Not Closed',
    ]);
    const quoted = read([Buffer.from(`a,b\n"${'z'.repeat(80)}\n",q\nc,d\n`)], ',', 50);
    expect(quoted.map((e) => (e.kind === 'record' ? e.cells.join('|') : 'skip'))).toEqual(['a|b', 'skip', 'c|d']);
  });

  it('uses the given delimiter and keeps quotes inside unquoted cells', () => {
    const evs = records(read([Buffer.from('a;b\tc;ООО "Ромашка";"x;y"\n')], ';'));
    expect(evs.map((e) => e.cells)).toEqual([['a', 'b\tc', 'ООО "Ромашка"', 'x;y']]);
  });
});
