/**
 * Seeded generator of synthetic watchlist names in mixed scripts (Latin,
 * Cyrillic ru/uk/kk, Georgian, Arabic/Persian) and of query variants
 * (exact, transliterated, typo'd, reordered). Used by the screening benchmark
 * and the index tests.
 *
 * Query romanisations use their own tables (ICAO 9303, German, French-style,
 * Uzbek Latin…), independent of the matcher's transliteration tables, so the
 * benchmark does not only measure agreement of a table with itself.
 */

export type Rng = () => number;

/** mulberry32 */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)] as T;
}

export type Culture = 'ru' | 'uk' | 'kk' | 'ka' | 'fa' | 'latin' | 'company-latin' | 'company-cyr';

export interface SyntheticEntity {
  id: string;
  schema: 'Person' | 'Company';
  culture: Culture;
  name: string;
}

const RU_GIVEN_M = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Евгений', 'Иван', 'Михаил', 'Николай', 'Юрий', 'Владимир', 'Олег', 'Виктор', 'Игорь', 'Рустам', 'Тимур', 'Ильдар', 'Руслан', 'Фёдор', 'Георгий', 'Вячеслав', 'Анатолий', 'Шамиль'];
const RU_GIVEN_F = ['Елена', 'Ольга', 'Наталья', 'Татьяна', 'Юлия', 'Ирина', 'Светлана', 'Екатерина', 'Анастасия', 'Мария', 'Ксения', 'Людмила'];
const UK_GIVEN = ['Олександр', 'Євген', 'Григорій', 'Дмитро', 'Олексій', 'Юрій', 'Василь', 'Тарас', 'Богдан', 'Ірина', 'Наталія', 'Оксана', 'Юлія', 'Андрій', 'Сергій', 'Володимир'];
const KK_GIVEN = ['Нұрлан', 'Асқар', 'Жанар', 'Әлия', 'Ғалым', 'Қайрат', 'Ерлан', 'Айгүл', 'Дәулет', 'Серік', 'Бауыржан', 'Гүлнар', 'Жомарт', 'Мұрат', 'Ақмарал', 'Нұрсұлтан'];
const CYR_SYL = ['ка', 'ра', 'ба', 'ми', 'ло', 'ше', 'то', 'ва', 'ни', 'де', 'гу', 'жа', 'ху', 'цо', 'чи', 'ща', 'ле', 'мо', 'за', 'ки', 'бо', 'да', 'ру', 'се', 'ти', 'фи', 'ю', 'я', 'ма', 'на', 'ко', 'по', 'го', 'хо', 'жу', 'ша', 'ча', 'су', 'ры', 'бы'];
const CYR_CODA = ['', 'р', 'л', 'н', 'м', 'с', 'к', 'т', 'х', 'ш'];
const RU_SUFFIX = ['ов', 'ев', 'ин', 'ский', 'цкий', 'ович', 'енков', 'аев', 'иев'];
const UK_SUFFIX = ['енко', 'ук', 'чук', 'ський', 'ович', 'ишин', 'ак'];
const KK_SUFFIX = ['баев', 'ов', 'ұлы', 'бекова', 'улы', 'ева', 'ханов'];

const KA_GIVEN = ['გიორგი', 'დავით', 'ნინო', 'თამარ', 'ლევან', 'ირაკლი', 'ბიძინა', 'მიხეილ', 'ეკატერინე', 'ზურაბ', 'ნიკოლოზ', 'სალომე', 'ლაშა', 'გოჩა', 'ხატია'];
const KA_SYL = ['ბა', 'გო', 'და', 'ვა', 'ზი', 'თა', 'კო', 'ლა', 'მა', 'ნა', 'პა', 'რე', 'სა', 'ტა', 'ფი', 'ქა', 'ღა', 'ყი', 'შა', 'ჩი', 'ცი', 'ძა', 'წე', 'ჭა', 'ხა', 'ჯა', 'ჰა', 'ო', 'ი'];
const KA_SUFFIX = ['შვილი', 'ძე', 'ია', 'ავა', 'ური', 'ანი'];

