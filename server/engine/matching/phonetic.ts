/**
 * Phonetic "skeleton" keys for romanised name tokens.
 *
 * The key folds the spelling variants produced by different romanisation
 * systems and by ear: Ш sh/sch/š, Х kh/h/x, Ж zh/j/ž, Ц ts/tz/c, Ю yu/iu/ju,
 * ы/и y/i, -ov/-off/-ow, -yev/-iev/-ev, Mohammad/Muhammad/Mohammed, w/v,
 * q/k/g, d/t, z/s. Vowel runs become a single `A` (their position is kept, so
 * Mahmood ≠ Mohammad), consonant classes become one capital letter, doubles
 * collapse.
 *
 * `consonantKey` additionally drops the vowel markers; it is used against
 * Arabic-script tokens, where short vowels are not written.
 */

const RULES: Array<[RegExp, string]> = [
  // y-like j: "Sergej", "Dmitrij", "Zelenskyj" (j after a vowel, not before one)
  [/([aeiouy])j(?![aeiouy])/g, '$1y'],
  // Uzbek/Azeri x = kh at the start of a word or after a consonant (Xasanov, Toshxo'jayev), else ks
  [/^x/g, 'kh'],
  [/([^aeiouy])x/g, '$1kh'],
  [/x/g, 'ks'],
  [/shch|shtch/g, 'X'],
  [/tsch|tch/g, 'C'],
  [/sch|sh/g, 'X'],
  [/ch/g, 'C'],
  [/dzh|dj|zh|j/g, 'J'],
  [/kh/g, 'H'],
  [/gh|q|ck|c(?![eiy])|g|k/g, 'K'],
  [/ph/g, 'F'],
  [/bh|p|b/g, 'B'],
  [/ts|tz|dz/g, 'S'],
  [/th|dh|d|t/g, 'T'],
  [/c|z|s/g, 'S'],
  [/w|v|f/g, 'F'],
  // silent h at the end after a vowel (Fatimah/Fatima, Allah/Alla)
  [/([aeiouy])h$/g, '$1'],
  [/h/g, 'H'],
  [/l/g, 'L'],
  [/m/g, 'M'],
  [/n/g, 'N'],
  [/r/g, 'R'],
  [/[aeiouy]+/g, 'A'],
];

const cache = new Map<string, string>();

/** Phonetic key for a lower-case ASCII token (digits and other scripts pass through). */
export function phoneticKey(phon: string): string {
  const hit = cache.get(phon);
  if (hit !== undefined) return hit;
  let s = phon;
  if (s.includes('|')) {
    // letter-by-letter romanisation (Arabic script): no digraphs across letters (z|h ≠ zh)
    let out = '';
    for (const piece of s.split('|')) for (const ch of phoneticKey(piece)) if (out[out.length - 1] !== ch) out += ch;
    if (cache.size < 200_000) cache.set(phon, out);
    return out;
  }
  if (!/^[a-z]+$/.test(s)) {
    // not plain latin: keep as is (digits, CJK, …)
    if (cache.size < 200_000) cache.set(phon, s);
    return s;
  }
  for (const [re, rep] of RULES) s = s.replace(re, rep);
  // collapse doubled classes (Mohammad → MAHAMAT, Hussein → HASAN)
  let out = '';
  for (const ch of s) if (out[out.length - 1] !== ch) out += ch;
  if (cache.size < 200_000) cache.set(phon, out);
  return out;
}

/**
 * Second key for German/Polish-style spellings, where "j" stands for the "y"
 * sound and "ch" for Х (Juri, Jewgenij, Tatjana, Michail); equals the main
 * key when there is no such letter.
 */
export function altPhoneticKey(phon: string): string {
  if (phon.includes('|')) return phoneticKey(phon.replace(/(?<=\|)u(?=\|)/g, 'w'));
  if (!/j[aeiou]|ch/.test(phon)) return phoneticKey(phon);
  return phoneticKey(phon.replace(/(^|[^d])j(?=[aeiou])/g, '$1y').replace(/(?<![tsc])ch/g, 'kh'));
}

/** Consonant skeleton: the phonetic key without vowel markers, doubles collapsed again. */
export function consonantKey(key: string): string {
  let out = '';
  for (const ch of key) {
    if (ch === 'A') continue;
    if (out[out.length - 1] !== ch) out += ch;
  }
  return out;
}
