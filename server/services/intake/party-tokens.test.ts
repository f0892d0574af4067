import { describe, expect, it } from 'vitest';
import { searchKey } from './consignment-rows.ts';
import { legalTokens, nameWords, NO_NUMBER, partyTokens, wordsOfNames } from './party-tokens.ts';
import { maxEdits, oneEditVariants, skeleton } from '../risk/retrohunt.ts';
import { damerauLevenshtein } from '../../engine/matching/distance.ts';

describe('party-name tokens', () => {
  it('keeps the identifying words of a folded name, without legal forms, and counts the non-number words', () => {
    expect(partyTokens(searchKey('ТОО "Каспий Логистик"'))).toEqual(['kaspi', 'logistik', '#2', NO_NUMBER]);
    expect(partyTokens(searchKey('Kaspiy Logistik LLC 421'))).toEqual(['kaspi', 'logistik', '421', '#2']);
    expect(partyTokens(searchKey('Иван Иванович Петров'))).toEqual(['ivan', 'ivanovic', 'petrov', '#3', NO_NUMBER]);
    // Repeated words once; a name of legal forms only has no words.
    expect(partyTokens(searchKey('Trans Trans Cargo GmbH'))).toEqual(['trans', 'cargo', '#2', NO_NUMBER]);
    expect(partyTokens(searchKey('LLC'))).toEqual(['#0', NO_NUMBER]);
  });

  it('knows legal forms of the region after folding (ООО, ТОО, MChJ, LLP…) and not ordinary words', () => {
    for (const form of ['ООО', 'ТОО', 'MChJ', 'LLP', 'GmbH', 'Ltd', 'JSC', 'ЖШС']) expect(legalTokens().has(searchKey(form)), form).toBe(true);
    for (const word of ['trading', 'logistik', 'petrov', 'sea']) expect(legalTokens().has(word), word).toBe(false);
  });

  it('collects the distinct words of several names (for the dictionary)', () => {
    expect(wordsOfNames(['Kaspiy Logistik LLC', 'Каспий Трейд', 'Kaspiy Logistik LLC']).sort()).toEqual(['kaspi', 'logistik', 'treid']);
    expect(nameWords('')).toEqual([]);
  });
});

describe('spelling groups of a retro-hunt', () => {
  it('one-edit variants are exactly the strings at distance 1 over the folded alphabet', () => {
    const vs = oneEditVariants('421');
    expect(vs).toEqual(expect.arrayContaining(['42', '41', '21', '241', '412', '4210', '420', '321']));
    expect(vs).not.toContain('421');
    for (const v of vs) expect(damerauLevenshtein('421', v), v).toBe(1);
    // 3 deletions + 2 transpositions + substitutions and insertions over 36 letters and digits, de-duplicated.
    expect(new Set(vs).size).toBe(vs.length);
    expect(vs.length).toBeGreaterThan(200);
  });

  it('allows more edits for longer words, and skeletons drop vowels only', () => {
    expect([1, 4, 5, 8, 9, 14].map(maxEdits)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(skeleton('treid')).toBe(skeleton('trade'));
    expect(skeleton('mohammad')).toBe(skeleton('muhammad'));
    expect(skeleton('silk')).toBe('slk');
  });
});
