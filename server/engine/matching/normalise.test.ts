import { describe, expect, it } from 'vitest';
import { LEGAL_FORMS } from './legal-forms.ts';
import { cleanNameAscii, cleanNameLight, fingerprint, normaliseName } from './normalise.ts';
import { readFixture } from './test-helpers.ts';

describe('normalisation vectors (fingerprints)', () => {
  const rows = readFixture('normalisation-vectors.csv');
  it('has the vectors', () => expect(rows.length).toBeGreaterThanOrEqual(21));
  const fns: Record<string, (s: string) => string | null> = {
    fp: fingerprint,
    clean_name_ascii: cleanNameAscii,
    clean_name_light: cleanNameLight,
  };
  for (const r of rows) {
    const expected = r.expected_is_none === 'True' ? null : (r.expected ?? '');
    it(`${r.function}(${JSON.stringify(r.input)}) = ${JSON.stringify(expected)}`, () => {
      const fn = fns[r.function ?? ''];
      expect(fn, `unknown function ${r.function}`).toBeDefined();
      expect(fn!(r.input ?? '')).toBe(expected);
    });
  }
});

describe('normaliseName', () => {
  const texts = (name: string, schema?: string) =>
    normaliseName(name, schema)
      .tokens.filter((t) => t.kind !== 'particle')
      .map((t) => t.text);

  it('case, diacritics, punctuation, quotes', () => {
    expect(texts('  FRANÇOIS   Hollande!! ')).toEqual(['francois', 'hollande']);
    expect(texts('O\u2019Brien, Seán')).toEqual(['obrien', 'sean']);
    expect(texts('ООО «Ромашка»', 'Company')).toEqual(['romashka']);
    expect(texts('LLC "Iskusstvo Krasoty"', 'Company')).toEqual(['iskusstvo', 'krasoty']);
  });

  it('joins dotted abbreviations and splits hyphens', () => {
    expect(texts('J.P. Morgan & Co.', 'Company')).toEqual(['jp', 'morgan']);
    expect(texts('Kassym-Jomart Tokayev', 'Person')).toEqual(['kassym', 'jomart', 'tokayev']);
  });

  it('drops honorifics for persons and vessel prefixes', () => {
    expect(texts('Mr. Boaty McBoatface', 'Person')).toEqual(['boaty', 'mcboatface']);
    expect(texts('Sheikh Isa Bin Tarif', 'Person')).toEqual(['isa', 'tarif']);
    expect(normaliseName('M/V Snow Storm', 'Vessel').titles).toEqual(['mv']);
  });

  it('marks patronymics, initials, particles and the nasab', () => {
    const kinds = (name: string) => normaliseName(name, 'Person').tokens.map((t) => `${t.text}:${t.kind}`);
    expect(kinds('Сергей Викторович Лавров')).toContain('viktorovich:patronymic');
    expect(kinds('Roman Arkadyevich Abramovich')).toEqual(['roman:name', 'arkadyevich:patronymic', 'abramovich:name']);
    expect(kinds('FUAD ALIYEV ƏHMƏD OĞLU')).toContain('ahmad:patronymic');
    expect(kinds('V. Putin')).toEqual(['v:initial', 'putin:name']);
    const gens = normaliseName('SALMAN BIN MUHAMMAD AL-RAWI', 'Person').tokens.map((t) => `${t.text}:${t.gen}`);
    expect(gens).toEqual(['salman:0', 'bin:-1', 'muhammad:1', 'al:-1', 'rawi:-1']);
  });

  it('splits the attached Arabic article', () => {
    expect(normaliseName('عبد الفتاح السيسي', 'Person').tokens.map((t) => t.text)).toEqual(['bd', 'al', 'ftah', 'al', 'sisi']);
  });

  it('keeps legal forms out of the tokens for persons untouched', () => {
    expect(texts('Ao Li', 'Person')).toEqual(['ao', 'li']);
  });
});

describe('legal forms', () => {
  const codeOf = (name: string) => normaliseName(name, 'Company').legalForms.map((f) => f.code);

  // every form of the table is recognised at the end (and, when not edge-only, at the start)
  for (const def of LEGAL_FORMS) {
    for (const form of def.forms) {
      it(`${def.code}: "${form}"`, () => {
        const trailing = normaliseName(`Zarafshon Trans ${form}`, 'Company');
        expect(trailing.legalForms.map((f) => f.code)).toContain(def.code);
        expect(trailing.tokens.map((t) => t.text)).toEqual(['zarafshon', 'trans']);
        const leading = normaliseName(`${form} Zarafshon Trans`, 'Company');
        expect(leading.legalForms.map((f) => f.code)).toContain(def.code);
      });
    }
  }

  it.each([
    ['ООО «Газпром нефть»', ['LLC']],
    ['ТОО Казахстан Темир Жолы', ['LLP']],
    ['ЖШС «Қазақ Темір Жолы»', ['LLP']],
    ['"Uzbekneftegaz" AJ', ['JSC']],
    ['Artel Electronics MChJ', ['LLC']],
    ['Toshkent Tekstil XK', ['IE']],
    ['Samsung Electronics Co., Ltd.', ['LTD', 'CO']],
    ['Volkswagen Bank G.m.b.H.', ['GMBH']],
    ['Open Joint Stock Company Gasprom', ['OJSC']],
    ['TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY', ['JSC', 'CORP']],
    ['Bowne International de Mexico S.A. de C.V.', ['SA']],
    ['FABERLIC EUROPE Sp. z o.o.', ['SPZOO']],
    ['Mendez Norge A/S', ['AS']],
    ['შპს საქართველოს რკინიგზა', ['LLC']],
    ['Azərbaycan Hava Yolları QSC', ['CJSC']],
    ['Lucky Cement (Private) Limited', ['PVT']],
  ])('%s → %j', (name, codes) => {
    expect(codeOf(name)).toEqual(codes);
  });

  it('short ambiguous codes only at the edges', () => {
    expect(codeOf('Ao Shan Mining')).toEqual(['JSC']);
    expect(normaliseName('Shan Ao Mining', 'Company').tokens.map((t) => t.text)).toEqual(['shan', 'ao', 'mining']);
  });

  it('never removes the whole name', () => {
    expect(normaliseName('Company', 'Company').tokens.map((t) => t.text)).toEqual(['company']);
  });
});
