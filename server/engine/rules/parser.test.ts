import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.ts';
import { MAX_NESTING, MAX_SOURCE_LENGTH, parseRule } from './parser.ts';
import { printExpr } from './print.ts';

function errors(source: string) {
  const r = compileRule(source, { lists: { ports: ['GEPTI'] } });
  if (r.ok) throw new Error(`expected errors for: ${source}`);
  return r.errors;
}

function canonical(source: string): string {
  const r = parseRule(source);
  expect(r.diagnostics).toEqual([]);
  if (r.expr === null) throw new Error('no tree');
  return printExpr(r.expr);
}

describe('parser', () => {
  it('parses the example from the brief', () => {
    expect(canonical('route.transshipment in list("high-risk-ports") and goods.hs startsWith "0901" and consignee.firstSeenDays < 90')).toBe(
      'route.transshipment in list("high-risk-ports") and goods.hs startsWith "0901" and consignee.firstSeenDays < 90',
    );
  });

  it('gives and precedence over or, and honours parentheses', () => {
    const r = parseRule('mode = "sea" or mode = "air" and vessel.imo is missing');
    expect(r.expr?.kind).toBe('or');
    expect(canonical('(mode = "sea" or mode = "air") and vessel.imo is missing')).toBe('(mode = "sea" or mode = "air") and vessel.imo is missing');
  });

  it('accepts keywords and field names in any case, comments, == and <>', () => {
    expect(canonical('Goods.HS STARTSWITH "0901" AND Mode == "sea" # comment\n// another\nOR mode <> "air"')).toBe(
      'goods.hs startsWith "0901" and mode = "sea" or mode != "air"',
    );
  });

  it('parses every operator form', () => {
    const cases = [
      'goods.value between 1 and 2',
      'goods.value not between -1.5 and 2000',
      'route.countries not in ["AF", "PK"]',
      'goods.description not contains "x"',
      'goods.description not startsWith "x"',
      'goods.description not endsWith "x"',
      'goods.description not matches "x"',
      'vessel.imo is present',
      'vessel.imo is missing',
      'all(goods.hs startsWith "27")',
      'not any(goods.hs startsWith "27")',
      'none(goods.hs startsWith "27")',
      'count(goods.hs startsWith "0901") >= 2',
      'not indicators.newPair',
      'not (mode = "sea" and indicators.newPair)',
    ];
    for (const c of cases) expect(canonical(c)).toBe(c);
    expect(canonical('vessel.imo is not missing')).toBe('vessel.imo is present');
  });

  it('decodes string escapes and keeps unknown escapes for regex patterns', () => {
    const r = parseRule('goods.description = "a\\"b\\\\c\\n\\u00e9" or goods.description matches "\\d{4}"');
    expect(r.diagnostics).toEqual([]);
    const printed = printExpr(r.expr!);
    expect(printed).toBe('goods.description = "a\\"b\\\\c\\né" or goods.description matches "\\\\d{4}"');
    // printing is stable
    expect(canonical(printed)).toBe(printed);
  });
});

