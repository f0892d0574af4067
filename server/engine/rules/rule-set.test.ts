import { describe, expect, it } from 'vitest';
import { compileRule, ruleGuardGroups, ruleGuards, type CompiledRule } from './compile.ts';
import type { ConsignmentFacts } from './fields.ts';
import { createRuleSet } from './rule-set.ts';

const LISTS = { ports: ['PKKHI', 'IRBND'], hs: ['2710', '0901'] };
const SOURCES = [
  'mode = "sea" and vessel.imo is missing',
  'route.transshipment in list("ports") and consignee.firstSeenDays < 90',
  'indicators.newPair',
  'indicators.newPair or route.countries in ["IR", "AF"]',
  'goods.value between 1000 and 5000',
  'goods.hs startsWith list("hs")',
  'not (mode = "sea")',
  'count(goods.hs startsWith "0901") >= 2 and document.date >= "2024-03-01"',
  '"IR" in route.countries and indicators.weightPerPackageZ > 2',
  'origin.country != shipper.country',
  'consignee.firstSeenDays <= 10 or pair.firstSeenDays < 5',
  'mode = "air" and (indicators.linkedToSeizure or dataQuality.score < 40)',
];

function rules(): CompiledRule[] {
  return SOURCES.map((s) => {
    const r = compileRule(s, { lists: LISTS });
    if (!r.ok) throw new Error(s);
    return r.rule;
  });
}

function randomFacts(seed: number): ConsignmentFacts[] {
  let x = seed;
  const rnd = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out: ConsignmentFacts[] = [];
  for (let n = 0; n < 3000; n++) {
    const maybe = <T>(v: T): T | undefined => (rnd() < 0.15 ? undefined : v);
    out.push({
      mode: maybe(pick(['sea', 'air', 'SEA', 'road'])),
      ...(rnd() < 0.5 ? { vessel: { imo: maybe('9000001') } } : {}),
      route: { loading: pick(['CNSHA', 'IRBND']), transshipment: rnd() < 0.5 ? [pick(['PKKHI', 'AEJEA', 'SGSIN'])] : [], discharge: 'GEPTI' },
      origin: { country: maybe(pick(['CN', 'IR'])) },
      shipper: { country: maybe(pick(['CN', 'IR'])) },
      consignee: { firstSeenDays: maybe(Math.floor(rnd() * 200)) },
      pair: { firstSeenDays: maybe(Math.floor(rnd() * 20)) },
      goods: Array.from({ length: Math.floor(rnd() * 4) }, () => ({ hs: pick(['090111', '271019', '8703']), value: Math.floor(rnd() * 8000) })),
      document: { date: maybe(pick(['2024-01-15', '2024-04-01'])) },
      indicators: { newPair: rnd() < 0.2, linkedToSeizure: rnd() < 0.1, weightPerPackageZ: rnd() * 4 },
      dataQuality: { score: maybe(Math.floor(rnd() * 100)) },
    });
  }
  return out;
}

