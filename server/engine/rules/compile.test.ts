import { describe, expect, it } from 'vitest';
import { compileRule, type CompileOptions, type CompiledRule } from './compile.ts';
import { prepareFacts } from './facts.ts';
import type { ConsignmentFacts } from './fields.ts';

const LISTS = {
  'high-risk-ports': ['PKKHI', 'IRBND', 'aejea '],
  'high-risk-countries': new Set(['IR', 'AF']),
  'precursor-hs': ['2914', '2932.9'],
  thresholds: [100, '250'],
  'bad-numbers': ['12', 'twelve'],
};
const OPTS: CompileOptions = { lists: LISTS };

function rule(source: string, options: CompileOptions = OPTS): CompiledRule {
  const r = compileRule(source, options);
  if (!r.ok) throw new Error(`${source}\n${JSON.stringify(r.errors, null, 1)}`);
  return r.rule;
}
function errorsOf(source: string, options: CompileOptions = OPTS) {
  const r = compileRule(source, options);
  if (r.ok) throw new Error(`expected errors: ${source}`);
  return r.errors;
}

const FACTS: ConsignmentFacts = {
  id: 'C1',
  mode: 'Sea',
  document: { type: 'BL', number: 'MEDU 1234', date: '2024-05-10' },
  carrier: { code: 'MSCU', name: 'Mediterranean Shipping' },
  vessel: { imo: '9321483', name: 'MSC Anna' },
  route: { loading: 'CNSHA', transshipment: ['PKKHI', 'AEJEA'], discharge: 'GE PTI' },
  origin: { country: 'CN' },
  destination: { country: 'GE' },
  goods: [
    { hs: '0901.11', description: '  Green   COFFEE beans ', grossMassKg: 1000, value: 2500, packages: 40 },
    { hs: '090121', description: 'Roasted coffee', grossMassKg: 20, value: 400, packages: 2 },
    { hs: '2710.19', description: 'Spare parts', grossMassKg: 5, value: '30' as unknown as number },
  ],
  container: { count: 1, numbers: ['MSCU1234567'] },
  shipper: { name: 'Golden Star Trading Co', country: 'CN', firstSeenDays: 400 },
  consignee: { name: 'Kavkaz Import LLC', country: 'GE', firstSeenDays: 12 },
  pair: { firstSeenDays: 3 },
  indicators: { newPair: true, newShipper: false, weightPerPackageZ: 3.4, routeThroughListedCountries: 1 },
  dataQuality: { score: 72, flags: ['weight-mismatch'] },
};

const holds = (source: string, facts: ConsignmentFacts = FACTS): boolean => rule(source).evaluate(facts);

describe('comparison operators', () => {
  it.each([
    ['mode = "sea"', true],
    ['mode = "SEA"', true],
    ['mode != "air"', true],
    ['mode != "sea"', false],
    ['consignee.firstSeenDays < 90', true],
    ['consignee.firstSeenDays <= 12', true],
    ['consignee.firstSeenDays < 12', false],
    ['consignee.firstSeenDays > 12', false],
    ['consignee.firstSeenDays >= 12', true],
    ['90 > consignee.firstSeenDays', true],
    ['indicators.weightPerPackageZ > 3', true],
    ['indicators.valuePerKgZ > -100', false],
    ['indicators.newPair = true', true],
    ['indicators.newPair', true],
    ['indicators.newShipper', false],
    ['indicators.newShipper = false', true],
    ['not indicators.newShipper', true],
    ['document.date = "2024-05-10"', true],
    ['document.date < "2024-06-01"', true],
    ['document.date between "2024-05-01" and "2024-05-31"', true],
    ['document.date > "2024-05-10"', false],
    ['route.discharge = "GEPTI"', true],
    ['document.number = "medu1234"', true],
    ['origin.country = shipper.country', true],
    ['origin.country = consignee.country', false],
    ['origin.country != consignee.country', true],
  ])('%s → %s', (source, expected) => {
    expect(holds(source)).toBe(expected);
  });
});