/** Persian given names with common Latin spellings. */
const FA_GIVEN: Array<[string, string[]]> = [
  ['محمد', ['Mohammad', 'Muhammad', 'Mohammed', 'Mohamad']],
  ['علی', ['Ali']],
  ['حسن', ['Hassan', 'Hasan']],
  ['حسین', ['Hossein', 'Hussein', 'Husain']],
  ['احمد', ['Ahmad', 'Ahmed']],
  ['رضا', ['Reza', 'Riza']],
  ['مهدی', ['Mehdi', 'Mahdi']],
  ['فاطمه', ['Fatemeh', 'Fatima']],
  ['زهرا', ['Zahra']],
  ['یوسف', ['Yousef', 'Yusuf', 'Yusef']],
  ['کریم', ['Karim', 'Kareem']],
  ['جواد', ['Javad', 'Jawad']],
  ['امیر', ['Amir']],
  ['مریم', ['Maryam', 'Mariam']],
  ['نسرین', ['Nasrin']],
  ['سعید', ['Saeed', 'Said']],
  ['عباس', ['Abbas']],
  ['مصطفی', ['Mostafa', 'Mustafa']],
];
/** Arabic-script consonant-vowel syllables with a romanisation (vowels written as Persians pronounce them). */
const FA_SYL: Array<[string, string]> = [
  ['با', 'ba'], ['تا', 'ta'], ['جا', 'ja'], ['خا', 'kha'], ['دا', 'da'], ['را', 'ra'], ['زا', 'za'], ['سا', 'sa'],
  ['شا', 'sha'], ['فا', 'fa'], ['کا', 'ka'], ['گا', 'ga'], ['لا', 'la'], ['ما', 'ma'], ['نا', 'na'], ['ها', 'ha'],
  ['بی', 'bi'], ['تی', 'ti'], ['دی', 'di'], ['ری', 'ri'], ['سی', 'si'], ['کی', 'ki'], ['می', 'mi'], ['نی', 'ni'],
  ['بو', 'bu'], ['دو', 'du'], ['رو', 'ru'], ['سو', 'su'], ['نو', 'nu'], ['مو', 'mu'], ['قا', 'qa'], ['غا', 'gha'],
];
const FA_CODA: Array<[string, string]> = [['ر', 'r'], ['ن', 'n'], ['م', 'm'], ['د', 'd'], ['ز', 'z'], ['ش', 'sh'], ['', '']];
const FA_SUFFIX: Array<[string, string]> = [['ی', 'i'], ['زاده', 'zadeh'], ['پور', 'pour'], ['یان', 'ian'], ['', '']];

const LATIN_GIVEN = ['John', 'Michael', 'Anna', 'Maria', 'Peter', 'Thomas', 'Laura', 'David', 'Sarah', 'Mehmet', 'Ayse', 'Ahmet', 'Emre', 'Elif', 'Bakhtiyor', 'Dilshod', 'Nodira', 'Sardor', 'Farrukh', 'Gulnora', 'Jamshid', 'Zarina', 'Oybek', 'Aziz', 'Kamola', 'Luca', 'Giulia', 'Jan', 'Eva', 'Lars', 'Ingrid'];
const LAT_SYL = ['ka', 'ro', 'ber', 'tin', 'mo', 'la', 'sen', 'der', 'vi', 'ko', 'ma', 'nel', 'par', 'shi', 'to', 'gu', 'lan', 'mir', 'zo', 'ha', 'dor', 'fel', 'bri', 'stan', 'wil', 'xo', 'jon', 'qul', 'yer', 'bek'];
const LAT_SUFFIX = ['son', 'er', 'ova', 'oglu', 'ov', 'yev', 'ini', 'sen', 'berg', 'ic', 'ez', 'man', ''];

