import { describe, expect, it } from 'vitest';
import { compareNames, DEFAULT_THRESHOLD } from './compare.ts';

const score = (a: string, b: string, schema?: string) => compareNames(a, b, schema).score;

describe('compareNames: cross-script and romanisation variants match', () => {
  it.each([
    ['Ахмедов Рустам', 'Rustam Akhmedov', 'Person'],
    ['Ахмедов Рустам', 'Rustam Ahmedov', 'Person'],
    ['ТОО Казахстан Темир Жолы', 'Kazakhstan Temir Zholy LLP', 'Company'],
    ['თბილისი', 'Tbilisi', undefined],
    ['محمد', 'Mohammad', 'Person'],
    ['محمد', 'Muhammad', 'Person'],
    ['عمران خان', 'Imran Khan', 'Person'],
    ['شهباز شریف', 'Shehbaz Sharif', 'Person'],
    ['Сергей Викторович Лавров', 'Sergey Lavrov', 'Person'],
    ['Лавров Сергей Викторович', 'Sergey Viktorovich LAVROV', 'Person'],
    ['Володимир Зеленський', 'Volodymyr Zelenskyy', 'Person'],
    ['Wolodymyr Selenskyj', 'Volodymyr Zelenskyy', 'Person'],
    ['Щербаков Юрий', 'Scherbakow Juri', 'Person'],
    ['Хасанов Ильхом', 'Xasanov Ilxom', 'Person'],
    ['Жумабаев Нурлан', 'Jumabaev Nurlan', 'Person'],
    ['Қасым-Жомарт Тоқаев', 'Kassym-Jomart Tokayev', 'Person'],
    ['Шавкат Мирзиёев', 'Shavkat Mirziyoyev', 'Person'],
    ['Ўктам Ғафуров', 'Oktam Gafurov', 'Person'],
    ['ბიძინა ივანიშვილი', 'Bidzina Ivanishvili', 'Person'],
    ['Նիկոլ Փաշինյան', 'Nikol Pashinyan', 'Person'],
    ['Mohammed bin Salman', 'Muhammad bin Salman', 'Person'],
    ['Aliev Ilham', 'Ilham Aliyev', 'Person'],
    ['Smirnoff Ivan', 'Ivan Smirnov', 'Person'],
    ['ООО «Газпром Нефть»', 'Gazprom Neft OOO', 'Company'],
    ['ПАО Газпром', 'Gazprom PJSC', 'Company'],
    ['АО "Узбекнефтегаз"', 'Uzbekneftegaz JSC', 'Company'],
    ['Artel Electronics MChJ', 'ООО Artel Electronics', 'Company'],
  ])('%s ~ %s', (a, b, schema) => {
    const r = compareNames(a, b, schema);
    expect(r.match, `${r.score} ${r.explanation.summary}`).toBe(true);
  });
});

