/**
 * Script detection and transliteration to Latin for the scripts met at the
 * customs posts iren targets: Cyrillic (Russian, Ukrainian, Belarusian,
 * Kazakh, Kyrgyz, Uzbek, Tajik, Azerbaijani, Mongolian, Serbian), Georgian,
 * Armenian, Arabic/Persian/Urdu, plus Greek and Latin with diacritics.
 *
 * Two outputs per word:
 *  - `text`: the plain ASCII form used for edit distances (diacritics stripped,
 *    BGN/PCGN-like romanisation for non-Latin scripts);
 *  - `phon`: the same word with digraph spellings of sounds (č → ch, š → sh, …)
 *    used to derive the phonetic key, so that "Vučić", "Вучич" and "Vuchich"
 *    share one key even though "vucic" ≠ "vuchich" as text.
 *
 * Scripts without a table here (Han, Hangul, Kana, Hebrew, Indic, Thai, …) are
 * kept as they are and compared within their own script (see
 * docs/decisions/0004-name-matching-engine.md for why any-ascii is not used).
 */

export type Script =
  | 'latin'
  | 'cyrillic'
  | 'georgian'
  | 'armenian'
  | 'arabic'
  | 'greek'
  | 'cjk'
  | 'other'
  | 'digit';

export function charScript(cp: number): Script | null {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return 'latin';
    if (cp >= 0x30 && cp <= 0x39) return 'digit';
    return null;
  }
  if (cp <= 0x024f || (cp >= 0x1e00 && cp <= 0x1eff) || (cp >= 0x0250 && cp <= 0x02af)) return 'latin';
  if ((cp >= 0x0400 && cp <= 0x052f) || (cp >= 0x1c80 && cp <= 0x1c8f) || (cp >= 0x2de0 && cp <= 0x2dff) || (cp >= 0xa640 && cp <= 0xa69f)) return 'cyrillic';
  if ((cp >= 0x10a0 && cp <= 0x10ff) || (cp >= 0x1c90 && cp <= 0x1cbf) || (cp >= 0x2d00 && cp <= 0x2d2f)) return 'georgian';
  if ((cp >= 0x0531 && cp <= 0x058f) || (cp >= 0xfb13 && cp <= 0xfb17)) return 'armenian';
  if ((cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff)) return 'arabic';
  if ((cp >= 0x0370 && cp <= 0x03ff) || (cp >= 0x1f00 && cp <= 0x1fff)) return 'greek';
  if (
    (cp >= 0x3040 && cp <= 0x30ff) || // kana
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xac00 && cp <= 0xd7af) || // hangul syllables
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x3130 && cp <= 0x318f) ||
    (cp >= 0x20000 && cp <= 0x2fa1f)
  ) return 'cjk';
  if (cp >= 0x0660 && cp <= 0x0669) return 'digit';
  return 'other';
}

/** Scripts we can romanise safely (used by maybeAscii, like rigour's maybe_ascii). */
const LATINISABLE: ReadonlySet<Script> = new Set<Script>(['latin', 'cyrillic', 'georgian', 'armenian', 'greek', 'digit']);

// ---------------------------------------------------------------------------
// Latin

/** Latin letters that do not decompose under NFD, or need a digraph. [text, phon] */
const LATIN_SPECIAL: Record<string, [string, string]> = {
  ß: ['ss', 'ss'], æ: ['ae', 'ae'], œ: ['oe', 'oe'], ø: ['o', 'o'], ł: ['l', 'l'], đ: ['d', 'd'], ð: ['d', 'd'],
  þ: ['th', 'th'], ı: ['i', 'i'], ə: ['a', 'a'], ŋ: ['ng', 'ng'], ħ: ['h', 'h'], ĸ: ['k', 'k'], ſ: ['s', 's'],
  ŀ: ['l', 'l'], ŉ: ['n', 'n'], ƒ: ['f', 'f'], ɨ: ['i', 'i'], ʒ: ['zh', 'zh'],
  // sounds written with a diacritic in Slavic/Turkic Latin alphabets
  č: ['c', 'ch'], ć: ['c', 'ch'], ç: ['c', 'ch'], ĉ: ['c', 'ch'],
  š: ['s', 'sh'], ś: ['s', 'sh'], ş: ['s', 'sh'], ș: ['s', 'sh'], ŝ: ['s', 'sh'],
  ž: ['z', 'zh'], ź: ['z', 'z'], ż: ['z', 'zh'],
  ğ: ['g', 'g'], ň: ['n', 'n'], ý: ['y', 'y'],
};

