import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PreparedFacts, prepareFacts } from './facts.ts';
import {
  FIELDS,
  INDICATOR_NAMES,
  MEMO_LIMIT,
  findField,
  normalizeCode,
  normalizeDate,
  normalizeHs,
  normalizeNumber,
  normalizeText,
  parseDateLiteral,
  type ConsignmentFacts,
} from './fields.ts';
import { suggest } from './suggest.ts';

describe('schema', () => {
  it('has unique names and slots, and declares every indicator', () => {
    expect(new Set(FIELDS.map((f) => f.name.toLowerCase())).size).toBe(FIELDS.length);
    expect(FIELDS.map((f) => f.slot)).toEqual(FIELDS.map((_, i) => i));
    for (const n of INDICATOR_NAMES) expect(findField(`indicators.${n}`)).toBeDefined();
    expect(findField('GOODS.HS')?.name).toBe('goods.hs');
  });

  it('is documented field by field in docs/rules.md', () => {
    const doc = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
    for (const f of FIELDS) expect(doc, f.name).toContain(`| \`${f.name}\` |`);
  });
});

describe('normalisation', () => {
  it('tidies text, codes and HS codes', () => {
    expect(normalizeText('  Green   COFFEE\tbeans ')).toBe('green coffee beans');
    expect(normalizeText('already lower')).toBe('already lower');
    expect(normalizeText('Груз ОБЩИЙ')).toBe('груз общий');
    expect(normalizeText('   ')).toBeUndefined();
    // fast path (clean ASCII) and slow path agree at their border
    expect(normalizeText('')).toBeUndefined();
    expect(normalizeText('A')).toBe('a');
    expect(normalizeText(' A')).toBe('a');
    expect(normalizeText('A ')).toBe('a');
    expect(normalizeText('A  B')).toBe('a b');
    expect(normalizeText('A~!B c')).toBe('a~!b c');
    expect(normalizeText('a\u007fb')).toBe('a\u007fb');
    expect(normalizeText('Café Noir')).toBe('café noir');
    expect(normalizeText(12.5)).toBe('12.5');
    expect(normalizeText(42)).toBe('42');
    expect(normalizeText({})).toBeUndefined();
    expect(normalizeCode(' GE PTI ')).toBe('gepti');
    expect(normalizeCode('')).toBeUndefined();
    expect(normalizeHs('0901.11 00')).toBe('09011100');
    expect(normalizeHs('ex 8703')).toBe('ex8703');
    expect(normalizeHs('..')).toBeUndefined();
  });

  it('reads numbers and dates leniently, and treats garbage as missing', () => {
    expect(normalizeNumber(' 12.5 ')).toBe(12.5);
    expect(normalizeNumber('x')).toBeUndefined();
    expect(normalizeNumber(Number.NaN)).toBeUndefined();
    expect(normalizeDate('2024-05-10')).toBe(parseDateLiteral('2024-05-10'));
    expect(normalizeDate('2024-05-10T23:59:59Z')).toBe(parseDateLiteral('2024-05-10'));
    expect(normalizeDate('2024-05-10T23:59:59+02:00')).toBe(parseDateLiteral('2024-05-10'));
    expect(normalizeDate(new Date(Date.UTC(2024, 4, 10, 12)))).toBe(parseDateLiteral('2024-05-10'));
    expect(normalizeDate('soon')).toBeUndefined();
    expect(parseDateLiteral('2024-02-30')).toBeUndefined();
    expect(parseDateLiteral('2024-2-3')).toBeUndefined();
  });

  it('keeps goods item positions aligned across fields', () => {
    const f: ConsignmentFacts = { goods: [{ hs: '0901' }, { value: 5 }, null as unknown as { hs: string }] };
    const p = prepareFacts(f);
    expect(p.get(findField('goods.hs')!.slot)).toEqual(['0901', undefined, undefined]);
    expect(p.get(findField('goods.value')!.slot)).toEqual([undefined, 5, undefined]);
    expect(p.get(findField('goods.count')!.slot)).toBe(3);
    expect(p.get(findField('goods.totalValue')!.slot)).toBe(5);
  });

  it('loads each field once per prepared consignment, and survives hostile getters', () => {
    let reads = 0;
    const facts = {
      get mode() {
        reads++;
        return 'SEA';
      },
      get route(): never {
        throw new Error('boom');
      },
    } as unknown as ConsignmentFacts;
    const p = new PreparedFacts(facts);
    const slot = findField('mode')!.slot;
    expect(p.get(slot)).toBe('sea');
    expect(p.get(slot)).toBe('sea');
    expect(reads).toBe(1);
    expect(p.get(findField('route.loading')!.slot)).toBeUndefined();
    expect(prepareFacts(p)).toBe(p);
  });
});

describe('suggestions', () => {
  it('offers the closest names only', () => {
    const names = FIELDS.map((f) => f.name);
    expect(suggest('goods.hscode', names)).toEqual(['goods.hs']);
    expect(suggest('indicators.newPiar', names)).toEqual(['indicators.newPair']);
    expect(suggest('firstSeenDays', names)).toEqual(['consignee.firstSeenDays', 'pair.firstSeenDays', 'shipper.firstSeenDays']);
    expect(suggest('zzzzzz', names)).toEqual([]);
  });
});

describe('route.countries loader', () => {
  const def = FIELDS.find((f) => f.name === 'route.countries') as (typeof FIELDS)[number];
  // What the loader must give: the getter's value, normalised element by element.
  const expected = (f: ConsignmentFacts): unknown => {
    const raw = def.get(f);
    if (raw == null) return undefined;
    const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    return list.length === 0 ? undefined : list.map((x) => (x == null ? undefined : def.normalizeScalar(x)));
  };
  const cases: ConsignmentFacts[] = [
    {},
    { route: {} },
    { route: { loading: 'CNSHA', discharge: 'GEPTI' } },
    { route: { loading: 'CNSHA', transshipment: ['PKKHI', 'AE JEA'], discharge: 'gepti' } },
    { route: { transshipment: 'SGSIN' as unknown as string[] } },
    { route: { loading: 'C', transshipment: [], discharge: ' ' } },
    { route: { loading: 7 as unknown as string, discharge: 'İXABC' } },
    { route: { places: ['CNSHA', 'IRBND'], loading: 'DEHAM' } },
    { route: { places: 'CNSHA' as unknown as string[] } },
    { route: { places: [] } },
    { route: { countries: ['IR', ' af '], loading: 'CNSHA' } },
  ];
  it('gives the normalised values of the getter', () => {
    for (const f of cases) expect(def.load(f)).toEqual(expected(f));
  });
  it('memoises places without mixing them up, also past the memo limit', () => {
    for (let n = 0; n < MEMO_LIMIT + 100; n++) {
      const f: ConsignmentFacts = { route: { loading: `X${n % 7}${n}`, transshipment: ['CNSHA'], discharge: n % 2 === 0 ? 'GEPTI' : 'AZBAK' } };
      expect(def.load(f)).toEqual([`x${n % 7}`, 'cn', n % 2 === 0 ? 'ge' : 'az']);
    }
  });
});
