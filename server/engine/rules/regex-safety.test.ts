import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.ts';
import { normalizeText } from './fields.ts';
import { compileSafeRegex, MAX_MATCH_INPUT, MAX_PATTERN_LENGTH, requiredLiteral, staticRegexProblem, trimRedundantWildcards } from './regex-safety.ts';

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

describe('required literal (matches prefilter)', () => {
  it.each([
    ['spare\\s+parts', 'spare'],
    ['^General Cargo$', 'general cargo'],
    ['t-shirts?', 't-shirt'],
    ['\\bcoffee\\b', 'coffee'],
    ['cars?$', 'car'],
    ['ABC+D', 'abc'],
    ['x[abc]?yz', 'yz'],
    ['abc\\u0041', 'abc'],
    ['Ab(c)?', 'ab'],
    ['^(used|old) tyres', null],
    ['ab*?c', null],
    ['a{2}bc', null],
    ['a.b', null],
    ['[^]]xy', null],
    ['\\x41bc', null],
  ])('%s → %s', (pattern, lit) => {
    expect(requiredLiteral(pattern)).toBe(lit);
  });

  it('never changes what `matches` returns (lower-cased values, unicode, long text)', () => {
    const patterns = ['spare\\s+parts', '^general cargo$', 't-shirts?', '\\bcoffee\\b', 'cars?$', 'oil', 'steel coils?', 'sk', 'ks', 'kelvin', 'straße', 'ab+c', 'x[yz]?w', '^ü', 'a{1,3}b', 'end$'];
    const values = [
      'Spare  Parts',
      'SPARE PARTS',
      'spare-parts',
      'General Cargo',
      ' general cargo ',
      'T-SHIRT',
      'coffee-beans',
      'CARS',
      'used car',
      'OIL',
      'ſk', // long s: folds to S only in unicode mode
      'K\u212a', // Kelvin sign
      '\u212aelvin',
      'KELVIN',
      'STRASSE',
      'Straße',
      'İstanbul abbbc',
      'xw xyw xzzw',
      'Ü-Boot',
      'aaab',
      `${'x'.repeat(MAX_MATCH_INPUT)} end`,
      `${'x'.repeat(MAX_MATCH_INPUT - 3)}end`,
      '',
    ];
    for (const p of patterns) {
      const r = compileRule(`goods.description matches "${p.replace(/\\/g, '\\\\')}"`);
      if (!r.ok) throw new Error(p);
      const check = compileSafeRegex(p);
      if (!check.ok) throw new Error(p);
      for (const v of values) {
        const n = normalizeText(v);
        const expected = n !== undefined && check.regex.test(n.length > MAX_MATCH_INPUT ? n.slice(0, MAX_MATCH_INPUT) : n);
        expect(r.rule.evaluate({ goods: [{ description: v }] }), `${p} on ${v}`).toBe(expected);
      }
    }
  });
});
