import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CSV_FIELDS, parseCsv, parseCsvMapping, type CsvMapping } from './csv.ts';
import type { ParseResult } from './types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(source: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>, mapping?: CsvMapping): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of parseCsv(source, mapping, { file: 'test.csv' })) out.push(r);
  return out;
}

const HEADER = 'documentNumber,carrierCode,mode,placeOfLoading,placeOfDischarge,consigneeName,itemSeq,hsCode,description,grossMassKg,containerNumbers,containerSeals';

describe('parseCsv: default layout', () => {
  it('groups consecutive rows of the fixture into consignments', async () => {
    const results = await collect([readFileSync(fixture('manifest-default.csv'))]);
    expect(results.map((r) => r.consignment?.documentNumber)).toEqual(['MEDUCN880011', 'HBL-SHA-0042', 'MEDUCN880012']);
    const [c1, c2, c3] = results.map((r) => r.consignment!);
    expect(results[0]?.problems).toEqual([]);
    expect(c1).toMatchObject({
      documentType: 'BL_MASTER',
      mode: 'sea',
      carrier: { code: 'MSCU', name: 'MEDITERRANEAN SHIPPING COMPANY' },
      imoNumber: '9319466',
      transshipments: ['TRAMR'],
      departureDate: '2025-02-10',
      estimatedArrivalDate: '2025-03-15T08:00',
      source: { format: 'csv', file: 'test.csv', line: 2 },
    });
    expect(c1?.parties).toEqual([
      { role: 'consignor', name: 'SHANGHAI BRIGHT TOYS CO LTD', addressLines: ['88 Pudong Ave'], city: 'Shanghai', country: 'CN', identifiers: [] },
      { role: 'consignee', name: 'ООО "ДЕТСКИЙ МИР ГРУЗИЯ"', addressLines: ['ул. Руставели 12', 'офис 4'], city: 'Тбилиси', country: 'GE', identifiers: [{ scheme: 'TIN', value: '405998877' }] },
    ]);
    expect(c1?.goodsItems.map((g) => [g.seq, g.hsCode, g.grossMassKg, g.containerNumbers.join(' '), g.unNumber])).toEqual([
      [1, '950300', 6400, 'OOLU4293959', undefined],
      [2, '950450', 1800, 'OOLU4293959', undefined],
      [3, '850760', 900, 'MOEU0710945', '3480'],
    ]);
    expect(c1?.equipment).toEqual([
      { containerNumber: 'OOLU4293959', sizeType: '40HC', seals: ['OOLU-SEAL-1'], fullEmpty: 'FULL' },
      { containerNumber: 'MOEU0710945', sizeType: '22G1', seals: ['MOE-778', 'MOE-779'], fullEmpty: 'FULL' },
    ]);
    expect(c2).toMatchObject({ documentType: 'BL_HOUSE', masterDocumentNumber: 'MEDUCN880011', transshipments: ['TRAMR', 'GEPTI'] });
    expect(c3?.departureDate).toBe('2025-02-10');
    expect(results[2]?.problems).toEqual([
      { level: 'warning', code: 'INVALID_VALUE', field: 'grossMassKg', line: 6, column: 'grossMassKg', file: 'test.csv', message: 'grossMassKg "abc" is not a number; dropped' },
    ]);
  });

  it('merges rows with the same item number (goods in several containers)', async () => {
    const text = [HEADER, 'BL1,C1,sea,CNSHA,GEPTI,X,1,847130,LAPTOPS,100,CSQU3054383,S1', 'BL1,C1,,,,,1,,,,TCNU7200794,S2'].join('\n');
    const [r] = await collect([text]);
    expect(r?.consignment?.goodsItems).toEqual([{ seq: 1, hsCode: '847130', description: 'LAPTOPS', grossMassKg: 100, containerNumbers: ['CSQU3054383', 'TCNU7200794'] }]);
    expect(r?.consignment?.equipment.map((e) => [e.containerNumber, e.seals.join()])).toEqual([['CSQU3054383', 'S1'], ['TCNU7200794', 'S2']]);
  });

  it('splits consignments on document number + carrier, reports differing consignment cells and ungrouped files', async () => {
    const text = [
      HEADER,
      'BL1,C1,sea,CNSHA,GEPTI,X,1,847130,A,1,,',
      'BL1,C1,sea,CNSHA,GEBUS,X,2,847130,B,1,,',
      'BL1,C2,sea,CNSHA,GEPTI,Y,1,847130,C,1,,',
      'BL2,C1,sea,CNSHA,GEPTI,Z,1,847130,D,1,,',
      'BL1,C1,sea,CNSHA,GEPTI,X,3,847130,E,1,,',
    ].join('\r\n');
    const results = await collect([text]);
    expect(results.map((r) => [r.consignment?.documentNumber, r.consignment?.carrier?.code, r.consignment?.goodsItems.length])).toEqual([
      ['BL1', 'C1', 2],
      ['BL1', 'C2', 1],
      ['BL2', 'C1', 1],
      ['BL1', 'C1', 1],
    ]);
    expect(results[0]?.problems).toMatchObject([{ code: 'CSV_INCONSISTENT_GROUP', line: 3, column: 'placeOfDischarge', field: 'placeOfDischarge' }]);
    expect(results[0]?.consignment?.placeOfDischarge).toBe('GEPTI');
    expect(results[3]?.problems).toMatchObject([{ code: 'CSV_NOT_GROUPED', line: 6 }]);
  });

  it('counts lines across quoted line breaks and skips a broken row', async () => {
    const text = [HEADER, 'BL1,C1,sea,CNSHA,GEPTI,"ООО ""А""\nline 2",1,847130,"multi\nline",1,,', 'BL2,C1,sea,CNSHA,GEPTI,"unclosed,1,847130'].join('\n');
    const results = await collect([text]);
    expect(results[0]?.consignment?.source?.line).toBe(2);
    expect(results[0]?.consignment?.parties[0]?.name).toBe('ООО "А" line 2');
    expect(results.flatMap((r) => r.problems).map((p) => p.code)).toEqual(['CSV_SYNTAX']);
  });

  it('stops with an error when the document number column is missing, and warns on unknown columns', async () => {
    const [r, ...rest] = await collect(['bl,hs,colour\nBL1,847130,red\n']);
    expect(rest).toEqual([]);
    expect(r?.problems.map((p) => [p.level, p.code, p.column])).toEqual([
      ['error', 'CSV_MISSING_COLUMN', 'documentNumber'],
      ['warning', 'CSV_UNKNOWN_COLUMN', 'bl'],
      ['warning', 'CSV_UNKNOWN_COLUMN', 'hs'],
      ['warning', 'CSV_UNKNOWN_COLUMN', 'colour'],
    ]);
  });

  it('rejects invalid enumerations and infers mode and document type', async () => {
    const text = ['documentNumber,documentType,mode,flightNumber,masterDocumentNumber', 'X1,BOL,,,', 'X2,,ship,,', '23512345675,,,TK0380,', 'H1,,,,M1', 'H2,HAWB,air,,23512345675'].join('\n');
    const results = await collect([text]);
    expect(results.map((r) => r.problems[0]?.code ?? `${r.consignment?.documentType} ${r.consignment?.mode} ${r.consignment?.documentNumber}`)).toEqual([
      'INVALID_VALUE',
      'INVALID_VALUE',
      'AWB_MASTER air 235-12345675',
      'BL_HOUSE sea H1',
      'AWB_HOUSE air H2',
    ]);
    expect(results[4]?.consignment?.masterDocumentNumber).toBe('235-12345675');
  });

  it('detects the delimiter and gives the same result for any chunking', async () => {
    const text = readFileSync(fixture('manifest-default.csv'), 'utf8').replace(/,/g, '\t');
    const whole = await collect([text]);
    expect(whole).toHaveLength(3);
    const b = Buffer.from(text);
    const small: Buffer[] = [];
    for (let i = 0; i < b.length; i += 5) small.push(b.subarray(i, i + 5));
    expect(await collect(small)).toEqual(whole);
  });

  it('rejects a consignment with too many rows', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `BL1,C1,sea,CNSHA,GEPTI,X,${i + 1},847130,A,1,,`);
    const out: ParseResult[] = [];
    for await (const r of parseCsv([[HEADER, ...rows, 'BL2,C1,sea,,,,1,,B,1,,'].join('\n')], {}, { maxItems: 10 })) out.push(r);
    expect(out.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual(['TOO_MANY_ITEMS', 'BL2']);
  });
});

