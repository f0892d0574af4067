/**
 * Name normalisation: case, diacritics, punctuation, abbreviations, legal
 * forms, titles, particles, romanisation and per-token phonetic keys.
 */
import { LEGAL_FORMS, matchLegalFormAt, type FormWord, type LegalFamily, type LegalFormHit } from './legal-forms.ts';
import { altPhoneticKey, consonantKey, phoneticKey } from './phonetic.ts';
import { detectCyrillicLang, isoAscii, translitWord, type Script } from './translit.ts';

/** Coarse schema classes used by the matcher. */
export type SchemaClass = 'person' | 'org' | 'vessel' | 'any';

/** FollowTheMoney schema name (Person, Company, Organization, LegalEntity, Vessel, …) or a SchemaClass. */
export type SchemaInput = string | undefined | null;

export function schemaClass(schema: SchemaInput): SchemaClass {
  if (!schema) return 'any';
  switch (schema.trim().toLowerCase()) {
    case 'person':
      return 'person';
    case 'company':
    case 'organization':
    case 'organisation':
    case 'publicbody':
    case 'org':
      return 'org';
    case 'vessel':
    case 'airplane':
    case 'aircraft':
      return 'vessel';
    default:
      return 'any';
  }
}

export type TokenKind = 'name' | 'common' | 'particle' | 'patronymic' | 'initial' | 'number';

export interface NameToken {
  /** As written, lower case. */
  original: string;
  /** ASCII romanisation (or the original for scripts without a table). */
  text: string;
  /** Phonetic key (see phonetic.ts). */
  key: string;
  /** Alternative phonetic key (j read as y), equal to `key` for most tokens. */
  key2: string;
  /** Consonant skeleton of the key. */
  ckey: string;
  script: Script;
  /** Written in a script without short vowels (Arabic): compare consonant skeletons. */
  vowelless: boolean;
  kind: TokenKind;
  /** Importance in the score (0 for particles). */
  weight: number;
  /** Position in an Arabic nasab chain: 0 own name, 1 after the first "bin", …; -1 unknown. */
  gen: number;
}

export interface NormalisedName {
  original: string;
  schema: SchemaClass;
  tokens: NameToken[];
  legalForms: LegalFormHit[];
  /** Removed honorifics and vessel prefixes. */
  titles: string[];
  /** Space-joined ASCII text of the tokens (particles excluded). */
  key: string;
}

// ---------------------------------------------------------------------------
// word lists

const PARTICLES = new Set([
  'and', 'of', 'the', 'for', 'de', 'da', 'das', 'do', 'dos', 'du', 'des', 'del', 'della', 'di', 'la', 'le', 'les',
  'van', 'von', 'der', 'den', 'ter', 'zu', 'y', 'e', 'al', 'el', 'bin', 'ibn', 'ben', 'bint', 'binti', 'bte', 'ul',
  'ur', 'ud', 'uz', 'ad', 'ar', 'an', 'at', 'az', 'ash', 'as', 'und', 'et', 'i', 'и', 'і', 'va', 'ва', 'və',
  'jr', 'sr', 'junior', 'senior', 'na',
]);
const NASAB = new Set(['bin', 'ibn', 'ben', 'bint', 'binti', 'bte', 'ould', 'wuld', 'ibnu']);
const ARTICLE = new Set(['al', 'el', 'ul', 'ad', 'ar', 'an', 'at', 'az', 'ash', 'as']);
/** Turkic patronymic markers: the word before is the father's name. */
const PATRONYMIC_MARKERS = new Set([
  'oglu', 'ogly', 'ogli', 'ugli', 'uly', 'ulu', 'kyzy', 'qizi', 'gizi', 'kizi', 'qyzy', 'uulu',
]);
const PATRONYMIC_SUFFIX = /(ovich|evich|ovych|evych|ovitch|evitch|owitsch|ewitsch|ovna|evna|ivna|ichna|ich|ogly|oglu|uly|kyzy)$/;

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'sheikh', 'shaikh', 'shaykh', 'sheik',
  'cheikh', 'haji', 'hajji', 'hadji', 'alhaji', 'alhajji', 'mullah', 'mulla', 'mawlawi', 'maulvi', 'maulavi',
  'maulana', 'mawlana', 'mufti', 'gen', 'general', 'col', 'colonel', 'maj', 'major', 'capt', 'captain', 'lt', 'sgt',
  'hon', 'rev', 'herr', 'frau', 'mme', 'mlle', 'monsieur', 'madame', 'sayyidna', 'господин', 'госпожа', 'г-н',
]);
const VESSEL_PREFIXES = new Set(['mv', 'mt', 'ss', 'fv', 'sv', 'rv', 'my', 'mfv', 'lng', 'lpg', 'tb', 'ms']);

