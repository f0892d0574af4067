import { describe, expect, it } from 'vitest';
import { parseCuscar } from '../server/engine/intake/cuscar.ts';
import { normalizeConsignment } from '../server/engine/intake/normalize.ts';
import type { Consignment } from '../server/engine/intake/model.ts';
import type { ParseResult } from '../server/engine/intake/types.ts';
import { demoConsignments } from '../server/seed/demo-cargo.ts';
import { cuscarChunks, edifactEscape, writeCuscar } from './cuscar-writer.ts';

const today = new Date('2026-11-28T00:00:00Z');

async function parse(text: string | string[]): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of parseCuscar(Array.isArray(text) ? text : [text], { file: 'bench.edi' })) out.push(r);
  return out;
}

/** What CUSCAR can carry of a consignment: one identifier per party, no source. */
function carried(c: Consignment): Consignment {
  const n = normalizeConsignment(c);
  delete n.source;
  return {
    ...n,
    parties: n.parties.map((p) => ({ ...p, identifiers: p.identifiers.slice(0, 1) })),
    goodsItems: n.goodsItems,
  };
}

function withoutSource(c: Consignment | undefined): Consignment | undefined {
  if (!c) return c;
  const { source: _s, ...rest } = c;
  return rest;
}

const special: Consignment = {
  documentType: 'BL_HOUSE',
  documentNumber: 'HBL+IST:0042',
  masterDocumentNumber: "MEDU'123?",
  mode: 'sea',
  carrier: { code: 'MSCU', name: 'MSC: "Mediterranean" + Co?' },
  vesselName: "O'BRIEN STAR",
  imoNumber: '9319466',
  voyageNumber: '512E',
  placeOfLoading: 'TRAMR',
  placeOfDischarge: 'GEPTI',
  transshipments: ['GRPIR', 'TRAMB'],
  placeOfDelivery: 'KZAAU',
  countryOfOrigin: 'TR',
  countryOfDestination: 'KZ',
  departureDate: '2026-11-10T06:30',
  estimatedArrivalDate: '2026-11-28T08:15:30+04:00',
  parties: [
    {
      role: 'consignor',
      name: "BOSPHORUS PAINT KIMYA LTD. STI. + O'NEIL & SONS: INTERNATIONAL TRADING AND LOGISTICS COMPANY",
      addressLines: ['Organize Sanayi Bolgesi 4. Cadde', 'No?: 12'],
      city: 'Gebze',
      postcode: '41400',
      country: 'TR',
      identifiers: [{ scheme: 'TIN', value: '1234567890' }],
    },
    { role: 'consignee', name: 'ТОО «КАСПИЙ ТРЕЙД»', addressLines: ['мкр. 12, здание 5'], city: 'Актау', country: 'KZ', identifiers: [{ scheme: 'EORI', value: 'DE123456789' }] },
    { role: 'notifyParty', name: 'შპს კავკასია ტრეიდი', addressLines: [], identifiers: [] },
    { role: 'freightForwarder', name: 'TRANSCASPIAN FORWARDING LLC', addressLines: [], city: 'Tbilisi', country: 'GE', identifiers: [] },
  ],
  goodsItems: [
    { seq: 1, hsCode: '320890', description: "PAINT, FLAMMABLE + ACRYLIC: 'WATER-BASED'?", packageCount: 40, packageType: 'DR', grossMassKg: 8400.5, netMassKg: 8000, unNumber: '1263', containerNumbers: ['TCNU7200794'] },
    { seq: 2, description: 'SPARE PARTS', packageCount: 3, packageType: 'PK', grossMassKg: 15, containerNumbers: ['TCNU7200794', 'CSQU3054383'] },
  ],
  equipment: [
    { containerNumber: 'TCNU7200794', sizeType: '45G1', seals: ['SL998877', 'ML:7654321'], fullEmpty: 'FULL' },
    { containerNumber: 'CSQU3054383', sizeType: '22G1', seals: [], fullEmpty: 'EMPTY' },
  ],
};

describe('CUSCAR writer', () => {
  it('escapes the service characters with the release character', () => {
    expect(edifactEscape("O'BRIEN + SONS: 50?")).toBe("O?'BRIEN ?+ SONS?: 50??");
    expect(edifactEscape('line 1\r\nline 2')).toBe('line 1 line 2');
  });

  it('round-trips sea (Latin, Cyrillic, Georgian names) and air consignments through parseCuscar', async () => {
    const sea = [
      ...demoConsignments({ place: 'GEPTI', country: 'GE', count: 25, seed: 11, today }),
      ...demoConsignments({ place: 'UAODS', country: 'UA', count: 25, seed: 12, today }),
      ...demoConsignments({ place: 'KZAAU', country: 'KZ', count: 25, seed: 13, today }),
    ];
    const air = [...demoConsignments({ place: 'TBS', country: 'GE', count: 20, seed: 14, today })];
    const all = [...sea, special, ...air];
    const text = writeCuscar(all, { perMessage: 7, interchangeRef: 'BENCH1', preparedAt: today });
    expect(text.startsWith("UNA:+.? '\nUNB+UNOW:4+")).toBe(true);
    expect(text).toContain('UNH+2+CUSCAR:D:99B:UN');

    const results = await parse(text);
    // No envelope problem (UNT segment counts, UNZ message count, references) and no other problem either.
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    const parsed = results.map((r) => r.consignment!);
    expect(parsed).toHaveLength(all.length);
    expect(parsed.map((c) => c.documentNumber)).toEqual(all.map((c) => normalizeConsignment(c).documentNumber));
    expect(parsed.map((c) => c.equipment.map((q) => q.containerNumber))).toEqual(all.map((c) => c.equipment.map((q) => q.containerNumber)));
    expect(parsed.map((c) => c.goodsItems.length)).toEqual(all.map((c) => c.goodsItems.length));
    // Everything CUSCAR carries comes back identical.
    expect(parsed.map(withoutSource)).toEqual(all.map(carried));
    expect(parsed[0]!.source).toMatchObject({ format: 'cuscar', file: 'bench.edi', interchangeRef: 'BENCH1', messageRef: '1' });
  });

  it('streams one chunk per message and gives the same text for any chunking of the parser input', async () => {
    const cs = [...demoConsignments({ place: 'UAODS', country: 'UA', count: 10, seed: 5, today })];
    const chunks = [...cuscarChunks(cs, { perMessage: 3, interchangeRef: 'R', preparedAt: today })];
    expect(chunks).toHaveLength(4);
    expect(chunks.at(-1)).toMatch(/UNZ\+4\+R'\n$/);
    const bytes = Buffer.from(chunks.join(''));
    const small: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) small.push(bytes.subarray(i, i + 7));
    const a = await parse(chunks.join(''));
    const b: ParseResult[] = [];
    for await (const r of parseCuscar(small, { file: 'bench.edi' })) b.push(r);
    expect(b).toEqual(a);
    expect(a.map((r) => r.consignment?.documentNumber)).toEqual(cs.map((c) => c.documentNumber));
  });

  it('writes a valid empty interchange', async () => {
    const text = writeCuscar([], { interchangeRef: 'EMPTY', preparedAt: today });
    expect(text).toBe(`UNA:+.? '\nUNB+UNOW:4+IRENBENCH:ZZZ+CUSTOMS:ZZZ+261128:0000+EMPTY++CUSCAR'\nUNZ+0+EMPTY'\n`);
    expect(await parse(text)).toEqual([]);
  });
});
