import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MINI_REFERENCE } from './fixtures/mini-reference.ts';
import { intake, type IntakeOptions, type IntakeResult } from './intake.ts';
import { parseCsvMapping } from './csv.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function run(name: string, options: Partial<IntakeOptions> = {}): Promise<IntakeResult[]> {
  const out: IntakeResult[] = [];
  for await (const r of intake(createReadStream(fixture(name), { highWaterMark: 1024 }), { filename: name, reference: MINI_REFERENCE, ...options })) out.push(r);
  return out;
}

describe('intake', () => {
  it('detects, parses, validates and scores the sea CUSCAR', async () => {
    const results = await run('cuscar-sea-black-sea.edi');
    expect(results.map((r) => [r.format, r.accepted, r.consignment?.documentNumber])).toEqual([
      ['cuscar', true, 'MEDUTR123456'],
      ['cuscar', true, 'HBL-IST-7788'],
      ['cuscar', true, 'ODBUS0001'],
      ['cuscar', true, 'ODBUS0002'],
    ]);
    expect(results[0]?.quality?.flags.map((f) => f.code)).toEqual(['VAGUE_DESCRIPTION']);
    // wrong check digit on purpose in the fixture, reported with the CNI position
    expect(results[2]?.problems).toEqual([
      expect.objectContaining({ code: 'CONTAINER_CHECK_DIGIT', field: 'equipment[0].containerNumber', segment: 66, line: 67, file: 'cuscar-sea-black-sea.edi' }),
    ]);
    expect(results[3]?.quality?.flags.map((f) => f.code)).toEqual(['MISSING_HS', 'VAGUE_DESCRIPTION', 'MISSING_CONSIGNEE_ADDRESS', 'FULL_CONTAINER_WITHOUT_SEAL', 'MISSING_ORIGIN_COUNTRY']);
    expect(results[3]!.quality!.score).toBeLessThan(70);
  });

  it('the same consignment sent as CUSCAR and JSON gives the same model (except the source)', async () => {
    const [edi] = await run('cuscar-air-ist-tbs.edi');
    const [json] = (await run('consignments.json')).slice(2);
    const strip = (r: IntakeResult | undefined) => {
      const { source: _source, ...rest } = r!.consignment!;
      return rest;
    };
    expect(strip(json)).toMatchObject({
      documentType: strip(edi).documentType,
      documentNumber: strip(edi).documentNumber,
      flightNumber: strip(edi).flightNumber,
      placeOfLoading: strip(edi).placeOfLoading,
      placeOfDischarge: strip(edi).placeOfDischarge,
    });
    expect(strip(json).goodsItems[0]?.hsCode).toBe(strip(edi).goodsItems[0]?.hsCode);
  });

  it('reads CSV with a mapping and applies level overrides', async () => {
    const { mapping } = parseCsvMapping(JSON.parse(readFileSync(fixture('manifest-partner.mapping.json'), 'utf8')));
    const results = await run('manifest-partner.csv', { mapping: mapping!, levels: { UNKNOWN_HS: 'error' } });
    expect(results.map((r) => [r.format, r.accepted, r.consignment?.documentNumber])).toEqual([
      ['csv', false, 'KZB-2025-0101'],
      ['csv', true, 'KZB-2025-0102'],
    ]);
    expect(results[0]?.problems.map((p) => [p.level, p.code])).toContainEqual(['error', 'UNKNOWN_HS']);
  });

  it('rejects results with errors and keeps file-level problems', async () => {
    const results = await run('consignments.ndjson');
    expect(results.map((r) => r.accepted)).toEqual([true, true, false, false, true]);
    expect(results[2]?.quality).toBeUndefined();
  });

  it('reports an unknown format', async () => {
    const out: IntakeResult[] = [];
    for await (const r of intake(['just some words'], { filename: 'notes', reference: MINI_REFERENCE })) out.push(r);
    expect(out).toMatchObject([{ accepted: false, problems: [{ code: 'UNKNOWN_FORMAT', level: 'error', file: 'notes' }] }]);
  });

  it('reports a failing stream instead of throwing', async () => {
    async function* failing() {
      yield Buffer.from('[{"documentType":"BL_MASTER","documentNumber":"A","mode":"sea"},');
      throw new Error('disk gone');
    }
    const out: IntakeResult[] = [];
    for await (const r of intake(failing(), { reference: MINI_REFERENCE })) out.push(r);
    expect(out.map((r) => r.consignment?.documentNumber ?? r.problems[0]?.code)).toEqual(['A', 'READ_ERROR']);
  });
});