/** Very frequent given-name elements (Arabic/Persian/Central Asian), down-weighted. */
const COMMON_PERSON = [
  'mohammad', 'mohammed', 'muhammad', 'muhammed', 'mohamed', 'mohamad', 'muhamad', 'mukhammad', 'mukhammed',
  'magomed', 'mehmet', 'ahmad', 'ahmed', 'akhmad', 'akhmed', 'ali', 'abdul', 'abdel', 'abd', 'abdal', 'abdol', 'abu',
  'abou', 'khan', 'sayed', 'sayyid', 'syed', 'sayyed', 'mir', 'mirza', 'shah', 'hassan', 'hasan', 'khasan',
  'hussein', 'husain', 'hussain', 'husayn', 'ibrahim', 'abdullah', 'abdallah', 'abdulla', 'mustafa', 'mostafa',
  'omar', 'umar', 'gul', 'din', 'uddin', 'ullah', 'allah', 'nur', 'noor', 'qari', 'agha', 'aga',
];
const COMMON_ORG = [
  'group', 'groupe', 'gruppe', 'grupo', 'gruppa', 'holding', 'holdings', 'international', 'global', 'trading', 'trade',
  'traders', 'services', 'service', 'solutions', 'industries', 'industrial', 'industry', 'enterprise', 'enterprises',
  'partners', 'capital', 'investment', 'investments', 'invest', 'management', 'construction', 'consulting',
  'development', 'logistics', 'logistic', 'transport', 'general', 'national', 'commercial', 'association',
  'organization', 'organisation', 'foundation', 'products', 'technologies', 'technology', 'systems', 'resources',
  'energy', 'import', 'export', 'torgovyy', 'dom', 'stroy', 'servis', 'treyd', 'invest', 'company',
];
const SYNONYMS: Record<string, string> = {
  intl: 'international', natl: 'national', mfg: 'manufacturing', bros: 'brothers', assn: 'association',
  dept: 'department', govt: 'government', organisation: 'organization', centre: 'center',
};

const COMMON_PERSON_KEYS = new Set(COMMON_PERSON.map((w) => phoneticKey(w)));
const COMMON_PERSON_CKEYS = new Set(COMMON_PERSON.map((w) => consonantKey(phoneticKey(w))).filter((k) => k.length >= 2));
const COMMON_ORG_TEXT = new Set(COMMON_ORG);

const ROMAN = /^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/;

// ---------------------------------------------------------------------------
// text pre-processing

