import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect.ts';

const b = (s: string) => Buffer.from(s);

describe('detectFormat', () => {
  it.each([
    ["UNA:+.? 'UNB+UNOC:3", undefined, 'cuscar'],
    ["\uFEFF\r\nUNB+UNOW:4+S", 'x.txt', 'cuscar'],
    ['UNB\x1dUNOB', undefined, 'cuscar'],
    ["UNH+1+CUSCAR:D:95B:UN'", undefined, 'cuscar'],
    ['  [ {"documentType"', 'manifest.csv', 'json'],
    ['{"a":1}\n{"a":2}', undefined, 'json'],
    ['documentNumber,hsCode\nBL1,847130', undefined, 'csv'],
    ['Коносамент;Код ТН ВЭД', undefined, 'csv'],
    ['whatever', 'file.ndjson', 'json'],
    ['whatever', 'FILE.EDI', 'cuscar'],
    ['UNBELIEVABLE,1\n', undefined, 'csv'],
    ['plain text', 'notes', undefined],
    ['', undefined, undefined],
  ] as const)('%j (%s) → %s', (head, name, expected) => expect(detectFormat(b(head), name)).toBe(expected));
});