describe('string operators (case-insensitive, normalised)', () => {
  it.each([
    ['shipper.name startsWith "golden"', true],
    ['shipper.name endsWith "CO"', true],
    ['shipper.name contains "star trading"', true],
    ['shipper.name contains "silk"', false],
    ['shipper.name not contains "silk"', true],
    ['shipper.name not startsWith "gold"', false],
    ['shipper.name matches "^golden\\s+star"', true],
    ['shipper.name matches "^star"', false],
    ['shipper.name not matches "^star"', true],
    ['goods.description contains "green coffee beans"', true],
    ['goods.hs startsWith "0901.1"', true],
    ['goods.hs startsWith "2932"', false],
    ['shipper.name startsWith ["silk", "golden"]', true],
    ['goods.hs startsWith list("precursor-hs")', false],
    ['goods.hs endsWith ["21", "99"]', true],
    ['goods.description contains ["tea", "ROASTED"]', true],
  ])('%s → %s', (source, expected) => {
    expect(holds(source)).toBe(expected);
  });

  it('handles many prefixes with one lookup per length', () => {
    const many = Array.from({ length: 50 }, (_, i) => `"${String(1000 + i * 7)}"`).join(', ');
    const r = rule(`goods.hs startsWith [${many}, "0901"]`);
    expect(r.evaluate(FACTS)).toBe(true);
    expect(r.evaluate({ goods: [{ hs: '0902' }] })).toBe(false);
    expect(r.evaluate({ goods: [{ hs: '100712' }] })).toBe(true);
  });

  it('matches only the first 1024 characters of long values', () => {
    const long = 'x'.repeat(2000) + 'needle';
    expect(rule('goods.description matches "needle"').evaluate({ goods: [{ description: long }] })).toBe(false);
    expect(rule('goods.description contains "needle"').evaluate({ goods: [{ description: long }] })).toBe(true);
  });
});

describe('in, lists and arrays', () => {
  it.each([
    ['route.transshipment in list("high-risk-ports")', true],
    ['route.transshipment not in list("high-risk-ports")', false],
    ['route.loading in list("high-risk-ports")', false],
    ['route.loading not in list("high-risk-ports")', true],
    ['route.countries in list("high-risk-countries")', false],
    ['route.countries in ["pk", "ir"]', true],
    ['"PK" in route.countries', true],
    ['"IR" in route.countries', false],
    ['"IR" not in route.countries', true],
    ['origin.country in route.countries', true],
    ['destination.country not in route.countries', false],
    ['goods.value in list("thresholds")', false],
    ['consignee.firstSeenDays in [12, 13]', true],
    ['indicators.newPair in [true]', true],
  ])('%s → %s', (source, expected) => {
    expect(holds(source)).toBe(expected);
  });

  it('normalises list items like the field (trim, case, spaces)', () => {
    expect(holds('route.transshipment in list("high-risk-ports") and route.transshipment = "aejea"')).toBe(true);
    expect(rule('goods.hs startsWith list("precursor-hs")').evaluate({ goods: [{ hs: '293299' }] })).toBe(true);
  });

  it('reports unknown lists at their position, with suggestions', () => {
    const [e] = errorsOf('mode = "sea" and route.loading in list("high-risk-port")');
    expect(e).toMatchObject({ code: 'E_UNKNOWN_LIST', line: 1, column: 35, endColumn: 57 });
    expect(e?.message).toBe('Unknown list "high-risk-port". Did you mean "high-risk-ports"?');
    const fnResolver = compileRule('route.loading in list("x")', { lists: () => undefined });
    expect(fnResolver.ok).toBe(false);
    const none = compileRule('route.loading in list("x")');
    expect(none.ok).toBe(false);
  });

  it('reports list items that do not fit the field, and resolver failures', () => {
    expect(errorsOf('goods.value in list("bad-numbers")')[0]).toMatchObject({ code: 'E_LIST' });
    const thrower = compileRule('route.loading in list("x")', {
      lists: () => {
        throw new Error('database down');
      },
    });
    expect(thrower.ok).toBe(false);
    if (!thrower.ok) expect(thrower.errors[0]?.message).toMatch(/could not be loaded: database down/);
  });

  it('resolves lists once at compile time and reports the lists used', () => {
    let calls = 0;
    const r = rule('route.loading in list("a") or route.discharge in list("a") or route.transshipment in list("b")', {
      lists: (name) => {
        calls++;
        return name === 'a' ? ['CNSHA'] : ['X'];
      },
    });
    expect(calls).toBe(2);
    expect(r.listsUsed).toEqual(['a', 'b']);
    expect(r.fieldsUsed).toEqual(['route.discharge', 'route.loading', 'route.transshipment']);
    expect(r.evaluate(FACTS)).toBe(true);
  });
});