const APOSTROPHES = /['’ʼʻ`´ʹʽ‘ʿʾ]/gu;
const QUOTES = /["«»“”„‟‹›「」『』]/gu;
const DOTTED_ABBREV = /(?<![\p{L}\p{N}])(?:\p{L}\.){1,}\p{L}(?![\p{L}\p{N}])\.?/gu;
const SLASHED_LETTERS = /(?<![\p{L}\p{N}])(\p{L})\/(\p{L})(?![\p{L}\p{N}])/gu;
const WORD_SPLIT = /[^\p{L}\p{M}\p{N}]+/u;

/** Lower-case words of a name, punctuation removed, dotted abbreviations joined (J.P. → jp). */
export function splitWords(name: string): string[] {
  let s = name.normalize('NFKC').toLowerCase();
  s = s.replace(APOSTROPHES, '').replace(QUOTES, ' ');
  s = s.replace(DOTTED_ABBREV, (m) => m.replace(/\./g, ''));
  s = s.replace(SLASHED_LETTERS, '$1$2');
  s = s.replace(/&/g, ' and ').replace(/\+/g, ' and ');
  const out: string[] = [];
  for (const w of s.split(WORD_SPLIT)) {
    if (!w) continue;
    // Han / Hangul / Kana words: one token per character (names are written without spaces)
    if (/^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]{2,}$/u.test(w)) {
      for (const ch of w) out.push(ch);
    } else out.push(w);
  }
  return out;
}

// ---------------------------------------------------------------------------

interface Word extends FormWord {
  phon: string;
  alt?: string;
  script: Script;
  particle?: boolean;
}

function toWords(name: string): Word[] {
  const lang = detectCyrillicLang(name);
  const words: Word[] = [];
  for (const raw of splitWords(name)) {
    const t = translitWord(raw, lang);
    if (t.script === 'arabic' && raw.startsWith('ال') && Array.from(raw).length >= 4) {
      // Arabic definite article written attached: السوداني → al + sudani
      const rest = translitWord(raw.slice(2), lang);
      words.push({ raw: 'ال', text: 'al', phon: 'a|l', script: 'arabic', particle: true });
      words.push({ raw: raw.slice(2), text: rest.text, phon: rest.phon, script: 'arabic' });
      continue;
    }
    if (!t.text) continue;
    const syn = SYNONYMS[t.text];
    words.push({ raw, text: syn ?? t.text, phon: syn ?? t.phon, script: t.script, ...(t.alt ? { alt: t.alt } : {}) });
  }
  return words;
}

function extractLegalForms(words: Word[]): { rest: Word[]; forms: LegalFormHit[] } {
  const forms: LegalFormHit[] = [];
  let ws = words;
  const hit = (start: number, len: number, code: string, family: LegalFamily) => {
    forms.push({ code, family, text: ws.slice(start, start + len).map((w) => w.raw).join(' ') });
  };
  // leading forms: ООО «Ромашка», OAO Gazprom
  for (;;) {
    const m = matchLegalFormAt(ws, 0, true);
    if (!m || m.length >= ws.length) break;
    hit(0, m.length, m.def.code, m.def.family);
    ws = ws.slice(m.length);
  }
  // trailing forms: Samsung Electronics Co., Ltd.
  for (;;) {
    let best: { start: number; len: number; code: string; family: LegalFamily } | null = null;
    for (let len = Math.min(6, ws.length - 1); len >= 1; len--) {
      const start = ws.length - len;
      const m = matchLegalFormAt(ws, start, true);
      if (m && m.length === len) {
        best = { start, len, code: m.def.code, family: m.def.family };
        break;
      }
    }
    if (!best) break;
    hit(best.start, best.len, best.code, best.family);
    ws = ws.slice(0, best.start);
  }
  // unambiguous long forms anywhere: "… Corporation of China", "Joint Stock Company …"
  for (let i = 0; i < ws.length && ws.length > 1; i++) {
    const m = matchLegalFormAt(ws, i, false);
    if (!m || m.length >= ws.length) continue;
    const first = ws[i] as Word;
    if (m.length === 1 && Array.from(first.raw).length < 6) continue;
    hit(i, m.length, m.def.code, m.def.family);
    ws = [...ws.slice(0, i), ...ws.slice(i + m.length)];
    i--;
  }
  return { rest: ws, forms };
}

function isNumberWord(text: string, schema: SchemaClass, index: number, count: number): boolean {
  if (/^\d+$/.test(text)) return true;
  if (schema === 'person') return false;
  if (!ROMAN.test(text)) return false;
  if (text.length >= 2) return index > 0;
  return index > 0 && index === count - 1;
}

/** Weight of a token in the score, from its kind and form (exported for the index's stored tokens). */
export function tokenWeight(kind: TokenKind, text: string, ckey: string, vowelless: boolean, script: Script): number {
  switch (kind) {
    case 'particle':
      return 0;
    case 'initial':
      return 0.3;
    case 'number':
      return 0.4;
    default:
      break;
  }
  let w: number;
  if (script === 'cjk') w = 1;
  else if (vowelless) w = ckey.length >= 3 ? 1 : ckey.length === 2 ? 0.8 : 0.5;
  else {
    const len = text.length;
    w = len <= 2 ? 0.5 : len === 3 ? 0.75 : 1;
  }
  if (kind === 'common') w *= 0.5;
  else if (kind === 'patronymic') w *= 0.8;
  return w;
}

/** Normalise a name into weighted tokens with phonetic keys, legal forms removed. */
export function normaliseName(name: string, schema?: SchemaInput): NormalisedName {
  const cls = schemaClass(schema);
  let words = toWords(name);
  const titles: string[] = [];

  // honorifics (anywhere for persons, leading otherwise) and vessel prefixes
  if (cls === 'person' || cls === 'any') {
    const filtered = words.filter((w, i) => {
      const isTitle = TITLES.has(w.text) || TITLES.has(w.raw);
      if (isTitle && (cls === 'person' || i === titles.length)) {
        titles.push(w.raw);
        return false;
      }
      return true;
    });
    if (filtered.some((w) => !PARTICLES.has(w.text))) words = filtered;
    else titles.length = 0;
  } else if (cls === 'vessel') {
    while (words.length > 1 && VESSEL_PREFIXES.has((words[0] as Word).text)) titles.push((words.shift() as Word).raw);
  }

  let legalForms: LegalFormHit[] = [];
  if (cls !== 'person') {
    const r = extractLegalForms(words);
    words = r.rest;
    legalForms = r.forms;
  }

  const tokens: NameToken[] = [];
  const personish = cls === 'person' || cls === 'any';
  const hasNasab = personish && words.some((w) => NASAB.has(w.text));
  let gen = hasNasab ? 0 : -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as Word;
    const text = w.text;
    const key = phoneticKey(w.phon);
    const ckey = consonantKey(key);
    const vowelless = w.script === 'arabic';
    const single = Array.from(text).length === 1;
    let kind: TokenKind = 'name';
    if (w.particle || ((PARTICLES.has(text) || PARTICLES.has(w.raw)) && !(single && personish)) || NASAB.has(text) || PATRONYMIC_MARKERS.has(text)) {
      kind = 'particle';
    } else if (isNumberWord(text, cls, i, words.length)) kind = 'number';
    else if (personish && single && (w.script === 'latin' || w.script === 'cyrillic')) kind = 'initial';
    else if (personish && PATRONYMIC_MARKERS.has((words[i + 1] as Word | undefined)?.text ?? '')) kind = 'patronymic';
    else if (cls === 'org' ? COMMON_ORG_TEXT.has(text) : cls !== 'vessel' && (vowelless ? COMMON_PERSON_CKEYS.has(ckey) : COMMON_PERSON_KEYS.has(key))) {
      kind = 'common';
    }
    // nasab chain: X bin Y bin Z al-W → 0, 1, 2, then unknown after the family article
    if (NASAB.has(text)) {
      if (gen >= 0) gen++;
    } else if (ARTICLE.has(text) && gen >= 1) gen = -1;
    tokens.push({ original: w.raw, text, key, key2: altPhoneticKey(w.alt ?? w.phon), ckey, script: w.script, vowelless, kind, weight: 0, gen: kind === 'particle' ? -1 : gen });
  }
  // Slavic patronymic (Sergey Viktorovich Lavrov, Лавров Сергей Викторович): names of 3+ tokens,
  // never the first token, the middle one preferred (Roman Arkadyevich Abramovich)
  if (personish && !tokens.some((t) => t.kind === 'patronymic')) {
    const sig = tokens.filter((t) => t.kind !== 'particle');
    if (sig.length >= 3) {
      const cands = sig.slice(1).filter((t) => t.text.length >= 7 && PATRONYMIC_SUFFIX.test(t.text));
      const pick = cands.find((t) => t === sig[1]) ?? cands[cands.length - 1];
      if (pick && pick.kind !== 'initial' && pick.kind !== 'number') pick.kind = 'patronymic';
    }
  }
  for (const t of tokens) t.weight = tokenWeight(t.kind, t.text, t.ckey, t.vowelless, t.script);

  return {
    original: name,
    schema: cls,
    tokens,
    legalForms,
    titles,
    key: tokens
      .filter((t) => t.kind !== 'particle')
      .map((t) => t.text)
      .join(' '),
  };
}