const CO_WORDS_LAT = ['Global', 'Trans', 'Asia', 'Silk', 'Road', 'Cargo', 'Invest', 'Trade', 'Star', 'Nord', 'Alpha', 'Delta', 'Orient', 'Caspian', 'Steppe', 'Pamir', 'Tian', 'Shan', 'Logistics', 'Energy', 'Textile', 'Agro', 'Metal', 'Chem', 'Pharm', 'Auto', 'Build', 'Service', 'Export', 'Union', 'Capital', 'Group', 'Line', 'Way', 'Port', 'Gate', 'Bridge', 'Stone', 'River', 'Sun'];
const CO_WORDS_CYR = ['Азия', 'Транс', 'Шёлковый', 'Путь', 'Карго', 'Инвест', 'Трейд', 'Звезда', 'Север', 'Восток', 'Каспий', 'Степь', 'Памир', 'Тянь', 'Шань', 'Логистик', 'Энерго', 'Текстиль', 'Агро', 'Металл', 'Хим', 'Фарм', 'Авто', 'Строй', 'Сервис', 'Экспорт', 'Союз', 'Капитал', 'Групп', 'Жол', 'Темир', 'Қазақ', 'Ўзбек', 'Нефть', 'Газ'];
const LEGAL_LAT = ['LLC', 'Ltd', 'JSC', 'LLP', 'GmbH', 'MChJ', 'Inc.', 'Co., Ltd.', 'OJSC', 'CJSC'];
const LEGAL_CYR = ['ООО', 'ТОО', 'АО', 'ОАО', 'ЗАО', 'ПАО', 'ТОВ', 'ЖШС'];
/** Equivalent legal forms (for "reordered" company queries). */
const LEGAL_EQUIV: Record<string, string> = {
  ООО: 'LLC', ТОО: 'LLP', АО: 'JSC', ОАО: 'OJSC', ЗАО: 'CJSC', ПАО: 'PJSC', ТОВ: 'LLC', ЖШС: 'LLP', LLC: 'ООО', Ltd: 'Limited',
  JSC: 'АО', LLP: 'ТОО', GmbH: 'Gesellschaft mit beschränkter Haftung', MChJ: 'ООО', 'Inc.': 'Incorporated', 'Co., Ltd.': 'Company Limited',
  OJSC: 'ОАО', CJSC: 'ЗАО',
};

function cap(s: string): string {
  return s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s;
}

function syllables<T>(rng: Rng, syl: readonly T[], min: number, max: number): T[] {
  const n = min + Math.floor(rng() * (max - min + 1));
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(pick(rng, syl));
  return out;
}

function cyrSurname(rng: Rng, suffixes: readonly string[]): string {
  return cap(syllables(rng, CYR_SYL, 2, 3).join('') + pick(rng, CYR_CODA) + pick(rng, suffixes));
}