describe('parseCsv: mapping file', () => {
  it('reads a partner layout with Russian headers, semicolons, decimal commas and DD.MM.YYYY dates', async () => {
    const { mapping, problems } = parseCsvMapping(JSON.parse(readFileSync(fixture('manifest-partner.mapping.json'), 'utf8')));
    expect(problems).toEqual([]);
    const results = await collect([readFileSync(fixture('manifest-partner.csv'))], mapping);
    expect(results.map((r) => r.problems)).toEqual([[], []]);
    const [c1, c2] = results.map((r) => r.consignment!);
    expect(c1).toMatchObject({
      documentNumber: 'KZB-2025-0101',
      mode: 'sea',
      imoNumber: '9346512',
      departureDate: '2025-03-18T04:00',
      estimatedArrivalDate: '2025-03-19',
      parties: [
        { role: 'consignor', name: 'AZERI AUTO PARTS MMC', addressLines: ['Neftchilar Ave 12, Baku'], country: 'AZ' },
        { role: 'consignee', name: 'ТОО "МАНГИСТАУ АВТО"', identifiers: [{ scheme: 'TIN', value: '180340021234' }] },
      ],
      equipment: [{ containerNumber: 'GYOU4047990', sizeType: '45R1', seals: ['AZ000123'], fullEmpty: 'FULL' }],
    });
    expect(c1?.goodsItems.map((g) => [g.seq, g.hsCode, g.grossMassKg, g.netMassKg])).toEqual([
      [1, '870899', 1840.5, 1700],
      [2, '401110', 3200, 3000],
    ]);
    expect(c2).toMatchObject({ documentType: 'BL_HOUSE', masterDocumentNumber: 'KZB-2025-0100', goodsItems: [{ description: 'ГРУЗ', packageCount: 10 }] });
  });

  it('validates mapping files', () => {
    expect(parseCsvMapping({ columns: { documentNumber: 'BL' }, delimiter: ';' }).mapping).toBeDefined();
    expect(parseCsvMapping({ columns: { docNo: 'BL' } }).problems).toMatchObject([{ code: 'MAPPING_INVALID', message: 'mapping.columns: unknown field "docNo"' }]);
    expect(parseCsvMapping({ delimiter: ';;' }).problems[0]?.code).toBe('MAPPING_INVALID');
    expect(parseCsvMapping({ dateFormat: 'DD/MM' }).problems[0]?.message).toContain('no year');
    expect(parseCsvMapping({ extra: 1 }).problems[0]?.code).toBe('MAPPING_INVALID');
  });

  it('reports a mapped column that is absent from the header', async () => {
    const [r] = await collect(['BL;X\nB1;1\n'], { columns: { documentNumber: 'BL', hsCode: 'HS' }, delimiter: ';' });
    expect(r?.problems.map((p) => [p.level, p.code, p.column])).toEqual([
      ['warning', 'CSV_MISSING_COLUMN', 'HS'],
      ['warning', 'CSV_UNKNOWN_COLUMN', 'X'],
    ]);
  });

  it('lists every field once', () => {
    expect(new Set(CSV_FIELDS).size).toBe(CSV_FIELDS.length);
  });
});