function latinChar(ch: string): [string, string] {
  const special = LATIN_SPECIAL[ch];
  if (special) return special;
  const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
  return [base, base];
}

// ---------------------------------------------------------------------------
// Cyrillic

type CyrLang = 'ru' | 'uk' | 'be' | 'kk' | 'uz' | 'tg' | 'ky' | 'az' | 'mn' | 'sr';

const CYR_BASE: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian / Belarusian
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: 'u',
  // Kazakh, Kyrgyz, Uzbek, Tajik, Azerbaijani, Bashkir/Tatar, Mongolian
  ә: 'a', ғ: 'gh', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', ҳ: 'h', ҷ: 'j', ӣ: 'i', ӯ: 'u', ҹ: 'j',
  ј: 'j', ҝ: 'g', җ: 'zh', ҙ: 'z', ҫ: 's', ҡ: 'q', ӏ: '',
  // Serbian / Macedonian
  ђ: 'dj', љ: 'lj', њ: 'nj', ћ: 'ch', џ: 'dzh', ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
};

const CYR_VOWELS = new Set('аеёиоуыэюяєіїәөұүӣӯ');

function cyrillicLang(text: string): CyrLang {
  if (/[әөұүһңғқ]/u.test(text) && /[ұһіә]/u.test(text)) return 'kk';
  if (/[ҷӣӯ]/u.test(text)) return 'tg';
  if (/[ҹҝј]/u.test(text) || (/ә/u.test(text) && !/[ұі]/u.test(text))) return 'az';
  if (/ў/u.test(text) && /[қғҳ]/u.test(text)) return 'uz';
  if (/ў/u.test(text) && /і/u.test(text)) return 'be';
  if (/[ңөү]/u.test(text)) return /[қғ]/u.test(text) ? 'kk' : 'ky';
  if (/[қғҳ]/u.test(text)) return 'uz';
  if (/[ђћџљњ]/u.test(text)) return 'sr';
  if (/[єїґ]/u.test(text) || /і/u.test(text)) return 'uk';
  if (/ў/u.test(text)) return 'uz';
  return 'ru';
}

function cyrillicWord(word: string, lang: CyrLang): string {
  let out = '';
  const chars = Array.from(word);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const prev = i > 0 ? (chars[i - 1] as string) : '';
    let t = CYR_BASE[ch];
    if (t === undefined) {
      out += charScript(ch.codePointAt(0) ?? 0) === 'cyrillic' ? '' : ch;
      continue;
    }
    switch (ch) {
      case 'г':
        if (lang === 'uk' || lang === 'be') t = 'h';
        break;
      case 'и':
        if (lang === 'uk') t = 'y';
        break;
      case 'е':
        // BGN/PCGN: "ye" at the start of a word and after a vowel or a hard/soft sign
        if (lang === 'ru' || lang === 'be' || lang === 'kk' || lang === 'ky' || lang === 'tg' || lang === 'uz') {
          if (i === 0 || CYR_VOWELS.has(prev) || prev === 'ь' || prev === 'ъ') t = 'ye';
        }
        break;
      case 'ў':
        if (lang === 'uz') t = 'o';
        break;
      case 'ғ':
        if (lang === 'uz') t = 'g';
        break;
      case 'ј':
        if (lang === 'az') t = 'y';
        break;
      case 'й':
        // "-ий"/"-ый" endings are usually written -iy/-y; keep y
        break;
      default:
        break;
    }
    out += t;
  }
  return out;
}