describe('compareNames: typos, order, punctuation', () => {
  it('is order independent', () => {
    expect(score('John Smith', 'Smith, John', 'Person')).toBe(1);
    expect(score('Putin Vladimir', 'Vladimir Putin', 'Person')).toBe(1);
  });
  it('tolerates typos and reports the distance', () => {
    const r = compareNames('Vladimir Pudin', 'Vladimir Putin', 'Person');
    expect(r.match).toBe(true);
    const m = r.explanation.matches.find((x) => x.b === 'putin');
    expect(m?.distance).toBe(1);
    expect(score('Mikhail Khordorovsky', 'Mikhail Khodorkovsky', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
  it('handles glued words and initials', () => {
    expect(score('Ramimakhlouf', 'Rami Makhlouf', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('V. Putin', 'Vladimir Putin', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('U.S. Department of State', 'United States Department of State', 'Organization')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
  it('is symmetric and in [0, 1]', () => {
    const pairs: Array<[string, string]> = [
      ['Ахмедов Рустам', 'Rustam Akhmedov'],
      ['Barack Obama', 'Michelle Obama'],
      ['Siemens AG', 'Siemens Aktiengesellschaft'],
      ['', 'John'],
    ];
    for (const [a, b] of pairs) {
      const x = score(a, b);
      expect(x).toBe(score(b, a));
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });
});

describe('compareNames: negatives', () => {
  it.each([
    ['Barack Obama', 'Michelle Obama', 'Person'],
    ['Rustam Akhmedov', 'Ruslan Akhmedov', 'Person'],
    ['Rustam Akhmedov', 'Rustam Mahmudov', 'Person'],
    ['Иванов Иван Петрович', 'Ivanov Ivan Sergeyevich', 'Person'],
    ['Sergey Viktorovich Lavrov', 'Sergey Borisovitch Lavrov', 'Person'],
    ['SALMAN BIN MUHAMMAD AL-RAWI', 'MUHAMMAD BIN SALMAN AL-RAWI', 'Person'],
    ['BARZAN IBRAHIM HASSAN AL-MOSULI', 'BARZAN IBRAHIM HASSAN AL-TIKRITI', 'Person'],
    ['HABIB BEN MOHAMED AL-LOUBIRI', 'HABIB BEN AHMED AL-LOUBIRI', 'Person'],
    ['Mohammad Rahimi', 'Mahmood Rahimi', 'Person'],
    ['WALIJAN ABDUL GHAFOOR HAQQANI', 'WALIJAN', 'Person'],
    ['Saudi Arabian Gas Company', 'Saudi Arabian Oil Company', 'Company'],
    ['LXC Aviation', 'LAU Aviation', 'Company'],
    ['Bank of China (Hong Kong) Limited', 'Bank of China (Singapore) Limited', 'Company'],
    ['Snow', 'Snoe', 'Vessel'],
  ])('%s ≠ %s', (a, b, schema) => {
    const r = compareNames(a, b, schema);
    expect(r.match, `${r.score} ${r.explanation.summary}`).toBe(false);
  });
});

describe('explanation', () => {
  it('lists how each token matched', () => {
    const r = compareNames('Ахмедов Рустам Хасанович', 'Rustam Akhmedov', 'Person');
    const kinds = Object.fromEntries(r.explanation.matches.map((m) => [m.a ?? m.b, m.kind]));
    expect(kinds).toEqual({ ахмедов: 'translit', рустам: 'translit', хасанович: 'missing' });
    expect(r.explanation.summary).toContain('ахмедов ≈ akhmedov (translit)');
  });
  it('reports conflicts, phonetic matches and penalties', () => {
    const r = compareNames('Sergey Viktorovich Lavrov', 'Sergey Borisovitch Lavrov', 'Person');
    expect(r.explanation.penalties).toContain('patronymics differ');
    const p = compareNames('Usama bin Ladin', 'Osama bin Laden', 'Person');
    expect(p.explanation.matches.map((m) => m.kind)).toContain('phonetic');
    const c = compareNames('Bowne of Atlanta, Inc.', 'Bowne of Boston, Inc.', 'Company');
    expect(c.explanation.matches.filter((m) => m.kind === 'conflict')).toHaveLength(2);
  });
  it('keeps the legal form as a feature', () => {
    const same = compareNames('OAO Gazprom', 'Gazprom JSC', 'Company');
    expect(same.explanation.legalForms).toEqual({ a: ['OJSC'], b: ['JSC'], compatible: true });
    const diff = compareNames('Gazprom LLC', 'Gazprom JSC', 'Company');
    expect(diff.explanation.legalForms.compatible).toBe(false);
    expect(diff.score).toBeLessThan(same.score);
    expect(diff.explanation.penalties.join()).toMatch(/legal forms differ/);
    // a missing legal form costs nothing
    expect(score('Iskusstvo Krasoty', 'LIMITED LIABILITY COMPANY ISKUSSTVO KRASOTY', 'Company')).toBe(1);
  });
});

describe('schema-aware rules', () => {
  it('a single name token does not match a full person name', () => {
    expect(compareNames('SHAMSUDDIN', 'SHAMSUDDIN MOHAMMED HAQQANI', 'Person').explanation.penalties).toContain(
      'single name token against a full name',
    );
  });
  it('an extra word costs a company (sister entity) more than a person (missing middle name)', () => {
    expect(score('Umar Patek Anshori', 'Umar Patek', 'Person')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('Bowne Global Solutions Denmark', 'Bowne Global Solutions', 'Company')).toBeLessThan(
      score('Umar Patek Anshori', 'Umar Patek', 'Person'),
    );
  });
  it('initials only count for persons', () => {
    expect(score('V Putin', 'Vladimir Putin', 'Person')).toBeGreaterThan(score('V Putin', 'Vladimir Putin', 'Company'));
  });
});
