import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.ts';
import type { ConsignmentFacts } from './fields.ts';
import { testRule, testRuleAsync } from './test-rule.ts';

function rule(src: string) {
  const r = compileRule(src);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rule;
}

const history: ConsignmentFacts[] = [
  { id: 'a', mode: 'sea', inspection: { inspected: true, positive: true } },
  { id: 'b', mode: 'sea', inspection: { inspected: true, positive: false } },
  { id: 'c', mode: 'sea' },
  { id: 'd', mode: 'air', inspection: { inspected: true, positive: true } },
  { id: 'e', mode: 'air', inspection: { inspected: false, positive: false } },
  { mode: 'sea', inspection: { inspected: false, positive: true } }, // not inspected: positive ignored
];

describe('testRule', () => {
  it('counts hits, inspected and positive hits, and the baseline', () => {
    const r = testRule(rule('mode = "sea"'), history, { sampleSize: 2 });
    expect(r).toEqual({
      total: 6,
      hits: 4,
      hitsInspected: 2,
      hitsPositive: 1,
      inspected: 3,
      positive: 2,
      hitRate: 4 / 6,
      hitPositiveRate: 0.5,
      baselinePositiveRate: 2 / 3,
      sampleHitIds: ['a', 'b'],
    });
  });

  it('handles no data and no inspections', () => {
    const r = testRule(rule('mode = "sea"'), []);
    expect(r).toMatchObject({ total: 0, hits: 0, hitRate: 0, hitPositiveRate: null, baselinePositiveRate: null, sampleHitIds: [] });
  });

  it('accepts generators and async streams', async () => {
    function* gen() {
      yield* history;
    }
    async function* agen() {
      for (const h of history) yield h;
    }
    const r = rule('mode = "air"');
    expect(testRule(r, gen()).hits).toBe(2);
    expect((await testRuleAsync(r, agen())).hitsPositive).toBe(1);
    expect((await testRuleAsync(r, history)).total).toBe(6);
  });
});