// ISO 9 letters followed by ICU Latin-ASCII (what the python `fingerprints` package produces)
const CYR_ISO9_ASCII: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'e', ж: 'z', з: 'z', и: 'i', і: 'i', ї: 'i',
  й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ў: 'u', ф: 'f', х: 'h',
  ц: 'c', ч: 'c', ш: 's', щ: 's', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'u', я: 'a', ә: 'a', ғ: 'g', қ: 'k', ң: 'n',
  ө: 'o', ұ: 'u', ү: 'u', һ: 'h', ҳ: 'h', ҷ: 'c', ӣ: 'i', ӯ: 'u', ђ: 'd', ћ: 'c', џ: 'd', љ: 'l', њ: 'n', ј: 'j',
};

// ---------------------------------------------------------------------------
// Georgian (national system 2002, apostrophes dropped)

const GEORGIAN: Record<string, string> = {
  ა: 'a', ბ: 'b', გ: 'g', დ: 'd', ე: 'e', ვ: 'v', ზ: 'z', თ: 't', ი: 'i', კ: 'k', ლ: 'l', მ: 'm', ნ: 'n', ო: 'o',
  პ: 'p', ჟ: 'zh', რ: 'r', ს: 's', ტ: 't', უ: 'u', ფ: 'p', ქ: 'k', ღ: 'gh', ყ: 'q', შ: 'sh', ჩ: 'ch', ც: 'ts',
  ძ: 'dz', წ: 'ts', ჭ: 'ch', ხ: 'kh', ჯ: 'j', ჰ: 'h', ჱ: 'e', ჲ: 'y', ჳ: 'w', ჴ: 'kh', ჵ: 'o', ჶ: 'f',
};

function georgianChar(ch: string): string | undefined {
  const cp = ch.codePointAt(0) ?? 0;
  // Mtavruli capitals (U+1C90..U+1CBF) map one-to-one onto Mkhedruli (U+10D0..)
  if (cp >= 0x1c90 && cp <= 0x1cbf) return GEORGIAN[String.fromCodePoint(cp - 0x1c90 + 0x10d0)];
  return GEORGIAN[ch];
}

// ---------------------------------------------------------------------------
// Armenian (BGN/PCGN-like)

const ARMENIAN: Record<string, string> = {
  ա: 'a', բ: 'b', գ: 'g', դ: 'd', ե: 'e', զ: 'z', է: 'e', ը: 'y', թ: 't', ժ: 'zh', ի: 'i', լ: 'l', խ: 'kh', ծ: 'ts',
  կ: 'k', հ: 'h', ձ: 'dz', ղ: 'gh', ճ: 'ch', մ: 'm', յ: 'y', ն: 'n', շ: 'sh', ո: 'o', չ: 'ch', պ: 'p', ջ: 'j',
  ռ: 'r', ս: 's', վ: 'v', տ: 't', ր: 'r', ց: 'ts', ւ: 'v', փ: 'p', ք: 'k', օ: 'o', ֆ: 'f', և: 'ev',
};

function armenianWord(word: string): string {
  const w = word.replace(/ու/gu, '\u0000');
  let out = '';
  const chars = Array.from(w);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '\u0000') {
      out += 'u';
      continue;
    }
    if (i === 0 && ch === 'ե') out += 'ye';
    else if (i === 0 && ch === 'ո') out += 'vo';
    else if (ch === 'և') out += i === 0 ? 'yev' : 'ev';
    else out += ARMENIAN[ch] ?? '';
  }
  return out;
}

// ---------------------------------------------------------------------------
// Greek (ELOT 743-like, simplified)

const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x',
  ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

function greekWord(word: string): string {
  const base = word.normalize('NFD').replace(/\p{M}+/gu, '');
  const w = base.replace(/ου/gu, 'u').replace(/αυ/gu, 'av').replace(/ευ/gu, 'ev').replace(/μπ/gu, 'b').replace(/ντ/gu, 'nt');
  let out = '';
  for (const ch of w) out += GREEK[ch] ?? (ch.charCodeAt(0) < 0x80 ? ch : '');
  return out;
}

// ---------------------------------------------------------------------------
// Arabic, Persian, Urdu (consonantal: short vowels are not written)