// ---------------------------------------------------------------------------
// Fingerprints compatible with the python `fingerprints` package (test vectors
// in fixtures/normalisation-vectors.csv): ISO-9 ASCII, brackets removed,
// legal forms abbreviated, titles dropped, tokens sorted and de-duplicated.

const FP_SHORT: Record<string, string> = {
  international: 'intl', limited: 'ltd', corporation: 'corp', incorporated: 'inc', company: 'co',
};

/** Stable, order-independent key of a name (for de-duplication, not for matching). */
export function fingerprint(name: string): string {
  const noBrackets = name.replace(/\([^)]*\)|\[[^\]]*\]|\{[^}]*\}/g, ' ');
  const words = splitWords(isoAscii(noBrackets)).map((w) => isoAscii(w).toLowerCase());
  const fw: FormWord[] = words.map((w) => ({ raw: w, text: w }));
  const out: string[] = [];
  for (let i = 0; i < fw.length; i++) {
    const w = words[i] as string;
    if (i === 0 && TITLES.has(w) && fw.length > 1) continue;
    const m = matchLegalFormAt(fw, i, i === 0 || i === fw.length - 1);
    if (m && (m.length > 1 || w.length > 3 || FP_SHORT[w] !== undefined)) {
      const def = LEGAL_FORMS.find((d) => d === m.def);
      out.push(FP_SHORT[w] ?? (def ? def.code.toLowerCase() : w));
      i += m.length - 1;
      continue;
    }
    out.push(FP_SHORT[w] ?? w);
  }
  return [...new Set(out)].sort().join(' ');
}

/** Lower-case ASCII, punctuation removed (fingerprints' clean_name_ascii). */
export function cleanNameAscii(name: string): string | null {
  const s = splitWords(isoAscii(name)).join(' ');
  return s.length > 0 ? s : null;
}

/** Lower case, punctuation removed, any script (fingerprints' clean_name_light); null if shorter than 2. */
export function cleanNameLight(name: string): string | null {
  const s = splitWords(name).join(' ');
  return s.length >= 2 ? s : null;
}