describe('syntax errors', () => {
  it('points at the offending token with 1-based line and column', () => {
    const [e] = errors('mode = "sea" and\n  goods.hs startsWith');
    expect(e).toMatchObject({ line: 2, column: 22, code: 'E_SYNTAX' });
    expect(e?.message).toMatch(/found the end of the rule/);
  });

  it('reports a missing operator between two conditions', () => {
    const errs = errors('mode = "sea" mode = "air"');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ line: 1, column: 14, endColumn: 18, code: 'E_SYNTAX' });
    expect(errs[0]?.message).toMatch(/Expected 'and', 'or'/);
  });

  it('reports several errors in one rule', () => {
    const errs = errors('mode = and\ngoods.hs startsWith "0901" and consignee.firstSeenDays < \nor (vessel.imo is nothing)');
    expect(errs.map((e) => [e.line, e.column])).toEqual([
      [1, 8],
      [3, 1],
      [3, 19],
    ]);
  });

  it('reports unterminated strings, bad characters and typographic quotes', () => {
    const errs = errors('mode = "sea and @ goods.hs = “0901”');
    expect(errs.map((e) => e.code)).toContain('E_UNTERMINATED_STRING');
    const e2 = errors('mode = "sea" and goods.hs = “0901”');
    expect(e2[0]).toMatchObject({ code: 'E_UNEXPECTED_CHAR', line: 1, column: 29 });
    expect(e2[0]?.message).toMatch(/straight double quotes/);
    const e3 = errors('mode = "sea" && indicators.newPair');
    expect(e3[0]?.message).toBe("Use 'and' instead of '&&'");
    const e4 = errors('mode = "sea" and $$$ = 1');
    expect(e4[0]).toMatchObject({ code: 'E_UNEXPECTED_CHAR', column: 18, endColumn: 21 });
  });

  it('reports unbalanced parentheses', () => {
    const a = errors('(mode = "sea" and indicators.newPair');
    expect(a[0]?.message).toMatch(/Expected '\)' to close the '\(' of this group at line 1, column 1/);
    const b = errors('mode = "sea")');
    expect(b[0]).toMatchObject({ message: "Unmatched ')'", column: 13 });
  });

  it('gives hints for common mistakes', () => {
    expect(errors('goods.hs starts with "0901"')[0]?.message).toMatch(/did you mean startsWith/);
    expect(errors('vessel.imo is null')[0]?.message).toMatch(/is missing/);
    expect(errors('route.countries in list(ports)')[0]?.message).toMatch(/must be quoted text/);
    expect(errors('goods.hs startsWith 0901x')[0]).toMatchObject({ code: 'E_BAD_NUMBER' });
    expect(errors('')[0]).toMatchObject({ code: 'E_EMPTY', line: 1, column: 1 });
    expect(errors('   # only a comment')[0]).toMatchObject({ code: 'E_EMPTY' });
  });

  it('counts columns after CRLF line ends', () => {
    const [e] = errors('mode = "sea" and\r\n= 1');
    expect(e).toMatchObject({ line: 2, column: 1 });
  });
});

describe('pathological input', () => {
  it('rejects deep nesting with an error, not a stack overflow', () => {
    const deep = '('.repeat(100_000) + 'mode = "sea"' + ')'.repeat(100_000);
    const big = compileRule(deep.slice(0, MAX_SOURCE_LENGTH));
    expect(big.ok).toBe(false);
    const nested = '('.repeat(MAX_NESTING + 1) + 'mode = "sea"' + ')'.repeat(MAX_NESTING + 1);
    const r = compileRule(nested);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'E_TOO_DEEP', line: 1, column: MAX_NESTING + 1 });
    const nots = compileRule('not '.repeat(10_000) + 'indicators.newPair');
    expect(nots.ok).toBe(false);
    if (!nots.ok) expect(nots.errors[0]?.code).toBe('E_TOO_DEEP');
    const ok = compileRule('('.repeat(MAX_NESTING) + 'mode = "sea"' + ')'.repeat(MAX_NESTING));
    expect(ok.ok).toBe(true);
  });

  it('rejects a 1 MB source at once', () => {
    const huge = 'mode = "sea" or '.repeat(70_000) + 'mode = "air"';
    const t0 = performance.now();
    const r = compileRule(huge);
    expect(performance.now() - t0).toBeLessThan(1000); // no parsing: refused on its length
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ code: 'E_TOO_LONG', line: 1, column: 1 })]);
  });

  it('handles a long flat rule within the limit quickly', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `goods.value > ${i}`).join(' or ');
    const r = compileRule(long);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.rule.evaluate({ goods: [{ value: 1500 }] })).toBe(true);
  });

  it('stops after a bounded number of errors', () => {
    const r = compileRule('= '.repeat(5000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeLessThanOrEqual(60);
  });

  it('never throws on random input', () => {
    let seed = 42;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = ['mode', 'goods.hs', '"x"', '(', ')', '[', ']', ',', 'and', 'or', 'not', 'in', 'list(', 'count(', 'all(', '=', '<', '1', '-', 'between', 'is', 'missing', '"', '\\', '\n', '.', 'é', '#'];
    for (let n = 0; n < 2000; n++) {
      let src = '';
      const len = Math.floor(rnd() * 20);
      for (let i = 0; i < len; i++) src += alphabet[Math.floor(rnd() * alphabet.length)] + (rnd() < 0.7 ? ' ' : '');
      expect(() => compileRule(src, { lists: { x: ['a'] } })).not.toThrow();
    }
  });
});
