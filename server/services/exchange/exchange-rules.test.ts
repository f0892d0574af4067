import { describe, expect, it } from 'vitest';
import { forwardRefusal } from '../../policies/warning.policy.ts';
import { cleanFilename, sniffType } from './attachments.service.ts';
import { factsFor, redactFacts } from './redaction.ts';

describe('TLP 2.0 forwarding rules', () => {
  const cases: [string, { country: string }[], boolean][] = [
    ['CLEAR', [{ country: 'UZ' }], true],
    ['GREEN', [{ country: 'UZ' }, { country: 'KZ' }], true],
    ['AMBER', [{ country: 'KZ' }], true],
    ['AMBER', [{ country: 'KZ' }, { country: 'UZ' }], false],
    ['AMBER+STRICT', [{ country: 'KZ' }], false],
    ['RED', [{ country: 'KZ' }], false],
  ];
  it.each(cases)('%s to %j by KZ → allowed=%s', (tlp, to, allowed) => {
    expect(forwardRefusal(tlp as never, 'KZ', to) === null).toBe(allowed);
  });
});

describe('attachment types by magic bytes', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP')], 'image/webp'],
    [[...Buffer.from('%PDF-1.4')], 'application/pdf'],
    [[...Buffer.from('MZ')], null],
    [[...Buffer.from('<svg xmlns=')], null],
    [[], null],
  ])('%j → %s', (bytes, type) => expect(sniffType(Buffer.from(bytes as number[]))).toBe(type));
  it('keeps only a safe base name', () => {
    expect(cleanFilename('..\\..\\a"b\u0007.pdf')).toBe('ab.pdf');
    expect(cleanFilename('/')).toBe('attachment');
  });
});

describe('redaction', () => {
  const w = { redactPersonal: true, senderCountry: 'GE', facts: { containers: ['X'], documents: [], parties: [{ name: 'Ivan Petrov', role: 'consignee', country: 'KZ' }] } };
  it('keeps role and country, hides the name, outside the sender country only', () => {
    expect(redactFacts(w.facts).parties).toEqual([{ name: '[redacted]', role: 'consignee', country: 'KZ' }]);
    expect(factsFor({ country: 'KZ' }, w).parties[0]!.name).toBe('[redacted]');
    expect(factsFor({ country: 'GE' }, w).parties[0]!.name).toBe('Ivan Petrov');
    expect(factsFor({ country: 'KZ' }, { ...w, redactPersonal: false }).parties[0]!.name).toBe('Ivan Petrov');
  });
});