describe('rule set', () => {
  it('gives exactly the results of evaluating every rule', () => {
    const rs = rules();
    const set = createRuleSet(rs);
    const out = new Uint8Array(rs.length);
    let hits = 0;
    for (const f of randomFacts(7)) {
      const n = set.evaluateInto(f, out);
      const expected = rs.map((r) => (r.evaluate(f) ? 1 : 0));
      expect([...out]).toEqual(expected);
      expect(n).toBe(expected.reduce((a: number, b) => a + b, 0));
      expect(set.matches(f)).toEqual(expected.flatMap((v, k) => (v === 1 ? [k] : [])));
      hits += n;
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('indexes rules on their guards and runs the rest always', () => {
    const set = createRuleSet(rules());
    expect(set.stats.indexed + set.stats.unindexed).toBe(SOURCES.length);
    expect(set.stats.unindexed).toBe(2); // not (…), origin.country != shipper.country
    expect(set.stats.indexes.map((i) => i.field)).toContain('indicators.newPair');
  });

  it('derives guards from and/or structure', () => {
    const g = (s: string) => {
      const r = compileRule(s, { lists: LISTS });
      if (!r.ok) throw new Error(s);
      return ruleGuards(r.rule);
    };
    expect(g('mode = "sea" and indicators.newPair')).toEqual([{ kind: 'values', slot: expect.any(Number), array: false, field: 'indicators.newPair', values: [true] }]);
    expect(g('indicators.newPair or mode = "air"')?.map((x) => x.field)).toEqual(['indicators.newPair', 'mode']);
    expect(g('indicators.newPair or goods.hs startsWith "09"')?.map((x) => x.kind)).toEqual(['values', 'prefix']);
    expect(g('indicators.newPair or goods.description contains "x"')).toBeNull();
    expect(g('any(goods.hs startsWith "0901" and goods.value > 5)')?.map((x) => `${x.kind} ${x.field}`)).toEqual(['prefix goods.hs']);
    expect(g('count(goods.value > 5) >= 2')?.map((x) => `${x.kind} ${x.field}`)).toEqual(['range goods.value']);
    expect(g('count(goods.value > 5) < 2')).toBeNull();
    expect(g('none(goods.value > 5)')).toBeNull();
    expect(g('consignee.firstSeenDays < 90')).toEqual([
      { kind: 'range', slot: expect.any(Number), array: false, field: 'consignee.firstSeenDays', lo: -Infinity, hi: 90, loOpen: false, hiOpen: true },
    ]);
    expect(g('mode != "sea"')).toBeNull();
  });

  it('accepts rule-like objects not made by compileRule', () => {
    const custom = { evaluate: (f: ConsignmentFacts | object) => 'mode' in f, explain: () => [], source: '', canonical: '', fieldsUsed: [], listsUsed: [] };
    const set = createRuleSet([custom as unknown as CompiledRule]);
    expect(set.matches({ mode: 'x' })).toEqual([]); // prepared facts are passed: no own "mode"
    expect(set.stats.unindexed).toBe(1);
  });

  it('prefix / suffix index (bucketed by first / last character) agrees with every rule on edge cases', () => {
    const sources = [
      'goods.hs startsWith "09"',
      'goods.hs startsWith "0901"',
      'goods.hs startsWith ["0", "2710", "27", "8"]',
      'goods.hs startsWith list("many")',
      'goods.description endsWith "samples" or goods.description startsWith "used"',
      'goods.description startsWith ["u", "us", "use", "ü", "éclair"]',
      'goods.description endsWith ["s", "es", "ß", "🚢"]',
      'shipper.name startsWith "golden" and indicators.newShipper',
      'route.transshipment endsWith "sin"',
    ];
    const many = Array.from({ length: 40 }, (_, i) => String(1000 + i * 37));
    const rs = sources.map((src) => {
      const r = compileRule(src, { lists: { many } });
      if (!r.ok) throw new Error(src);
      return r.rule;
    });
    const descs = ['USED TYRES', 'used', 'us', 'u', 'Ü-Boot', 'éclair au chocolat', 'free samples', 'SAMPLES', '  Used   Tires ', 'Straße', 'ship 🚢', '', '   ', 'x'];
    const facts: ConsignmentFacts[] = [{}, { goods: [] }, { goods: [{}] }, { goods: [{ hs: '' }, { hs: '..' }] }, { route: { transshipment: [] } }];
    let n = 0;
    for (const d of descs) {
      for (const hs of ['090111', '0901.11', '0', '27', '2710 19', '1037', '1000', '10', '8703', undefined]) {
        n++;
        facts.push({
          goods: [{ description: d, ...(hs !== undefined ? { hs } : {}) }, ...(n % 3 === 0 ? [{ description: descs[n % descs.length] as string, hs: '1074' }] : [])],
          shipper: { name: n % 2 === 0 ? 'Golden Star LLC' : d },
          indicators: { newShipper: n % 4 !== 1 },
          route: { transshipment: n % 2 === 0 ? ['SGSIN', 'sg sin'] : ['AEJEA'] },
        });
      }
    }
    const set = createRuleSet(rs);
    expect(set.stats.unindexed).toBe(0);
    const out = new Uint8Array(rs.length);
    let hits = 0;
    for (const f of facts) {
      hits += set.evaluateInto(f, out);
      expect([...out], JSON.stringify(f)).toEqual(rs.map((r) => (r.evaluate(f) ? 1 : 0)));
    }
    expect(hits).toBeGreaterThan(100);
  });

  it('recycles its prepared facts without leaking values between consignments', () => {
    const rs = rules();
    const set = createRuleSet(rs);
    const out = new Uint8Array(rs.length);
    const a: ConsignmentFacts = { mode: 'air', indicators: { newPair: true, linkedToSeizure: true }, dataQuality: { score: 10 }, goods: [{ hs: '090111', value: 2000 }] };
    const b: ConsignmentFacts = {};
    for (const f of [a, b, a, b, null as unknown as ConsignmentFacts, a]) {
      set.evaluateInto(f, out);
      expect([...out]).toEqual(rs.map((r) => (r.evaluate(f) ? 1 : 0)));
    }
  });

  it('gives the same results when a fact getter re-enters the rule set', () => {
    const rs = rules();
    const set = createRuleSet(rs);
    const inner: ConsignmentFacts = { mode: 'air', indicators: { newPair: true }, dataQuality: { score: 10 } };
    const innerOut = new Uint8Array(rs.length);
    const outer = {
      indicators: { newPair: true, linkedToSeizure: true },
      route: { loading: 'CNSHA', transshipment: ['PKKHI'], discharge: 'GEPTI' },
      consignee: { firstSeenDays: 3 },
      get mode(): string {
        set.evaluateInto(inner, innerOut);
        return 'air';
      },
    } as ConsignmentFacts;
    const out = new Uint8Array(rs.length);
    const n = set.evaluateInto(outer, out);
    const expected = rs.map((r) => (r.evaluate(outer) ? 1 : 0));
    expect([...out]).toEqual(expected);
    expect(n).toBe(expected.reduce((x: number, y) => x + y, 0));
    expect([...innerOut]).toEqual(rs.map((r) => (r.evaluate(inner) ? 1 : 0)));
  });

  it('runs rules with two guard groups only when both hold, with the same results', () => {
    const groups = (src: string) => {
      const r = compileRule(src, { lists: LISTS });
      if (!r.ok) throw new Error(src);
      return ruleGuardGroups(r.rule)?.map((gs) => gs.map((g) => `${g.kind} ${g.field}`).join(' | '));
    };
    expect(groups('indicators.newPair and consignee.firstSeenDays < 90 and mode = "sea"')).toEqual(['values indicators.newPair', 'range consignee.firstSeenDays']);
    expect(groups('mode = "sea" and vessel.imo is missing')).toEqual(['values mode']);
    expect(groups('indicators.newPair or mode = "air"')).toEqual(['values indicators.newPair | values mode']);
    expect(groups('not (mode = "sea")')).toBeUndefined();
    const sources = [
      'goods.value > 100 and goods.value < 5000',
      'route.transshipment in list("ports") and route.transshipment in ["PKKHI", "SGSIN"]',
      '(indicators.newPair or mode = "air") and goods.hs startsWith list("hs") and consignee.firstSeenDays < 50',
      'any(goods.hs startsWith "09" and goods.value > 100) and route.countries in ["IR", "CN"]',
      'count(goods.hs startsWith "27") >= 2 and indicators.newPair',
      'goods.hs startsWith "0901" and goods.hs startsWith "09" and goods.hs endsWith "11"',
    ];
    const rs = sources.map((src) => {
      const r = compileRule(src, { lists: LISTS });
      if (!r.ok) throw new Error(src);
      return r.rule;
    });
    const set = createRuleSet([...rs, ...rules()]);
    const all = [...rs, ...rules()];
    const out = new Uint8Array(all.length);
    let hits = 0;
    for (const f of randomFacts(11)) {
      hits += set.evaluateInto(f, out);
      expect([...out]).toEqual(all.map((r) => (r.evaluate(f) ? 1 : 0)));
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('indexes matches rules by their required literal, with the same hits as the regex', () => {
    const sources = [
      'goods.description matches "spare\\s+parts"',
      'goods.description matches "^general cargo$"',
      'goods.description matches "T-SHIRTS?"', // case-insensitive: the literal is lower-cased like the values
      'goods.description matches "\\bcoffee\\b"',
      'goods.description matches "cars?$"',
      'goods.description matches "^fresh"',
      'shipper.name matches "^golden\\s+star" and indicators.newShipper',
      'goods.description matches "oil" or goods.hs startsWith "27"',
      'goods.description not matches "oil"', // negated: no guard
      'goods.description matches "^(used|old) (tyres|tires)"', // no single literal: guarded by "used" or "old"
      'goods.description matches "(used|old)? tyres|tires"', // top-level alternation: always runs
    ];
    const rs = sources.map((src) => {
      const r = compileRule(src);
      if (!r.ok) throw new Error(src);
      return r.rule;
    });
    expect(ruleGuards(rs[0] as CompiledRule)).toEqual([{ kind: 'substring', slot: expect.any(Number), array: true, field: 'goods.description', strings: ['spare'] }]);
    expect(ruleGuards(rs[2] as CompiledRule)?.map((g) => (g.kind === 'substring' ? g.strings : []))).toEqual([['t-shirt']]);
    expect(ruleGuards(rs[9] as CompiledRule)?.map((g) => (g.kind === 'substring' ? g.strings : []))).toEqual([['used', 'old']]);
    const set = createRuleSet(rs);
    expect(set.stats.unindexed).toBe(2);
    const descs = [
      'SPARE PARTS',
      'spare  parts',
      'sparepart',
      'Spare\tParts for cars',
      'general cargo',
      'General Cargo ',
      'general cargo x',
      'T-Shirts',
      'cotton t-shirt',
      't shirts',
      'COFFEE',
      'coffeebeans',
      'green coffee beans',
      'used cars',
      'used car',
      'carsick',
      'Fresh bananas',
      'very fresh',
      'engine oil',
      'boil',
      'OLD TIRES',
      'used tyres',
      'old tires x',
      'bold tyres',
      'new tires',
      'xused tyres',
      'x'.repeat(1100) + ' coffee',
      'ÉCLAIR',
      '',
    ];
    const facts: ConsignmentFacts[] = [{}, { goods: [] }, { goods: [{}] }];
    descs.forEach((d, n) => {
      facts.push({ goods: [{ description: d, hs: n % 3 === 0 ? '2710' : '0901' }] });
      facts.push({ goods: [{ description: descs[(n * 7) % descs.length] as string }, { description: d }], shipper: { name: n % 2 === 0 ? 'Golden  Star LLC' : d }, indicators: { newShipper: n % 4 !== 1 } });
    });
    const out = new Uint8Array(rs.length);
    let hits = 0;
    for (const f of facts) {
      hits += set.evaluateInto(f, out);
      expect([...out], JSON.stringify(f)).toEqual(rs.map((r) => (r.evaluate(f) ? 1 : 0)));
    }
    expect(hits).toBeGreaterThan(40);
  });

  it('reads second guard groups lazily and sorts one-sided ranges, with the same results', () => {
    const sources = [
      // mode is read for every rule below: it becomes the first group, the other fields are lazy
      'mode = "sea" and consignee.firstSeenDays < 50',
      'mode = "air" and consignee.firstSeenDays <= 50',
      'mode = "sea" and consignee.firstSeenDays < 10',
      'mode = "sea" and consignee.firstSeenDays >= 100',
      'mode = "road" and consignee.firstSeenDays > 100',
      'mode = "sea" and consignee.firstSeenDays between 20 and 60',
      'mode = "sea" and document.date < "2024-03-01"',
      'mode = "air" and (indicators.newPair or pair.firstSeenDays < 5)',
      // a second group partly on an always-read field
      'indicators.newPair and (mode = "road" or consignee.firstSeenDays < 3)',
      'goods.value > 100 and goods.value <= 5000',
      'goods.value < 100 or goods.value >= 5000',
    ];
    const rs = sources.map((src) => {
      const r = compileRule(src);
      if (!r.ok) throw new Error(src);
      return r.rule;
    });
    const set = createRuleSet(rs);
    const lazy = set.stats.indexes.filter((i) => i.lazy).map((i) => i.field);
    expect(lazy).toContain('document.date');
    expect(lazy).not.toContain('mode');
    const facts = randomFacts(5);
    for (let n = 0; n < 200; n++) facts.push({ mode: 'sea', consignee: { firstSeenDays: [9, 10, 49, 50, 51, 99, 100, 101, 20, 60][n % 10] as number }, goods: [{ value: [99, 100, 101, 5000, 5001][n % 5] as number }] });
    const out = new Uint8Array(rs.length);
    let hits = 0;
    for (const f of facts) {
      hits += set.evaluateInto(f, out);
      expect([...out], JSON.stringify(f)).toEqual(rs.map((r) => (r.evaluate(f) ? 1 : 0)));
    }
    expect(hits).toBeGreaterThan(1000);
  });
});
