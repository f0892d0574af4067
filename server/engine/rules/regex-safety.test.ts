import { describe, expect, it } from 'vitest';
import { compileSafeRegex, MAX_MATCH_INPUT, MAX_PATTERN_LENGTH, staticRegexProblem, trimRedundantWildcards } from './regex-safety.ts';

describe('regex safety', () => {
  it.each([
    '(a+)+',
    '(a*)*b',
    '^(\\w+\\s?)*$',
    '((ab)*)+',
    '(a|a)*',
    '(a|aa)+',
    '(\\w|\\d)+',
    '(.*a){20}',
    '(a)\\1',
    '(?<x>a)\\k<x>',
    '\\w+\\s+\\w+\\s+\\w+\\s+\\w+',
    'x'.repeat(MAX_PATTERN_LENGTH + 1),
  ])('rejects %s statically', (pattern) => {
    expect(staticRegexProblem(pattern)).not.toBeNull();
    const r = compileSafeRegex(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('E_UNSAFE_REGEX');
  });

  it.each(['\\d+\\d+x', '[a-z]+[a-z]+1', '\\s*\\s*z', '^.*a.*b.*c'])('rejects the polynomial %s by the timing probe', (pattern) => {
    expect(staticRegexProblem(pattern)).toBeNull();
    const t0 = performance.now();
    const r = compileSafeRegex(pattern);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/too slow/);
  });

  it.each([
    '^(used|old) (tyres|tires)',
    '(kg|lbs)+',
    '\\bcocaine\\b',
    '^[A-Z]{2}\\d{6,}$',
    '\\d+\\s*kg',
    '(spare|parts?).*(used|old)',
    'spare\\s+parts',
    '^general cargo$',
    '.*coffee.*',
    'a.*b',
    '[а-я]+ груз',
  ])('accepts %s', (pattern) => {
    const r = compileSafeRegex(pattern);
    expect(r.ok).toBe(true);
  });

  it('reports invalid patterns as E_BAD_REGEX', () => {
    for (const p of ['(', '[a-', '*a', '']) {
      const r = compileSafeRegex(p);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.code).toBe('E_BAD_REGEX');
    }
  });

  it('drops leading and trailing .* that only cost time', () => {
    expect(trimRedundantWildcards('.*a.*')).toBe('a');
    expect(trimRedundantWildcards('.*.*?x')).toBe('x');
    expect(trimRedundantWildcards('^.*x$')).toBe('^.*x$');
    expect(trimRedundantWildcards('a\\.*')).toBe('a\\.*');
    expect(trimRedundantWildcards('.*')).toBe('.*');
  });

  it('compiled patterns are case-insensitive and fast on long adversarial values', () => {
    const r = compileSafeRegex('(spare|parts?).*(used|old)');
    if (!r.ok) throw new Error(r.message);
    expect(r.regex.test('SPARE PARTS, USED')).toBe(true);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) r.regex.test('spare '.repeat(MAX_MATCH_INPUT / 6));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