const ARABIC: Record<string, string> = {
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ٱ: 'a', ء: '', ؤ: '', ئ: '', ب: 'b', پ: 'p', ت: 't', ٹ: 't', ث: 's', ج: 'j',
  چ: 'ch', ح: 'h', خ: 'kh', د: 'd', ڈ: 'd', ذ: 'z', ر: 'r', ڑ: 'r', ز: 'z', ژ: 'zh', س: 's', ش: 'sh', ص: 's',
  ض: 'z', ط: 't', ظ: 'z', ع: '', غ: 'gh', ف: 'f', ق: 'q', ک: 'k', ك: 'k', گ: 'g', ل: 'l', م: 'm', ن: 'n', ں: 'n',
  ه: 'h', ہ: 'h', ھ: 'h', ۀ: 'h', ة: 'a', ۃ: 'a', ى: 'a', ے: 'e', ۓ: 'e', ڤ: 'v', ڭ: 'ng', ۆ: 'o', ۇ: 'u', ێ: 'e',
  ڵ: 'l', ڕ: 'r', ۋ: 'v',
};
const ARABIC_HARAKAT: Record<string, string> = { '\u064e': 'a', '\u0650': 'i', '\u064f': 'u', '\u064b': 'an', '\u064d': 'in', '\u064c': 'un' };

function arabicWord(word: string): string {
  return arabicPieces(word).join('');
}

/** Romanised letters of an Arabic-script word, one piece per letter. */
function arabicPieces(word: string): string[] {
  const chars = Array.from(word.replace(/[\u0640\u200c\u200d]/gu, ''));
  const pieces: string[] = [];
  let out = '';
  const push = (t: string) => {
    if (t) pieces.push(t);
    out += t;
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const initial = out.length === 0;
    const final = i === chars.length - 1;
    if (ch in ARABIC_HARAKAT) {
      push(ARABIC_HARAKAT[ch] ?? '');
      continue;
    }
    if (ch === '\u0651') {
      // shadda: the consonant is doubled; the phonetic key collapses doubles anyway
      continue;
    }
    if (ch === 'و') push(initial ? 'w' : final && out.endsWith('a') ? 'w' : 'u');
    else if (ch === 'ي' || ch === 'ی' || ch === 'ې') push(initial ? 'y' : 'i');
    else if ((ch === 'ه' || ch === 'ہ') && final && !initial) push('a');
    else if (ch >= '\u0660' && ch <= '\u0669') push(String.fromCharCode(ch.charCodeAt(0) - 0x0660 + 0x30));
    else if (ch >= '\u06f0' && ch <= '\u06f9') push(String.fromCharCode(ch.charCodeAt(0) - 0x06f0 + 0x30));
    else push(ARABIC[ch] ?? '');
  }
  return pieces;
}

// ---------------------------------------------------------------------------

export interface TranslitWord {
  /** ASCII form for edit distances. */
  text: string;
  /** ASCII form with sound digraphs, source of the phonetic key. */
  phon: string;
  /** Dominant script of the word. */
  script: Script;
  /** Another common romanisation (Ukrainian г as g rather than h), if any. */
  alt?: string;
}

/** Language hint for Cyrillic, detected once per name (Ukrainian "и" → y, "г" → h, …). */
export function detectCyrillicLang(text: string): CyrLang {
  return cyrillicLang(text.toLowerCase());
}

/**
 * Romanise one lower-case word (no spaces). Words mixing scripts are handled
 * character by character.
 */