/** One synthetic watchlist entity. */
export function generateEntity(rng: Rng, id: string): SyntheticEntity {
  const r = rng();
  if (r < 0.2) {
    const female = rng() < 0.3;
    const given = female ? pick(rng, RU_GIVEN_F) : pick(rng, RU_GIVEN_M);
    let surname = cyrSurname(rng, RU_SUFFIX);
    if (female && /(ов|ев|ин)$/.test(surname)) surname += 'а';
    const parts = [surname, given];
    if (rng() < 0.4) parts.push(pick(rng, RU_GIVEN_M).replace(/(й|ь)$/, '') + (female ? 'овна' : 'ович'));
    return { id, schema: 'Person', culture: 'ru', name: rng() < 0.5 ? parts.join(' ') : [given, ...parts.slice(2), surname].join(' ') };
  }
  if (r < 0.32) {
    return { id, schema: 'Person', culture: 'uk', name: `${pick(rng, UK_GIVEN)} ${cyrSurname(rng, UK_SUFFIX)}` };
  }
  if (r < 0.44) {
    return { id, schema: 'Person', culture: 'kk', name: `${cyrSurname(rng, KK_SUFFIX)} ${pick(rng, KK_GIVEN)}` };
  }
  if (r < 0.54) {
    const surname = syllables(rng, KA_SYL, 2, 3).join('') + pick(rng, KA_SUFFIX);
    return { id, schema: 'Person', culture: 'ka', name: `${pick(rng, KA_GIVEN)} ${surname}` };
  }
  if (r < 0.66) {
    const [given] = pick(rng, FA_GIVEN);
    const syl = syllables(rng, FA_SYL, 2, 3);
    const coda = pick(rng, FA_CODA);
    const suf = pick(rng, FA_SUFFIX);
    return { id, schema: 'Person', culture: 'fa', name: `${given} ${syl.map((s) => s[0]).join('')}${coda[0]}${suf[0]}` };
  }
  if (r < 0.84) {
    const surname = cap(syllables(rng, LAT_SYL, 2, 3).join('') + pick(rng, LAT_SUFFIX));
    const given = pick(rng, LATIN_GIVEN);
    return { id, schema: 'Person', culture: 'latin', name: rng() < 0.2 ? `${given} ${cap(pick(rng, LAT_SYL))}${pick(rng, LAT_SYL)} ${surname}` : `${given} ${surname}` };
  }
  if (r < 0.94) {
    const words = syllables(rng, CO_WORDS_LAT, 1, 3);
    if (rng() < 0.5) words.push(cap(syllables(rng, LAT_SYL, 2, 3).join('')));
    return { id, schema: 'Company', culture: 'company-latin', name: `${words.join(' ')} ${pick(rng, LEGAL_LAT)}` };
  }
  const words = syllables(rng, CO_WORDS_CYR, 1, 2);
  words.push(cap(syllables(rng, CYR_SYL, 2, 3).join('')));
  return { id, schema: 'Company', culture: 'company-cyr', name: `${pick(rng, LEGAL_CYR)} «${words.join(' ')}»` };
}

// ---------------------------------------------------------------------------
// query romanisations (independent of translit.ts)

const ICAO: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y',
  ь: '', э: 'e', ю: 'iu', я: 'ia', є: 'ie', і: 'i', ї: 'i', ґ: 'g', ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h',
};
const GERMAN: Record<string, string> = {
  ...ICAO, ж: 'sh', з: 's', в: 'w', й: 'j', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ю: 'ju', я: 'ja', е: 'e', ы: 'y', ъ: '', є: 'je', ї: 'ji',
};
const FRENCH: Record<string, string> = {
  ...ICAO, ж: 'j', й: 'i', х: 'kh', у: 'ou', ч: 'tch', ш: 'ch', щ: 'chtch', ю: 'iou', я: 'ia', ъ: '', ы: 'y', ц: 'ts',
};
const SIMPLE: Record<string, string> = {
  ...ICAO, й: 'y', х: 'h', ю: 'yu', я: 'ya', ъ: '', ж: 'j', ц: 'c', щ: 'sch', е: 'e', қ: 'q', ғ: 'gh', ұ: 'u', ү: 'u', ә: 'a',
};
const UZ_LATIN: Record<string, string> = { ...SIMPLE, х: 'x', ш: 'sh', ч: 'ch', ж: 'j', ё: 'yo', ю: 'yu', я: 'ya', қ: 'q', ғ: "g'" };
const CYR_SYSTEMS = [ICAO, GERMAN, FRENCH, SIMPLE, UZ_LATIN];

const KA_VARIANTS: Record<string, string[]> = {
  ა: ['a'], ბ: ['b'], გ: ['g'], დ: ['d'], ე: ['e'], ვ: ['v'], ზ: ['z'], თ: ['t', 'th'], ი: ['i'], კ: ['k', "k'"], ლ: ['l'], მ: ['m'],
  ნ: ['n'], ო: ['o'], პ: ['p', "p'"], ჟ: ['zh', 'j'], რ: ['r'], ს: ['s'], ტ: ['t', "t'"], უ: ['u'], ფ: ['p', 'ph'], ქ: ['k', 'kh'],
  ღ: ['gh', 'g'], ყ: ['q', "q'", 'k'], შ: ['sh'], ჩ: ['ch'], ც: ['ts', 'c'], ძ: ['dz'], წ: ['ts', "ts'", 'tz'], ჭ: ['ch', "ch'", 'tch'],
  ხ: ['kh', 'x', 'h'], ჯ: ['j', 'dzh'], ჰ: ['h'],
};

