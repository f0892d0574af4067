import { describe, expect, it } from 'vitest';
import { builderToRule, ruleToBuilder, type BuilderSpec } from './builder.ts';
import { compileRule } from './compile.ts';

const SPECS: BuilderSpec[] = [
  {
    join: 'and',
    conditions: [
      { field: 'route.transshipment', operator: 'in', value: { list: 'high-risk-ports' } },
      { field: 'goods.hs', operator: 'startsWith', value: '0901' },
      { field: 'consignee.firstSeenDays', operator: '<', value: 90 },
    ],
  },
  {
    join: 'or',
    conditions: [
      { field: 'origin.country', operator: 'in', value: ['AF', 'PK'] },
      { field: 'indicators.newPair', operator: '=', value: true },
      { field: 'goods.value', operator: 'between', value: { from: -1.5, to: 1000 } },
      { field: 'vessel.imo', operator: 'is missing' },
      { field: 'vessel.name', operator: 'is present' },
      { field: 'goods.description', operator: 'matches', value: '^(used|old) "tyres"\\s' },
      { field: 'shipper.name', operator: 'not contains', value: 'trading' },
      { field: 'mode', operator: '!=', value: 'air' },
      { field: 'goods.hs', operator: 'not startsWith', value: ['27', '87'] },
      { field: 'document.date', operator: 'not between', value: { from: '2024-01-01', to: '2024-12-31' } },
      { field: 'route.countries', operator: 'not in', value: { list: 'eu' } },
    ],
  },
  { join: 'and', conditions: [{ field: 'dataQuality.score', operator: '>=', value: 50 }] },
];

describe('form builder', () => {
  it.each(SPECS.map((s, i) => [i, s] as const))('round-trips spec %i through text', (_, spec) => {
    const text = builderToRule(spec);
    expect(ruleToBuilder(text)).toEqual(spec);
    const compiled = compileRule(text, { lists: { 'high-risk-ports': ['PKKHI'], eu: ['DE'] } });
    expect(compiled.ok).toBe(true);
  });

  it('writes readable text', () => {
    expect(builderToRule(SPECS[0] as BuilderSpec)).toBe(
      'route.transshipment in list("high-risk-ports") and goods.hs startsWith "0901" and consignee.firstSeenDays < 90',
    );
    expect(builderToRule(SPECS[1] as BuilderSpec).split('\n')[1]).toBe('or indicators.newPair = true');
    expect(builderToRule({ join: 'and', conditions: [] })).toBe('');
  });

  it('reads simple rules, flattening same-kind groups and canonicalising field names', () => {
    expect(ruleToBuilder('(Goods.HS startsWith "0901" and (mode = "sea" and indicators.newPair))')).toEqual({
      join: 'and',
      conditions: [
        { field: 'goods.hs', operator: 'startsWith', value: '0901' },
        { field: 'mode', operator: '=', value: 'sea' },
        { field: 'indicators.newPair', operator: '=', value: true },
      ],
    });
  });

  it('returns null for rules the form cannot show', () => {
    for (const src of [
      'mode = "sea" and (indicators.newPair or indicators.newShipper)',
      'not (mode = "sea")',
      'count(goods.hs startsWith "0901") >= 2',
      'all(goods.hs startsWith "27")',
      'origin.country = shipper.country',
      'unknown.field = 1',
      'mode = ',
      '',
      '"x" in route.countries',
    ]) {
      expect(ruleToBuilder(src)).toBeNull();
    }
  });

  it('throws TypeError on malformed specs', () => {
    expect(() => builderToRule({ join: 'xor' as 'and', conditions: [] })).toThrow(TypeError);
    expect(() => builderToRule({ join: 'and', conditions: [{ field: 'mode', operator: 'like' as '=', value: 'x' }] })).toThrow(TypeError);
    expect(() => builderToRule({ join: 'and', conditions: [{ field: 'mode; drop', operator: '=', value: 'x' }] })).toThrow(TypeError);
    expect(() => builderToRule({ join: 'and', conditions: [{ field: 'goods.value', operator: '=', value: Number.NaN }] })).toThrow(TypeError);
    expect(() => builderToRule({ join: 'and', conditions: [{ field: 'goods.value', operator: 'between', value: 3 }] })).toThrow(TypeError);
  });
});
