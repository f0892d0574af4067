import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CATALOGUE, hasError, problem } from './problems.ts';
import { QUALITY_FLAG_WEIGHTS } from './quality.ts';

describe('problem catalogue', () => {
  it('builds problems with the default level, or an explicit one', () => {
    expect(problem({ code: 'UNKNOWN_LOCODE', message: 'x', field: 'placeOfLoading' })).toEqual({ level: 'warning', code: 'UNKNOWN_LOCODE', message: 'x', field: 'placeOfLoading' });
    expect(problem({ code: 'UNKNOWN_LOCODE', message: 'x', level: 'error' }).level).toBe('error');
    expect(hasError([problem({ code: 'JSON_SYNTAX', message: 'x' })])).toBe(true);
  });

  it('docs/intake.md lists every problem code and quality flag', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/intake.md', import.meta.url)), 'utf8');
    for (const code of [...Object.keys(PROBLEM_CATALOGUE), ...Object.keys(QUALITY_FLAG_WEIGHTS)]) expect(doc, code).toContain(`\`${code}\``);
  });
});