function romaniseCyrillic(rng: Rng, name: string): string {
  const sys = pick(rng, CYR_SYSTEMS);
  return name
    .split(/\s+/)
    .map((w) => {
      const legal = LEGAL_EQUIV[w];
      if (legal && LEGAL_CYR.includes(w)) return legal;
      let out = '';
      for (const ch of w.toLowerCase()) out += sys[ch] ?? (/[«»"]/.test(ch) ? '' : ch);
      return cap(out);
    })
    .join(' ');
}

function romaniseGeorgian(rng: Rng, name: string): string {
  const variant = rng() < 0.5 ? 0 : 1;
  return name
    .split(/\s+/)
    .map((w) => {
      let out = '';
      for (const ch of w) {
        const v = KA_VARIANTS[ch];
        out += v ? (v[Math.min(variant, v.length - 1)] as string) : ch;
      }
      return cap(out);
    })
    .join(' ');
}

const LAT_TO_CYR: Array<[RegExp, string]> = [
  [/ph/g, 'ф'], [/th/g, 'т'], [/ck/g, 'к'], [/qu/g, 'кв'], [/ee/g, 'и'], [/oo/g, 'у'], [/ou/g, 'у'], [/x/g, 'кс'], [/shch/g, 'щ'], [/sh/g, 'ш'], [/ch/g, 'ч'], [/zh/g, 'ж'], [/kh/g, 'х'], [/ts/g, 'ц'], [/yu/g, 'ю'], [/ya/g, 'я'], [/yo/g, 'ё'],
  [/a/g, 'а'], [/b/g, 'б'], [/v/g, 'в'], [/w/g, 'в'], [/g/g, 'г'], [/d/g, 'д'], [/e/g, 'е'], [/z/g, 'з'], [/i/g, 'и'], [/y/g, 'й'],
  [/k/g, 'к'], [/l/g, 'л'], [/m/g, 'м'], [/n/g, 'н'], [/o/g, 'о'], [/p/g, 'п'], [/r/g, 'р'], [/s/g, 'с'], [/t/g, 'т'], [/u/g, 'у'],
  [/f/g, 'ф'], [/h/g, 'х'], [/c/g, 'к'], [/j/g, 'дж'], [/q/g, 'к'], [/x/g, 'кс'],
];

function cyrillicise(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => {
      let s = w.toLowerCase();
      for (const [re, rep] of LAT_TO_CYR) s = s.replace(re, rep);
      return cap(s);
    })
    .join(' ');
}

function romanisePersian(rng: Rng, name: string): string {
  const [givenAr, surname] = name.split(' ') as [string, string];
  const given = FA_GIVEN.find(([g]) => g === givenAr);
  const latinGiven = given ? pick(rng, given[1]) : givenAr;
  // rebuild the surname romanisation from the syllable tables (greedy longest match)
  let rest = surname;
  let out = '';
  const tables: Array<Array<[string, string]>> = [FA_SUFFIX.filter((x) => x[0].length > 0), FA_SYL, FA_CODA.filter((x) => x[0].length > 0)];
  while (rest.length > 0) {
    let matched = false;
    for (const table of tables) {
      for (const [ar, la] of [...table].sort((a, b) => b[0].length - a[0].length)) {
        if (rest.startsWith(ar)) {
          out += rng() < 0.2 && la.includes('u') ? la.replace('u', 'oo') : la;
          rest = rest.slice(ar.length);
          matched = true;
          break;
        }
      }
      if (matched) break;
    }
    if (!matched) rest = rest.slice(1);
  }
  return `${latinGiven} ${cap(out)}`;
}

export type VariantKind = 'exact' | 'translit' | 'typo' | 'reordered';

/** Romanise (or, for Latin names, Cyrillicise) a name the way another clerk would. */
export function transliterationVariant(rng: Rng, e: SyntheticEntity): string {
  switch (e.culture) {
    case 'ru':
    case 'uk':
    case 'kk':
    case 'company-cyr':
      return romaniseCyrillic(rng, e.name);
    case 'ka':
      return romaniseGeorgian(rng, e.name);
    case 'fa':
      return romanisePersian(rng, e.name);
    case 'latin':
      return cyrillicise(e.name);
    case 'company-latin': {
      const parts = e.name.split(' ');
      const legal = [...LEGAL_LAT].sort((a, b) => b.length - a.length).find((l) => e.name.endsWith(l));
      const body = legal ? e.name.slice(0, -legal.length).trim() : parts.join(' ');
      return `${legal ? (LEGAL_EQUIV[legal] ?? legal) : ''} ${cyrillicise(body)}`.trim();
    }
    default:
      return e.name;
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** One or two random edits in the longest word (substitute, delete, insert, transpose). */
export function typoVariant(rng: Rng, name: string): string {
  const words = name.split(' ');
  let wi = 0;
  for (let i = 1; i < words.length; i++) if ((words[i] as string).length > (words[wi] as string).length) wi = i;
  let w = Array.from(words[wi] as string);
  const edits = w.length >= 9 && rng() < 0.5 ? 2 : 1;
  const word = w.join('');
  const alphabet = /[a-z]/i.test(word)
    ? LOWER
    : /[\u0600-\u06ff]/u.test(word)
      ? 'ابتجحخدرزسشصطعفقکگلمنوهی'
      : /[\u10a0-\u10ff]/u.test(word)
        ? 'აბგდევზთიკლმნოპრსტუფქღყშჩცძწჭხჯ'
        : 'абвгдежзиклмнопрстуфхцчшщыэюя';
  for (let k = 0; k < edits; k++) {
    const pos = 1 + Math.floor(rng() * Math.max(1, w.length - 2));
    const op = Math.floor(rng() * 4);
    const ch = alphabet[Math.floor(rng() * alphabet.length)] as string;
    if (op === 0) w[pos] = ch;
    else if (op === 1 && w.length > 4) w.splice(pos, 1);
    else if (op === 2) w.splice(pos, 0, ch);
    else if (pos + 1 < w.length) [w[pos], w[pos + 1]] = [w[pos + 1] as string, w[pos] as string];
    w = w.filter((c) => c !== undefined);
  }
  words[wi] = w.join('');
  return words.join(' ');
}

/** Tokens in another order; company legal forms moved to the other end and swapped for an equivalent. */
export function reorderVariant(rng: Rng, e: SyntheticEntity): string {
  if (e.schema === 'Company') {
    const forms = [...LEGAL_LAT, ...LEGAL_CYR].sort((a, b) => b.length - a.length);
    const form = forms.find((f) => e.name.startsWith(f) || e.name.endsWith(f));
    if (form) {
      const body = (e.name.startsWith(form) ? e.name.slice(form.length) : e.name.slice(0, -form.length)).trim();
      const other = LEGAL_EQUIV[form] ?? form;
      return e.name.startsWith(form) ? `${body} ${other}` : `${other} ${body}`;
    }
  }
  const words = e.name.split(' ');
  if (words.length < 2) return e.name;
  const k = 1 + Math.floor(rng() * (words.length - 1));
  return [...words.slice(k), ...words.slice(0, k)].join(' ');
}

export function makeVariant(rng: Rng, e: SyntheticEntity, kind: VariantKind): string {
  switch (kind) {
    case 'exact':
      return e.name;
    case 'translit':
      return transliterationVariant(rng, e);
    case 'typo':
      return typoVariant(rng, e.name);
    case 'reordered':
      return reorderVariant(rng, e);
    default:
      return e.name;
  }
}