describe('array semantics', () => {
  it('is true when any element satisfies a comparison', () => {
    expect(holds('goods.value > 2000')).toBe(true);
    expect(holds('goods.value > 3000')).toBe(false);
    expect(holds('goods.hs startsWith "2710"')).toBe(true);
    expect(holds('goods.value = 30')).toBe(true); // numeric strings in facts are numbers
  });

  it('reads negative operators as "no element": != and not in', () => {
    expect(holds('route.countries != "IR"')).toBe(true);
    expect(holds('route.countries != "PK"')).toBe(false);
    expect(holds('goods.hs not startsWith "0901"')).toBe(false);
    expect(holds('goods.hs not startsWith "8703"')).toBe(true);
  });

  it('derives route.places and route.countries from loading, transshipment and discharge', () => {
    const r = rule('route.places = "AEJEA" and route.countries = "GE" and route.countries = "CN"');
    expect(r.evaluate(FACTS)).toBe(true);
    expect(rule('route.countries = "US"').evaluate({ route: { countries: ['US'] } })).toBe(true);
  });

  it('applies conditions on the same collection element-wise only inside quantifiers', () => {
    // some item is 0901 and some (other) item is worth > 2000 … and the 0901 item worth > 2000 exists too
    expect(holds('goods.hs startsWith "2710" and goods.value > 2000')).toBe(true);
    expect(holds('any(goods.hs startsWith "2710" and goods.value > 2000)')).toBe(false);
    expect(holds('any(goods.hs startsWith "0901" and goods.value > 2000)')).toBe(true);
  });
});

describe('quantifiers', () => {
  it.each([
    ['all(goods.hs startsWith "09")', false],
    ['all(goods.hs startsWith "09" or goods.hs startsWith "27")', true],
    ['any(goods.description contains "spare")', true],
    ['none(goods.description contains "tyres")', true],
    ['none(goods.description contains "spare")', false],
    ['count(goods.hs startsWith "0901") >= 2', true],
    ['count(goods.hs startsWith "0901") > 2', false],
    ['count(goods.hs startsWith "0901") = 2', true],
    ['count(goods.hs startsWith "0901") between 1 and 2', true],
    ['count(goods.value > 100) < 2', false],
    ['count(route.transshipment in list("high-risk-ports")) >= 2', true],
    ['count(goods.grossMassKg is missing) = 0', true],
    ['count(goods.packages is missing) = 1', true],
    ['all(route.countries != "IR")', true],
    ['any(goods.hs startsWith "0901" and mode = "sea")', true],
  ])('%s → %s', (source, expected) => {
    expect(holds(source)).toBe(expected);
  });

  it('treats an empty or missing collection as: all false, any false, none true, count 0', () => {
    for (const facts of [{}, { goods: [] }]) {
      expect(holds('all(goods.hs startsWith "09")', facts)).toBe(false);
      expect(holds('any(goods.hs startsWith "09")', facts)).toBe(false);
      expect(holds('none(goods.hs startsWith "09")', facts)).toBe(true);
      expect(holds('count(goods.hs startsWith "09") = 0', facts)).toBe(true);
    }
  });

  it('rejects nested quantifiers, mixed collections and bodies without an array field', () => {
    expect(errorsOf('any(goods.hs = "1" and count(goods.value > 1) > 1)')[0]).toMatchObject({ code: 'E_QUANTIFIER', column: 24 });
    expect(errorsOf('any(goods.hs = "1" and route.countries = "IR")')[0]?.message).toMatch(/mixes fields/);
    expect(errorsOf('all(mode = "sea")')[0]?.message).toMatch(/needs an array field/);
    expect(errorsOf('count(goods.hs = "1")')[0]?.message).toMatch(/alone is not a condition/);
    expect(errorsOf('goods.value > any(goods.value > 1)')[0]?.message).toMatch(/is a condition, not a value/);
  });
});

