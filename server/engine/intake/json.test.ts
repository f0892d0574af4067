import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { linesByPointer, parseJson, pointerToField, type JsonParseOptions } from './json.ts';
import { consignmentJsonSchema } from './schema.ts';
import type { ParseResult } from './types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>, options: JsonParseOptions = {}): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of parseJson(source, options)) out.push(r);
  return out;
}

function bytesIn(text: string, size: number): Buffer[] {
  const b = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

const doc = (n: number, extra = '') =>
  `{"documentType":"BL_MASTER","documentNumber":"BL${n}","mode":"sea","parties":[{"role":"consignee","name":"ООО «Груз» ${n}"}],"goodsItems":[{"seq":1,"hsCode":"847130","description":"LAPTOPS","grossMassKg":${n}.5}]${extra}}`;

describe('parseJson', () => {
  it('reads the array fixture', async () => {
    const results = await collect([readFileSync(fixture('consignments.json'))], { file: 'consignments.json' });
    expect(results.map((r) => r.problems)).toEqual([[], [], []]);
    const [c1, c2, c3] = results.map((r) => r.consignment!);
    expect(c1).toMatchObject({ documentNumber: 'MEDUTR123456', source: { format: 'json', file: 'consignments.json', line: 2, byteOffset: 4 } });
    expect(c1?.goodsItems[0]?.hsCode).toBe('847130');
    expect(c2).toMatchObject({ documentType: 'BL_HOUSE', masterDocumentNumber: 'MEDUTR123499', parties: [{ addressLines: [], identifiers: [] }, {}] });
    expect(c3).toMatchObject({ documentType: 'AWB_MASTER', documentNumber: '235-12345675', departureDate: '2025-03-20T10:45:00+03:00', equipment: [] });
    expect(results.map((r) => r.position.line)).toEqual([2, 63, 82]);
  });

  it('reads NDJSON with problems naming field and line, and recovers from a broken line', async () => {
    const results = await collect([readFileSync(fixture('consignments.ndjson'))]);
    expect(results.map((r) => r.consignment?.documentNumber ?? null)).toEqual(['ODBUS0001', 'ODBUS0002', null, null, 'ODBUS0005']);
    expect(results[1]?.problems).toEqual([{ level: 'warning', code: 'JSON_UNKNOWN_FIELD', field: 'shipper', line: 2, message: 'unknown field "shipper" is ignored' }]);
    expect(results[2]?.problems).toMatchObject([
      { level: 'error', code: 'JSON_WRONG_TYPE', field: 'goodsItems[0].hsCode', line: 3 },
      { level: 'error', code: 'JSON_WRONG_TYPE', field: 'goodsItems[0].grossMassKg', line: 3 },
    ]);
    expect(results[3]?.problems).toMatchObject([{ level: 'error', code: 'JSON_SYNTAX', line: 4 }]);
  });

  it('reads a single document and gives the same results for any chunking, including inside UTF-8 characters', async () => {
    const text = `[\n${doc(1)},\n${doc(2)}\n]`;
    const whole = await collect([text]);
    expect(whole.map((r) => r.consignment?.parties[0]?.name)).toEqual(['ООО «Груз» 1', 'ООО «Груз» 2']);
    for (const size of [1, 2, 3, 17]) expect(await collect(bytesIn(text, size))).toEqual(whole);
    expect((await collect([doc(7)]))[0]?.consignment?.documentNumber).toBe('BL7');
  });

  it('names the line of a nested field in a pretty-printed document', async () => {
    const text = `[\n${JSON.stringify(JSON.parse(doc(3, ',"equipment":[{"containerNumber":"CSQU3054383","seals":"S1","colour":"red"}]')), null, 2)}\n]`;
    const [r] = await collect([text]);
    expect(r?.consignment).toBeUndefined();
    const lines = text.split('\n');
    expect(r?.problems).toEqual([
      expect.objectContaining({ code: 'JSON_UNKNOWN_FIELD', field: 'equipment[0].colour', line: lines.findIndex((l) => l.includes('"colour"')) + 1 }),
      expect.objectContaining({ code: 'JSON_WRONG_TYPE', field: 'equipment[0].seals', line: lines.findIndex((l) => l.includes('"seals"')) + 1 }),
    ]);
  });

  it('reports missing required fields and wrong enumerations', async () => {
    const [r] = await collect(['{"documentType":"BOL","mode":"ship"}']);
    expect(r?.problems.map((p) => [p.code, p.field])).toEqual([
      ['REQUIRED_FIELD', 'documentNumber'],
      ['JSON_WRONG_TYPE', 'documentType'],
      ['JSON_WRONG_TYPE', 'mode'],
    ]);
    expect(r?.problems[1]?.message).toContain('BL_MASTER, BL_HOUSE, AWB_MASTER, AWB_HOUSE');
  });

  it('reports non-object elements, stray separators and an unclosed array, and goes on', async () => {
    const results = await collect([`[${doc(1)}, 42, "x", null, [1], ${doc(2)}`]);
    expect(results.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual([
      'BL1',
      'JSON_NOT_OBJECT',
      'JSON_NOT_OBJECT',
      'JSON_NOT_OBJECT',
      'JSON_NOT_OBJECT',
      'BL2',
      'JSON_SYNTAX',
    ]);
    const stray = await collect([`${doc(1)}}\n${doc(2)}`]);
    expect(stray.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual(['BL1', 'JSON_SYNTAX', 'BL2']);
  });

  it('reports a stray line of words once, with its line number, and keeps the documents around it', async () => {
    const results = await collect([`${doc(1)}\nthis is not json\n${doc(2)}\n`]);
    expect(results.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual(['BL1', 'JSON_SYNTAX', 'BL2']);
    expect(results[1]?.problems).toMatchObject([{ line: 2 }]);
    expect(results[1]?.problems[0]?.message).toContain('this is not json');
  });

  it('reports an unterminated document at end of file', async () => {
    const results = await collect([`[${doc(1)}, {"documentType":"BL_MASTER","documentNumber":"X`]);
    expect(results.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual(['BL1', 'JSON_SYNTAX', 'JSON_SYNTAX']);
  });

  it('rejects a document over the size limit without holding it', async () => {
    const results = await collect([doc(1), '\n', doc(2, `,"x":"${'y'.repeat(5000)}"`), '\n', doc(3)], { maxRecordBytes: 1000 });
    expect(results.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual(['BL1', 'RECORD_TOO_LARGE', 'BL3']);
  });

  it('drops an invalid date with a warning', async () => {
    const [r] = await collect([doc(1, ',"departureDate":"31/12/2025","estimatedArrivalDate":"2026-01-05"')]);
    expect(r?.consignment?.departureDate).toBeUndefined();
    expect(r?.consignment?.estimatedArrivalDate).toBe('2026-01-05');
    expect(r?.problems).toMatchObject([{ level: 'warning', code: 'INVALID_DATE', field: 'departureDate' }]);
  });

  it('streams an array of 10,000 documents one at a time with small heap growth', async () => {
    const N = 10_000;
    let pulled = 0;
    async function* source() {
      yield '[';
      for (let i = 0; i < N; i++) {
        pulled++;
        // ~4.3 KB per document, unique text
        yield `${i > 0 ? ',' : ''}${doc(i, `,"equipment":[{"containerNumber":"CSQU3054383","seals":["${'S'.repeat(4000)}${i}"]}]`)}`;
      }
      yield ']';
    }
    const it = parseJson(source())[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value?.consignment?.documentNumber).toBe('BL0');
    expect(pulled).toBeLessThan(5);
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 1;
    let peak = before;
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      count++;
      if (count % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(N);
    // 10k documents ≈ 43 MB of text: keeping the results grows the heap by ≈ 60 MB, streaming by ≈ 25 MB
    // (garbage not yet collected). The bound is loose; the deterministic check is `pulled` above.
    expect(peak - before).toBeLessThan(45 * 1024 * 1024);
  });
});

describe('helpers', () => {
  it('pointerToField', () => {
    expect(pointerToField('/goodsItems/2/hsCode')).toBe('goodsItems[2].hsCode');
    expect(pointerToField('/a~1b')).toBe('a/b');
    expect(pointerToField('')).toBe('');
  });
  it('linesByPointer', () => {
    const m = linesByPointer('{\n "a": [\n  1,\n  {"b": "x\\"y"}\n ],\n "c": {}\n}');
    expect(Object.fromEntries(m)).toEqual({ '': 1, '/a': 2, '/a/0': 3, '/a/1': 4, '/a/1/b': 4, '/c': 6 });
  });
  it('the published JSON Schema file matches the TypeBox schema', () => {
    const file = JSON.parse(readFileSync(fileURLToPath(new URL('./consignment.schema.json', import.meta.url)), 'utf8')) as unknown;
    expect(file).toEqual(consignmentJsonSchema());
  });
});
