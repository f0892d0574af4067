import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { edifactDate, parseCuscar } from './cuscar.ts';
import type { ParseResult } from './types.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, file?: string): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of parseCuscar(source, file !== undefined ? { file } : {})) out.push(r);
  return out;
}

function chunks(text: string | Buffer, size: number): Buffer[] {
  const b = typeof text === 'string' ? Buffer.from(text) : text;
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}

/** Build a message with a correct UNT count. */
function msg(ref: string, body: string[], release = '95B'): string[] {
  const segs = [`UNH+${ref}+CUSCAR:D:${release}:UN`, ...body];
  return [...segs, `UNT+${segs.length + 1}+${ref}`];
}
const edi = (...segs: string[]) => `${segs.join("'\n")}'\n`;

const HEADER = ['BGM+785+M1+9', "TDT+20+V1+1++MSCU:172:20+++9319466:146:11:BLACK SEA TRADER", 'LOC+9+TRAMR:139:6', 'LOC+11+GEPTI:139:6'];
const CNI = (n: number, bl: string) => [`CNI+${n}+${bl}`, `RFF+BM:${bl}`, 'GID+1+1:CT', 'FTX+AAA+++GOODS ITEM', 'MEA+AAE+G+KGM:10'];

describe('parseCuscar: fixtures', () => {
  it('reads the Black Sea manifest (UNOW, 2 messages, 4 consignments, Cyrillic parties)', async () => {
    const results = await collect(createReadStream(fixture('cuscar-sea-black-sea.edi'), { highWaterMark: 64 }), 'sea.edi');
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const cs = results.map((r) => r.consignment!);
    expect(cs.map((c) => [c.documentType, c.documentNumber, c.masterDocumentNumber])).toEqual([
      ['BL_MASTER', 'MEDUTR123456', undefined],
      ['BL_HOUSE', 'HBL-IST-7788', 'MEDUTR123499'],
      ['BL_MASTER', 'ODBUS0001', undefined],
      ['BL_MASTER', 'ODBUS0002', undefined],
    ]);
    const [c1, c2, c3, c4] = cs as [(typeof cs)[0], (typeof cs)[0], (typeof cs)[0], (typeof cs)[0]];
    expect(c1).toMatchObject({
      mode: 'sea',
      carrier: { code: 'MSCU', name: 'MEDITERRANEAN SHIPPING COMPANY' },
      vesselName: 'BLACK SEA TRADER',
      imoNumber: '9319466',
      voyageNumber: '512E',
      placeOfLoading: 'TRAMR',
      placeOfDischarge: 'GEPTI',
      placeOfDelivery: 'GETBS',
      countryOfOrigin: 'CN',
      departureDate: '2025-03-12T06:00',
      estimatedArrivalDate: '2025-03-15T08:00',
      source: { format: 'cuscar', file: 'sea.edi', segment: 12, line: 13, interchangeRef: 'IREN25031401', messageRef: '1' },
    });
    expect(c1.parties).toEqual([
      {
        role: 'consignor',
        name: 'ANATOLIA ELEKTRONIK SANAYI VE TICARET A.S.',
        addressLines: ['Ataturk Bulvari No:125'],
        city: 'Istanbul',
        postcode: '34000',
        country: 'TR',
        identifiers: [{ scheme: 'TIN', value: '1234567890' }],
      },
      {
        role: 'consignee',
        name: 'ООО "КАВКАЗ ЛОДЖИСТИК"',
        addressLines: ['ул. Церетели 116'],
        city: 'Тбилиси',
        postcode: '0119',
        country: 'GE',
        identifiers: [{ scheme: 'TIN', value: '405123456' }],
      },
      { role: 'notifyParty', name: 'ООО "КАВКАЗ ЛОДЖИСТИК"', addressLines: ['ул. Церетели 116'], city: 'Тбилиси', postcode: '0119', country: 'GE', identifiers: [] },
    ]);
    expect(c1.goodsItems).toEqual([
      { seq: 1, hsCode: '847130', description: 'LAPTOP COMPUTERS 15 INCH MODEL AX-15', packageCount: 120, packageType: 'CT', grossMassKg: 1840.5, netMassKg: 1620, containerNumbers: ['CSQU3054383'] },
      { seq: 2, hsCode: '940360', description: 'SAID TO CONTAIN 24 PALLETS GENERAL CARGO', packageCount: 24, packageType: 'PX', grossMassKg: 9600, containerNumbers: ['CSQU3054383'] },
    ]);
    expect(c1.equipment).toEqual([{ containerNumber: 'CSQU3054383', sizeType: '22G1', seals: ['ML1234567'], fullEmpty: 'FULL' }]);
    expect(c2).toMatchObject({ transshipments: ['GEPTI'], placeOfDelivery: 'KZAAU', countryOfDestination: 'KZ' });
    expect(c2.goodsItems[0]).toMatchObject({ hsCode: '320890', unNumber: '1263', description: 'PAINT, FLAMMABLE, WATER-BASED + ACRYLIC' });
    expect(c2.equipment[0]?.seals).toEqual(['SL998877', 'ML7654321']);
    expect(c2.parties.map((p) => [p.role, p.name])).toEqual([
      ['consignor', 'BOSPHORUS PAINT KIMYA LTD. STI.'],
      ['consignee', 'ТОО «КАСПИЙ ТРЕЙД»'],
      ['freightForwarder', 'TRANSCASPIAN FORWARDING LLC'],
    ]);
    // message 2 has its own header: date-only DTM (format 102), tonnes converted to kg
    expect(c3).toMatchObject({ vesselName: 'ODESA STAR', imoNumber: '8814275', placeOfLoading: 'UAODS', placeOfDischarge: 'GEBUS', departureDate: '2025-03-14' });
    expect(c3.goodsItems[0]).toMatchObject({ grossMassKg: 21500, packageType: 'VQ' });
    expect(c4.goodsItems[1]?.description).toBe("O'BRIEN + SONS SPARE PARTS? SET");
    expect(c4.parties[1]).toEqual({ role: 'consignee', name: 'ИП ГЕЛАШВИЛИ Г.', addressLines: [], identifiers: [] });
  });

  it('reads air waybills in ISO 8859-1 (UNOC): master and houses', async () => {
    const results = await collect(createReadStream(fixture('cuscar-air-ist-tbs.edi'), { highWaterMark: 50 }));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const cs = results.map((r) => r.consignment!);
    expect(cs.map((c) => [c.documentType, c.documentNumber, c.masterDocumentNumber ?? null, c.mode, c.flightNumber])).toEqual([
      ['AWB_MASTER', '235-12345675', null, 'air', 'TK0380'],
      ['AWB_HOUSE', '235-87654324', '235-12345675', 'air', 'TK0380'],
      ['AWB_HOUSE', '235-55512343', '235-12345675', 'air', 'TK0380'],
    ]);
    expect(cs[0]).toMatchObject({ placeOfLoading: 'IST', placeOfDischarge: 'TBS', departureDate: '2025-03-20T10:45' });
    expect(cs[0]?.parties[0]).toMatchObject({ name: 'MÜLLER & SÖHNE GMBH', addressLines: ['Königstraße 5'], identifiers: [{ scheme: 'EORI', value: 'DE123456789012345' }] });
    expect(cs[1]?.goodsItems[0]?.description).toBe("MEN'S COTTON TROUSERS");
    expect(cs.every((c) => c.vesselName === undefined && c.voyageNumber === undefined)).toBe(true);
  });

  it('reads a custom UNA (| ^ # ~) with IMO prefix in TDT', async () => {
    const [r, ...rest] = await collect([readFileSync(fixture('cuscar-caspian-custom-una.edi'))]);
    expect(rest).toEqual([]);
    expect(r?.problems).toEqual([]);
    expect(r?.consignment).toMatchObject({
      documentNumber: 'ASCOBAK0042',
      imoNumber: '9346512',
      vesselName: 'KAPITAN RAHIMOV',
      placeOfLoading: 'AZBAK',
      placeOfDischarge: 'KZAAU',
      goodsItems: [{ description: 'USED PASSENGER CARS 1.5L PETROL, LHD^RHD MIX', hsCode: '870323' }],
      equipment: [{ containerNumber: 'GYOU4047990', sizeType: '45R1', seals: ['AZ000123'] }],
    });
  });

  it('reads the shared minimal D.99B example: goods before GID, no document number → error', async () => {
    const results = await collect([readFileSync(fixture('cuscar-d99b-minimal.edi'))], 'minimal.edi');
    expect(results).toHaveLength(1);
    expect(results[0]?.consignment).toBeUndefined();
    expect(results[0]?.problems).toMatchObject([{ level: 'error', code: 'REQUIRED_FIELD', segment: 9, segmentTag: 'CNI', element: 'CNI+2', file: 'minimal.edi' }]);
  });

  it('gives the same result for any chunking', async () => {
    const bytes = readFileSync(fixture('cuscar-sea-black-sea.edi'));
    const whole = await collect([bytes]);
    for (const size of [1, 7, 4096]) expect(await collect(chunks(bytes, size))).toEqual(whole);
  });
});

