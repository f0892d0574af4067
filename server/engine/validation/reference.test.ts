import { describe, expect, it } from 'vitest';
import { createReferenceLookup, loadReferenceLookup, resolveReferenceDir } from './reference.ts';

describe('createReferenceLookup', () => {
  const ref = createReferenceLookup({ unlocodes: ['GEPTI'], iataCodes: ['TBS'], hsCodes: ['84', '8471', '847130', '03'] });
  it('looks codes up', () => {
    expect([ref.isUnlocode('GEPTI'), ref.isUnlocode('GEBUS'), ref.isIata('TBS'), ref.isIata('GEPTI')]).toEqual([true, false, true, false]);
    expect([ref.isCountry('GE'), ref.isCountry('KZ'), ref.isCountry('XK'), ref.isCountry('SU')]).toEqual([true, true, true, false]);
    expect([ref.isCurrency('GEL'), ref.isCurrency('KZT'), ref.isCurrency('RUR'), ref.isCurrency('XXX')]).toEqual([true, true, false, false]);
  });
  it('returns the deepest existing HS level', () => {
    expect(ref.hsCode('8471300000')).toBe('subheading');
    expect(ref.hsCode('847199')).toBe('heading');
    expect(ref.hsCode('849999')).toBe('chapter');
    expect(ref.hsCode('0302')).toBe('chapter');
    expect(ref.hsCode('99')).toBeUndefined();
  });
});

const dir = resolveReferenceDir();

describe.skipIf(dir === undefined)(`loadReferenceLookup (${dir ?? 'reference files not found'})`, () => {
  it('loads UN/LOCODE, IATA and HS 2022 from the reference CSV files', async () => {
    const ref = await loadReferenceLookup(dir!);
    for (const code of ['GEPTI', 'GEBUS', 'UAODS', 'KZAAU', 'TRAMR', 'CNSHA', 'AZBAK']) expect(ref.isUnlocode(code), code).toBe(true);
    expect(ref.isUnlocode('GEXXX')).toBe(false);
    for (const code of ['TBS', 'IST', 'GYD', 'ALA', 'KUT']) expect(ref.isIata(code), code).toBe(true);
    expect(ref.hsCode('847130')).toBe('subheading');
    expect(ref.hsCode('030262')).toBe('heading');
    expect(ref.hsCode('040900')).toBe('subheading');
  }, 60_000);
});