describe('missing values', () => {
  const empty: ConsignmentFacts = { goods: [{ hs: '' }], route: { transshipment: [] }, shipper: { name: '   ' } };
  it.each([
    ['vessel.imo is missing', true],
    ['vessel.imo is present', false],
    ['vessel.imo = "1"', false],
    ['vessel.imo != "1"', false],
    ['not (vessel.imo = "1")', true],
    ['consignee.firstSeenDays < 90', false],
    ['consignee.firstSeenDays >= 90', false],
    ['consignee.firstSeenDays not between 1 and 2', false],
    ['goods.hs is missing', true],
    ['route.transshipment is missing', true],
    ['route.transshipment not in ["PKKHI"]', false],
    ['shipper.name is missing', true],
    ['shipper.name not contains "x"', false],
    ['indicators.newPair', false],
    ['not indicators.newPair', true],
    ['document.date < "2030-01-01"', false],
  ])('%s → %s', (source, expected) => {
    expect(holds(source, empty)).toBe(expected);
  });

  it('never throws on odd fact objects', () => {
    const odd = [null, undefined, 42, 'x', { route: 5, goods: 'abc' }, { goods: [null, 5, { hs: 901 }] }, { document: { date: 'not a date' } }];
    const r = rule('goods.hs startsWith "901" or route.countries = "IR" or document.date > "2020-01-01" or count(goods.value > 1) > 0');
    for (const f of odd) expect(() => r.evaluate(f as unknown as ConsignmentFacts)).not.toThrow();
    expect(r.evaluate({ goods: [{ hs: 901 as unknown as string }] })).toBe(true);
  });
});

describe('compile errors', () => {
  it('suggests the closest field for an unknown one', () => {
    const [e] = errorsOf('mode = "sea" and\n  goods.hscode startsWith "0901"');
    expect(e).toMatchObject({ code: 'E_UNKNOWN_FIELD', line: 2, column: 3, endLine: 2, endColumn: 15 });
    expect(e?.message).toBe('Unknown field "goods.hscode". Did you mean goods.hs?');
    expect(errorsOf('consignee.firstSeen < 90')[0]?.message).toMatch(/Did you mean consignee.firstSeenDays\?/);
    expect(errorsOf('indicators.newPiar')[0]?.message).toMatch(/Did you mean indicators.newPair\?/);
    expect(errorsOf('hs startsWith "09"')[0]?.message).toMatch(/Did you mean goods.hs\?/);
    expect(errorsOf('consignee.zzzzzzzz = "x"')[0]?.message).toMatch(/Fields of consignee: id, name, address, country, firstSeenDays/);
  });

  it('reports type errors with hints', () => {
    expect(errorsOf('goods.hs startsWith 0901')[0]?.message).toBe('goods.hs is text: write the value in quotes, "0901"');
    expect(errorsOf('consignee.firstSeenDays < "90"')[0]?.message).toMatch(/write 90 without quotes/);
    expect(errorsOf('mode < "sea"')[0]?.message).toMatch(/needs numbers or dates/);
    expect(errorsOf('consignee.firstSeenDays')[0]?.message).toMatch(/not true\/false: compare it, e.g. consignee.firstSeenDays > 0/);
    expect(errorsOf('goods.value contains "1"')[0]?.message).toMatch(/works on text/);
    expect(errorsOf('route.countries = ["IR"]')[0]?.message).toMatch(/use 'in'/);
    expect(errorsOf('document.date > "10/05/2024"')[0]).toMatchObject({ code: 'E_BAD_VALUE' });
    expect(errorsOf('goods.value between 10 and 1')[0]).toMatchObject({ code: 'E_BAD_VALUE' });
    expect(errorsOf('mode = ""')[0]?.message).toMatch(/is missing/);
    expect(errorsOf('1 = 1')[0]?.message).toMatch(/two fixed values/);
    expect(errorsOf('route.loading in []')[0]?.message).toMatch(/empty array/);
    expect(errorsOf('mode = consignee.firstSeenDays')[0]?.message).toMatch(/Cannot compare/);
    expect(errorsOf('"x"')[0]?.message).toMatch(/alone is not a condition/);
  });

  it('reports all semantic errors of a rule', () => {
    const errs = errorsOf('goods.hsx = "1" and mode < 3 or route.loading in list("nope") and vessel.imo matches "(a+)+"');
    expect(errs.map((e) => e.code)).toEqual(['E_UNKNOWN_FIELD', 'E_TYPE', 'E_UNKNOWN_LIST', 'E_UNSAFE_REGEX']);
  });

  it('validates regular expressions at compile time', () => {
    expect(errorsOf('goods.description matches "(unclosed"')[0]).toMatchObject({ code: 'E_BAD_REGEX', column: 27 });
    expect(errorsOf('goods.description matches "(a|a)*b"')[0]).toMatchObject({ code: 'E_UNSAFE_REGEX' });
    expect(errorsOf('goods.description matches ["a"]')[0]?.message).toMatch(/pattern in quotes/);
  });
});

