import { describe, expect, it } from 'vitest';
import { requiredLiteralSet } from './literal-set.ts';

describe('requiredLiteralSet', () => {
  it('takes the alternatives of the first plain group', () => {
    expect(requiredLiteralSet('^(used|old) (tyres|tires)')).toEqual(['used', 'old']);
    expect(requiredLiteralSet('(USED|Old)+ cars')).toEqual(['used', 'old']);
    expect(requiredLiteralSet('\\d+ (kg|tons)\\b')).toEqual(['kg', 'tons']);
    expect(requiredLiteralSet('[(|]x (ab|cd)')).toEqual(['ab', 'cd']); // '(' and '|' inside a class are not a group
    expect(requiredLiteralSet('\\(x|y\\) (ab|cd)')).toBeNull(); // escaped parentheses: the `|` is at top level
  });

  it('gives nothing when no group is required or its alternatives are not plain', () => {
    expect(requiredLiteralSet('used|old')).toBeNull();
    expect(requiredLiteralSet('(used|old) tyres|tires')).toBeNull();
    expect(requiredLiteralSet('(used|old)? tyres')).toBeNull();
    expect(requiredLiteralSet('(used|old)* tyres')).toBeNull();
    expect(requiredLiteralSet('(used|old){0,2} tyres')).toBeNull();
    expect(requiredLiteralSet('(used|) tyres')).toBeNull();
    expect(requiredLiteralSet('(?!used|old)tyres')).toBeNull();
    expect(requiredLiteralSet('(u.ed|old) tyres')).toBeNull();
    expect(requiredLiteralSet('((used|old)|new) tyres')).toBeNull();
    expect(requiredLiteralSet('(use\\d|old) tyres')).toBeNull();
    expect(requiredLiteralSet('plain text')).toBeNull();
  });
});