export function translitWord(word: string, cyrLang: CyrLang = 'ru'): TranslitWord {
  let script: Script | null = null;
  let mixed = false;
  for (const ch of word) {
    const s = charScript(ch.codePointAt(0) ?? 0);
    if (s === null || s === 'digit') continue;
    if (script === null) script = s;
    else if (script !== s) mixed = true;
  }
  if (script === null) script = /\d/.test(word) ? 'digit' : 'latin';
  if (!mixed) {
    switch (script) {
      case 'cyrillic': {
        const t = cyrillicWord(word, cyrLang);
        if (cyrLang === 'uk' || cyrLang === 'be') {
          const alt = cyrillicWord(word, 'ru');
          if (alt !== t) return { text: t, phon: t, script, alt };
        }
        return { text: t, phon: t, script };
      }
      case 'arabic': {
        const pieces = arabicPieces(word);
        return { text: pieces.join(''), phon: pieces.join('|'), script };
      }
      case 'armenian': {
        const t = armenianWord(word);
        return { text: t, phon: t, script };
      }
      case 'greek': {
        const t = greekWord(word);
        return { text: t, phon: t, script };
      }
      case 'cjk':
      case 'other':
        return { text: word, phon: word, script };
      default:
        break;
    }
  }
  let text = '';
  let phon = '';
  for (const ch of word) {
    const s = charScript(ch.codePointAt(0) ?? 0);
    if (s === 'latin') {
      const [t, p] = latinChar(ch);
      text += t;
      phon += p;
    } else if (s === 'georgian') {
      const g = georgianChar(ch) ?? '';
      text += g;
      phon += g;
    } else if (s === 'cyrillic') {
      const t = cyrillicWord(ch, cyrLang);
      text += t;
      phon += t;
    } else if (s === 'armenian') {
      const t = ARMENIAN[ch] ?? '';
      text += t;
      phon += t;
    } else if (s === 'arabic') {
      const t = arabicWord(ch);
      text += t;
      phon += t;
    } else if (s === 'greek') {
      const t = greekWord(ch);
      text += t;
      phon += t;
    } else if (s === 'digit') {
      text += ch;
      phon += ch;
    } else if (s === 'cjk' || s === 'other') {
      text += ch;
      phon += ch;
    }
    // combining marks and other symbols are dropped
  }
  return { text, phon, script: mixed ? 'latin' : script };
}

/** Romanise free text to ASCII (BGN-like for Cyrillic); unknown scripts are kept. */
export function transliterate(text: string): string {
  const lang = detectCyrillicLang(text);
  return text
    .normalize('NFKC')
    .split(/(\s+|-)/u)
    .map((part) => {
      if (/^(\s*|-)$/u.test(part)) return part;
      const lower = part.toLowerCase();
      const t = translitWord(lower, lang).text;
      // restore capitalisation of the first letter for readability
      return part[0] !== lower[0] && t.length > 0 ? t[0]!.toUpperCase() + t.slice(1) : t;
    })
    .join('');
}

/**
 * ISO 9 + Latin-ASCII style romanisation (Cyrillic ч → c, ш → s), matching the
 * output of the python `fingerprints`/`normality` packages. Used for fingerprints,
 * not for matching.
 */
export function isoAscii(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    const lower = ch.toLowerCase();
    const cp = ch.codePointAt(0) ?? 0;
    const s = charScript(cp);
    let t: string;
    if (s === 'cyrillic') t = CYR_ISO9_ASCII[lower] ?? '';
    else if (s === 'latin') t = LATIN_SPECIAL[lower]?.[0] ?? lower.normalize('NFD').replace(/\p{M}+/gu, '');
    else if (s === 'georgian') t = georgianChar(lower) ?? '';
    else if (s === 'armenian') t = ARMENIAN[lower] ?? '';
    else if (s === 'greek') t = greekWord(lower);
    else if (s === 'arabic') t = arabicWord(lower);
    else t = ch;
    out += lower === ch ? t : t.toUpperCase();
  }
  return out;
}

/**
 * ASCII if the text only uses scripts that romanise safely (Latin, Cyrillic,
 * Greek, Armenian, Georgian); otherwise the text unchanged, or '' with `drop`.
 * Semantics of rigour's `maybe_ascii`.
 */
export function maybeAscii(text: string, drop = false): string {
  for (const ch of text) {
    const s = charScript(ch.codePointAt(0) ?? 0);
    if (s !== null && !LATINISABLE.has(s)) return drop ? '' : text;
  }
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const lower = ch.toLowerCase();
    const upper = lower !== ch;
    const s = charScript(ch.codePointAt(0) ?? 0);
    let t: string;
    if (s === 'latin') t = LATIN_SPECIAL[lower]?.[0] ?? lower.normalize('NFD').replace(/\p{M}+/gu, '');
    else if (s === 'cyrillic') t = cyrillicWord(lower, 'ru');
    else if (s === 'georgian') t = georgianChar(lower) ?? '';
    else if (s === 'armenian') t = armenianWord(lower);
    else if (s === 'greek') t = greekWord(lower);
    else t = ch;
    out += upper && t.length > 0 ? t[0]!.toUpperCase() + t.slice(1) : t;
  }
  return out;
}
