/**
 * Check digits of transport identifiers.
 *
 * - ISO 6346 container numbers: owner code (3 letters) + category identifier (U, J or Z) + 6-digit serial +
 *   check digit. Letters take the values 10..38 skipping multiples of 11 (A=10, B=12, … K=21, L=23, … U=32,
 *   V=34 …); character i (0-based) is weighted 2^i; check = (sum mod 11) mod 10.
 * - IMO ship identification number: 7 digits, first six weighted 7,6,5,4,3,2; check = sum mod 10.
 * - IMO unique company / registered owner number: 7 digits, first six weighted 8,6,4,2,9,7;
 *   check = (11 − sum mod 11) mod 10 (matches the labelled vectors in fixtures/check-digit-vectors.csv).
 * - IATA air waybill: 3-digit airline prefix + 8-digit serial; the last serial digit = first 7 digits mod 7.
 */

export interface CheckResult {
  valid: boolean;
  /** Normalised form (upper case, separators removed) when the format could be read. */
  normalized?: string;
  /** Why it is invalid: `format`, `length`, `check digit (expected N)`, … */
  reason?: string;
  /** The computed check digit when the format allowed computing it. */
  expectedCheckDigit?: number;
}

const CONTAINER_RE = /^[A-Z]{3}[UJZ]\d{7}$/;

function letterValue(ch: string): number {
  // A=10 … with values that are multiples of 11 skipped.
  let v = 10;
  for (let c = 65; c < ch.charCodeAt(0); c++) {
    v++;
    if (v % 11 === 0) v++;
  }
  return v;
}

const LETTER_VALUES: Record<string, number> = {};
for (let c = 65; c <= 90; c++) LETTER_VALUES[String.fromCharCode(c)] = letterValue(String.fromCharCode(c));

/** ISO 6346 check digit of the first 10 characters (owner, category, serial). Returns undefined if malformed. */
export function iso6346CheckDigit(first10: string): number | undefined {
  if (!/^[A-Z]{4}\d{6}$/.test(first10)) return undefined;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = first10[i] as string;
    const v = i < 4 ? (LETTER_VALUES[ch] as number) : ch.charCodeAt(0) - 48;
    sum += v * 2 ** i;
  }
  return (sum % 11) % 10;
}

/** Normalise a container number: upper case, spaces/hyphens/slashes removed. */
export function normalizeContainerNumber(value: string): string {
  return value.toUpperCase().replace(/[\s\-/.]/g, '');
}

export function checkContainerNumber(value: string): CheckResult {
  const n = normalizeContainerNumber(value);
  if (n.length !== 11) return { valid: false, normalized: n, reason: `length ${n.length}, expected 11` };
  if (!CONTAINER_RE.test(n)) {
    return { valid: false, normalized: n, reason: 'format: expected 3-letter owner code, category U/J/Z, 7 digits' };
  }
  const expected = iso6346CheckDigit(n.slice(0, 10)) as number;
  const actual = n.charCodeAt(10) - 48;
  if (expected !== actual) {
    return { valid: false, normalized: n, reason: `check digit ${actual}, expected ${expected}`, expectedCheckDigit: expected };
  }
  return { valid: true, normalized: n, expectedCheckDigit: expected };
}

function stripImoPrefix(value: string): string {
  return value.toUpperCase().replace(/^IMO[\s\-:]*/, '').replace(/\s/g, '');
}

/** IMO ship number, with or without an "IMO" prefix. */
export function checkImoNumber(value: string): CheckResult {
  const n = stripImoPrefix(value);
  if (!/^\d+$/.test(n)) return { valid: false, normalized: n, reason: 'format: expected 7 digits' };
  if (n.length !== 7) return { valid: false, normalized: n, reason: `length ${n.length}, expected 7` };
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (n.charCodeAt(i) - 48) * (7 - i);
  const expected = sum % 10;
  const actual = n.charCodeAt(6) - 48;
  if (expected !== actual) {
    return { valid: false, normalized: n, reason: `check digit ${actual}, expected ${expected}`, expectedCheckDigit: expected };
  }
  return { valid: true, normalized: n, expectedCheckDigit: expected };
}

const IMO_COMPANY_WEIGHTS = [8, 6, 4, 2, 9, 7] as const;

/** IMO unique company and registered owner identification number. */
export function checkImoCompanyNumber(value: string): CheckResult {
  const n = stripImoPrefix(value);
  if (!/^\d+$/.test(n)) return { valid: false, normalized: n, reason: 'format: expected 7 digits' };
  if (n.length !== 7) return { valid: false, normalized: n, reason: `length ${n.length}, expected 7` };
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (n.charCodeAt(i) - 48) * IMO_COMPANY_WEIGHTS[i]!;
  const expected = (11 - (sum % 11)) % 10;
  const actual = n.charCodeAt(6) - 48;
  if (expected !== actual) {
    return { valid: false, normalized: n, reason: `check digit ${actual}, expected ${expected}`, expectedCheckDigit: expected };
  }
  return { valid: true, normalized: n, expectedCheckDigit: expected };
}

/** Normalise an AWB number to 11 digits: `123-12345675`, `123 1234 5675` → `12312345675`. */
export function normalizeAwbNumber(value: string): string {
  return value.replace(/[\s\-.]/g, '');
}

export function checkAwbNumber(value: string): CheckResult {
  const n = normalizeAwbNumber(value);
  if (!/^\d+$/.test(n)) return { valid: false, normalized: n, reason: 'format: expected 3-digit prefix and 8-digit serial' };
  if (n.length !== 11) return { valid: false, normalized: n, reason: `length ${n.length}, expected 11` };
  const serial7 = Number(n.slice(3, 10));
  const expected = serial7 % 7;
  const actual = n.charCodeAt(10) - 48;
  if (expected !== actual) {
    return { valid: false, normalized: n, reason: `check digit ${actual}, expected ${expected}`, expectedCheckDigit: expected };
  }
  return { valid: true, normalized: n, expectedCheckDigit: expected };
}

/** `123-12345675` form of a normalised 11-digit AWB number. */
export function formatAwbNumber(normalized: string): string {
  return normalized.length === 11 ? `${normalized.slice(0, 3)}-${normalized.slice(3)}` : normalized;
}