describe('parseCuscar: envelope and errors', () => {
  it('applies goods data sent before GID to the first goods item', async () => {
    const text = edi('UNB+UNOC:3+S+R+1:1+X', ...msg('1', ['CNI+1+BL1', 'RFF+HS:03026200', 'FTX+AAA+++FROZEN FISH', 'GID+1+10:CT']), 'UNZ+1+X');
    const [r] = await collect([text]);
    expect(r?.consignment?.goodsItems).toEqual([{ seq: 1, hsCode: '03026200', description: 'FROZEN FISH', packageCount: 10, packageType: 'CT', containerNumbers: [] }]);
  });

  it('takes containers declared at message level when goods refer to them (SGP)', async () => {
    const text = edi(
      'UNB+UNOC:3+S+R+1:1+X',
      ...msg('1', [...HEADER, 'EQD+CN+CSQU3054383+22G1++2+5', 'SEL+S1', 'EQD+CN+TCNU7200794+45G1', 'CNI+1+BL1', 'GID+1+1:CT', 'SGP+CSQU3054383+1']),
      'UNZ+1+X',
    );
    const [r] = await collect([text]);
    expect(r?.consignment?.equipment).toEqual([{ containerNumber: 'CSQU3054383', sizeType: '22G1', seals: ['S1'], fullEmpty: 'FULL' }]);
    expect(r?.consignment?.goodsItems[0]?.containerNumbers).toEqual(['CSQU3054383']);
  });

  it('checks UNT segment counts and UNZ message counts', async () => {
    const m1 = msg('1', [...HEADER, ...CNI(1, 'BL1')]);
    const m2 = msg('2', [...HEADER, ...CNI(1, 'BL2'), ...CNI(2, 'BL3')]);
    m2[m2.length - 1] = 'UNT+99+2';
    const text = edi('UNB+UNOC:3+S+R+1:1+X', ...m1, ...m2, 'UNZ+3+Y');
    const results = await collect([text]);
    expect(results.filter((r) => r.consignment).map((r) => r.consignment!.documentNumber)).toEqual(['BL1', 'BL2', 'BL3']);
    const problems = results.flatMap((r) => r.problems);
    const untIndex = 1 + m1.length + m2.length;
    expect(problems).toEqual([
      expect.objectContaining({ code: 'EDI_SEGMENT_COUNT', level: 'warning', segment: untIndex, segmentTag: 'UNT', element: 'UNT+1', message: expect.stringContaining(`counted ${m2.length}`) }),
      expect.objectContaining({ code: 'EDI_MESSAGE_COUNT', segment: untIndex + 1, message: 'UNZ declares 3 messages, counted 2' }),
      expect.objectContaining({ code: 'EDI_CONTROL_REFERENCE', element: 'UNZ+2' }),
    ]);
  });

  it('reports a missing UNT and UNZ at end of file (truncated file), keeping what was read', async () => {
    const text = edi('UNB+UNOC:3+S+R+1:1+X', `UNH+1+CUSCAR:D:95B:UN`, ...HEADER, ...CNI(1, 'BL1'), ...CNI(2, 'BL2')).replace(/'\n$/, '');
    const results = await collect([text]);
    expect(results.filter((r) => r.consignment).map((r) => r.consignment!.documentNumber)).toEqual(['BL1', 'BL2']);
    expect(results.flatMap((r) => r.problems).map((p) => p.code)).toEqual(['EDI_UNTERMINATED', 'EDI_MISSING_TRAILER', 'EDI_MISSING_TRAILER']);
  });

  it('reports a message without UNT when the next UNH starts', async () => {
    const m2 = msg('2', [...HEADER, ...CNI(1, 'BL2')]);
    const text = edi('UNB+UNOC:3+S+R+1:1+X', 'UNH+1+CUSCAR:D:95B:UN', ...HEADER, ...CNI(1, 'BL1'), ...m2, 'UNZ+2+X');
    const results = await collect([text]);
    expect(results.filter((r) => r.consignment).map((r) => r.consignment!.documentNumber)).toEqual(['BL1', 'BL2']);
    expect(results.flatMap((r) => r.problems)).toMatchObject([{ code: 'EDI_MISSING_TRAILER', level: 'error', segmentTag: 'UNH' }]);
  });

  it('reports a malformed segment with its number and goes on with the next consignments', async () => {
    const m = msg('1', [...HEADER, 'CNI+1+BL1', 'RFF+BM:BL1', "FTX+AAA+++O'NEIL SPARE PARTS", 'GID+1+1:CT', ...CNI(2, 'BL2')]);
    const results = await collect([edi('UNB+UNOC:3+S+R+1:1+X', ...m, 'UNZ+1+X')]);
    // The stray apostrophe cuts FTX into two segments: the second is malformed, and UNT no longer matches.
    expect(results.map((r) => r.consignment?.documentNumber)).toEqual(['BL1', 'BL2', undefined]);
    expect(results[0]?.problems).toMatchObject([{ code: 'EDI_SYNTAX', segment: 10, level: 'error' }]);
    expect(results[2]?.problems).toMatchObject([{ code: 'EDI_SEGMENT_COUNT', level: 'warning' }]);
  });

  it('skips unknown segments (one warning per tag) and tolerated ones silently', async () => {
    const m = msg('1', [...HEADER, 'CNI+1+BL1', 'XYZ+1', 'XYZ+2', 'CTA+IC+:JOHN', 'COM+123:TE', 'QTY+1:10', 'GID+1+1:CT', 'HAN+HWC']);
    const [r] = await collect([edi('UNB+UNOC:3+S+R+1:1+X', ...m, 'UNZ+1+X')]);
    expect(r?.problems).toMatchObject([{ code: 'EDI_UNKNOWN_SEGMENT', level: 'warning', segmentTag: 'XYZ' }]);
  });

  it('skips non-CUSCAR messages and directories outside D.95B–D.11A with a warning', async () => {
    const other = ['UNH+9+IFTMIN:D:96A:UN', 'CNI+1+X1', 'UNT+3+9'];
    const old = msg('2', [...HEADER, ...CNI(1, 'BL9')], '93A');
    const results = await collect([edi('UNB+UNOC:3+S+R+1:1+X', ...other, ...old, 'UNZ+2+X')]);
    expect(results.flatMap((r) => r.problems).map((p) => p.code)).toEqual(['EDI_UNSUPPORTED_MESSAGE', 'EDI_UNSUPPORTED_MESSAGE']);
    expect(results.filter((r) => r.consignment).map((r) => r.consignment!.documentNumber)).toEqual(['BL9']);
  });

  it('reports GID and SGP outside their group, and a bad DTM', async () => {
    const m = msg('1', [...HEADER, 'GID+1+1:CT', 'DTM+132:20251345:102', 'CNI+1+BL1', 'SGP+CSQU3054383+1', 'GID+1']);
    const results = await collect([edi('UNB+UNOC:3+S+R+1:1+X', ...m, 'UNZ+1+X')]);
    expect(results.flatMap((r) => r.problems).map((p) => [p.code, p.segmentTag])).toEqual([
      ['EDI_UNEXPECTED_SEGMENT', 'GID'],
      ['INVALID_DATE', 'DTM'],
      ['EDI_UNEXPECTED_SEGMENT', 'SGP'],
    ]);
  });

  it('maps house/master references and AWB detection', async () => {
    const m = msg('1', [
      'TDT+20+TK1+4',
      'CNI+1',
      'RFF+HWB:235-87654324',
      'RFF+MWB:235-12345675',
      'CNI+2+HB2',
      'RFF+BH:HB2',
      'RFF+MB:MB2',
      'CNI+3',
      'RFF+AWB:23512345675',
    ]);
    const results = await collect([edi('UNB+UNOC:3+S+R+1:1+X', ...m, 'UNZ+1+X')]);
    expect(results.map((r) => [r.consignment?.documentType, r.consignment?.documentNumber, r.consignment?.masterDocumentNumber])).toEqual([
      ['AWB_HOUSE', '235-87654324', '235-12345675'],
      ['BL_HOUSE', 'HB2', 'MB2'],
      ['AWB_MASTER', '235-12345675', undefined],
    ]);
  });

  it('streams: the first consignment is yielded before the source is exhausted', async () => {
    let pulled = 0;
    const body = Array.from({ length: 200 }, (_, i) => CNI(i + 1, `BL${i}`)).flat();
    const text = Buffer.from(edi('UNB+UNOC:3+S+R+1:1+X', ...msg('1', [...HEADER, ...body]), 'UNZ+1+X'));
    const parts = chunks(text, 256);
    async function* source() {
      for (const p of parts) {
        pulled++;
        yield p;
      }
    }
    const it = parseCuscar(source())[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value?.consignment?.documentNumber).toBe('BL0');
    expect(pulled).toBeLessThan(parts.length / 10);
    await it.return?.(undefined);
  });

  it('never throws on garbage', async () => {
    const results = await collect(['\u0000\u0001garbage+++::??', "'''UNH+", 'x'.repeat(5000)]);
    expect(results.length).toBeGreaterThan(0);
  });
});

describe('edifactDate', () => {
  it.each([
    ['20250314', '102', '2025-03-14'],
    ['250314', '101', '2025-03-14'],
    ['202503140815', '203', '2025-03-14T08:15'],
    ['20250314081530', '204', '2025-03-14T08:15:30'],
    ['2503140815', '201', '2025-03-14T08:15'],
    ['202503140815+0400', '205', '2025-03-14T08:15+04:00'],
    ['202503140815', undefined, '2025-03-14T08:15'],
    ['20250230', '102', undefined],
    ['0815', '401', undefined],
  ])('%s (%s) → %s', (value, format, expected) => {
    expect(edifactDate(value, format)).toBe(expected);
  });
});

describe('parseCuscar: MOA, CUX and the qualifiers of the mapping', () => {
  const one = async (...body: string[]) => {
    const results = await collect([edi('UNB+UNOW:4+S+R+250314:0815+IC1', ...msg('M1', [...HEADER, ...body]), 'UNZ+1+IC1')]);
    return { c: results.find((r) => r.consignment)?.consignment, problems: results.flatMap((r) => r.problems) };
  };

  it('reads the goods value from MOA (best qualifier wins) and its currency from MOA or the nearest CUX', async () => {
    const { c, problems } = await one(
      'CUX+2:EUR:4',
      'CNI+1+BL1',
      'RFF+BM:BL1',
      'GID+1+10:CT',
      'MOA+38:900:USD',
      'MOA+40:1000.50:USD',
      'MOA+39:800:USD',
      'GID+2+5:CT',
      'MOA+39:250',
      'GID+3+1:CT',
      'CUX+2:GBP:4',
      'MOA+66:70',
      'MOA+64:30:USD',
    );
    expect(problems).toEqual([]);
    expect(c?.goodsItems.map((g) => [g.seq, g.value, g.currency])).toEqual([
      [1, 1000.5, 'USD'],
      [2, 250, 'EUR'],
      [3, 70, 'GBP'],
    ]);
  });

  it('an amount at CNI level is the value of a single goods item; CUX inside the CNI group beats the message one', async () => {
    const { c } = await one('CUX+2:EUR:4', 'CNI+1+BL1', 'RFF+BM:BL1', 'CUX+2:KZT:4', 'MOA+39:1200000', 'GID+1+10:CT', 'FTX+AAA+++FLOUR');
    expect(c?.goodsItems).toMatchObject([{ seq: 1, value: 1200000, currency: 'KZT' }]);
  });

  it('names the segment number of a bad qualifier, amount or currency', async () => {
    const { c, problems } = await one('CNI+1+BL1', 'RFF+BM:BL1', 'GID+1+10:CT', 'MOA+XX:5:USD', 'MOA+39:abc:USD', 'MOA+40:12:DOLLARS', 'MEA+AAE+QQ+KGM:5', 'LOC+P+TRIST', 'DTM+A1:20250314:102', 'DTM+137:20251340:102', 'TDT+20+V2+X');
    // UNB 1, UNH 2, BGM 3, TDT 4, LOC 5, LOC 6, CNI 7, RFF 8, GID 9, MOA 10…
    expect(problems.map((p) => [p.code, p.segment, p.element])).toEqual([
      ['EDI_QUALIFIER', 10, 'MOA+1:1'],
      ['INVALID_VALUE', 11, 'MOA+1:2'],
      ['INVALID_VALUE', 12, 'MOA+1:3'],
      ['EDI_QUALIFIER', 13, 'MEA+2'],
      ['EDI_QUALIFIER', 14, 'LOC+1'],
      ['EDI_QUALIFIER', 15, 'DTM+1:1'],
      ['INVALID_DATE', 16, 'DTM+1:2'],
      ['EDI_QUALIFIER', 17, 'TDT+3:1'],
    ]);
    expect(problems[0]?.message).toMatch(/^segment 10 MOA: qualifier "XX" is not a 5025/);
    expect(problems[1]?.message).toBe('segment 11 MOA+39: amount "abc" is not a number; dropped');
    expect(problems.every((p) => p.level === 'warning')).toBe(true);
    // MOA+40 without a usable currency still gives the value.
    expect(c?.goodsItems[0]).toMatchObject({ value: 12 });
    expect(c?.goodsItems[0]?.currency).toBeUndefined();
  });

  it('LOC+76 starts the route (LOC+9 becomes a transshipment), LOC+88 only when nothing else; DTM+137 is the document date', async () => {
    const { c } = await one('DTM+137:202503140815:203', 'CNI+1+BL1', 'RFF+BM:BL1', 'LOC+76+CNSHA', 'LOC+88+CNXIA', 'LOC+13+EGPSD', 'GID+1+1:CT');
    expect(c).toMatchObject({ placeOfLoading: 'CNSHA', transshipments: ['TRAMR', 'EGPSD'], placeOfDischarge: 'GEPTI', source: { documentDate: '2025-03-14T08:15' } });
    const onlyReceipt = await collect([
      edi('UNB+UNOW:4+S+R+250314:0815+IC2', ...msg('M1', ["TDT+20+V1+3", 'CNI+1+CMR1', 'RFF+BM:CMR1', 'LOC+88+TRIST', 'LOC+11+GETBS', 'GID+1+1:CT']), 'UNZ+1+IC2'),
    ]);
    expect(onlyReceipt.find((r) => r.consignment)?.consignment).toMatchObject({ mode: 'road', placeOfLoading: 'TRIST', transshipments: [] });
  });
});
