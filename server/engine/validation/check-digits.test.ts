import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  checkAwbNumber,
  checkContainerNumber,
  checkImoCompanyNumber,
  checkImoNumber,
  iso6346CheckDigit,
  type CheckResult,
} from './check-digits.ts';

interface VectorRow {
  scheme: string;
  value: string;
  source: string;
  label_in_source: string;
  independent_check: string;
  computed_check_digit: string;
}

const file = fileURLToPath(new URL('../intake/fixtures/check-digit-vectors.csv', import.meta.url));
const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as VectorRow[];

const CHECKERS: Record<string, (v: string) => CheckResult> = {
  ISO6346: checkContainerNumber,
  IMO: checkImoNumber,
  IMO_COMPANY: checkImoCompanyNumber,
  AWB_MOD7: checkAwbNumber,
};

describe('check-digit vectors file', () => {
  it('has the expected header and only known schemes', () => {
    expect(Object.keys(rows[0] ?? {})).toEqual(['scheme', 'value', 'source', 'label_in_source', 'independent_check', 'computed_check_digit']);
    expect(rows.length).toBeGreaterThan(40);
    expect(new Set(rows.map((r) => r.scheme))).toEqual(new Set(Object.keys(CHECKERS)));
  });

  it.each(rows.map((r) => [r.scheme, r.value, r.independent_check, r.computed_check_digit] as const))(
    '%s %s → %s',
    (scheme, value, expected, computed) => {
      const result = CHECKERS[scheme]!(value);
      expect(result.valid ? 'PASS' : 'FAIL').toBe(expected);
      if (!result.valid) expect(result.reason).toBeTruthy();
      if (computed !== '' && result.expectedCheckDigit !== undefined) expect(result.expectedCheckDigit).toBe(Number(computed));
    },
  );
});

describe('ISO 6346', () => {
  it('computes the check digit with letter values skipping multiples of 11', () => {
    expect(iso6346CheckDigit('CSQU305438')).toBe(3);
    // GYOU404799 sums to a remainder of 10, which gives check digit 0
    expect(iso6346CheckDigit('GYOU404799')).toBe(0);
    expect(iso6346CheckDigit('CSQU30543')).toBeUndefined();
  });
  it('accepts spaces and lower case, rejects a wrong category', () => {
    expect(checkContainerNumber('csqu 305438-3')).toMatchObject({ valid: true, normalized: 'CSQU3054383' });
    expect(checkContainerNumber('CSQX3054383')).toMatchObject({ valid: false, reason: expect.stringContaining('format') });
    expect(checkContainerNumber('CSQU3054384').reason).toBe('check digit 4, expected 3');
  });
});

describe('IMO and AWB', () => {
  it('accepts the IMO prefix', () => {
    expect(checkImoNumber('IMO 9319466').valid).toBe(true);
    expect(checkImoNumber('IMO9319467')).toMatchObject({ valid: false, expectedCheckDigit: 6 });
    expect(checkImoNumber('93194').reason).toMatch(/length/);
  });
  it('company numbers use their own weights', () => {
    expect(checkImoCompanyNumber('6342360').valid).toBe(true);
    expect(checkImoNumber('6342360').valid).toBe(false);
  });
  it('AWB serial mod 7', () => {
    expect(checkAwbNumber('123-1234 5675').valid).toBe(true);
    expect(checkAwbNumber('123-12345678')).toMatchObject({ valid: false, expectedCheckDigit: 5 });
    expect(checkAwbNumber('12A-12345675').reason).toMatch(/format/);
  });
});