describe('explain', () => {
  it('lists the true conditions with the values that satisfied them', () => {
    const r = rule('route.transshipment in list("high-risk-ports") and goods.hs startsWith "0901" and consignee.firstSeenDays < 90');
    expect(r.explain(FACTS)).toEqual([
      'route.transshipment in list("high-risk-ports") → PKKHI, AEJEA',
      'goods.hs startsWith "0901" → 0901.11, 090121',
      'consignee.firstSeenDays < 90 → 12',
    ]);
  });

  it('shows every true branch of an or, and nothing when the rule is false', () => {
    const r = rule('indicators.newPair or mode = "air" or (pair.firstSeenDays < 30 and document.date < "2024-06-01") or count(goods.hs startsWith "09") >= 2');
    expect(r.explain(FACTS)).toEqual([
      'indicators.newPair',
      'pair.firstSeenDays < 30 → 3',
      'document.date < "2024-06-01" → 2024-05-10',
      'count(goods.hs startsWith "09") >= 2 → count 2',
    ]);
    expect(r.explain({ mode: 'road' })).toEqual([]);
    expect(r.evaluate({ mode: 'road' })).toBe(false);
  });

  it('explains negations, quantifiers and presence', () => {
    const r = rule('not (mode = "air") and any(goods.value > 300) and all(goods.hs is present) and vessel.imo is present and goods.description matches "coffee"');
    expect(r.explain(FACTS)).toEqual([
      'not (mode = "air")',
      'any(goods.value > 300) → items 1, 2 of 3',
      'all(goods.hs is present) → all 3 items',
      'vessel.imo is present → 9321483',
      'goods.description matches "coffee" → Green COFFEE beans, Roasted coffee',
    ]);
  });

  it('works on prepared facts shared by several rules', () => {
    const p = prepareFacts(FACTS);
    const a = rule('route.transshipment = "pkkhi"');
    const b = rule('route.discharge = "gepti"');
    expect(a.evaluate(p) && b.evaluate(p)).toBe(true);
    expect(b.explain(p)).toEqual(['route.discharge = "gepti" → GE PTI']);
  });
});

describe('compiled rule', () => {
  it('exposes canonical text, fields and lists used', () => {
    const r = rule('Route.Transshipment IN list("high-risk-ports") AND goods.HS startswith "0901"');
    expect(r.canonical).toBe('route.transshipment in list("high-risk-ports") and goods.hs startsWith "0901"');
    expect(r.fieldsUsed).toEqual(['goods.hs', 'route.transshipment']);
    expect(r.listsUsed).toEqual(['high-risk-ports']);
  });

  it('evaluates cheap conditions first without changing results', () => {
    // the quantifier would be slow; the scalar test decides first. Results are the same either way.
    const r = rule('count(goods.value > 0) >= 1 and mode = "air"');
    expect(r.evaluate(FACTS)).toBe(false);
    expect(rule('count(goods.value > 0) >= 1 and mode = "sea"').evaluate(FACTS)).toBe(true);
  });
});
