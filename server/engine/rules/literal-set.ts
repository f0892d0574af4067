/**
 * Required literals of `matches` patterns with an alternation, for indexing.
 *
 * requiredLiteral() (regex-safety.ts) gives up on any `|`. A common shape is
 * one group of plain words, e.g. `^(used|old) (tyres|tires)`: every match
 * contains one of the group's alternatives ("used" or "old"), which the rule
 * set can use as a substring guard instead of running the rule on every
 * consignment.
 */

/** Plain characters only: an alternative made of these is matched literally. */
const PLAIN = /^[a-z0-9 _\-,'&/:;"%#@!=<>~`]+$/i;

/**
 * The alternatives of the first top-level group made only of plain
 * alternatives (not quantified, not a lookaround), lower-cased; null when
 * there is no such group or the pattern has a `|` outside groups (then no
 * group is required).
 */
export function requiredLiteralSet(pattern: string): string[] | null {
  let depth = 0;
  let found: string[] | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      i++; // escaped character: never a group or an alternation
      continue;
    }
    if (c === '[') {
      // character class: skip to its closing bracket
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return null;
      i = j;
      continue;
    }
    if (c === '|' && depth === 0) return null; // `a|b` at top level: nothing is required
    if (c === '(') {
      if (depth === 0 && found === null) {
        const close = pattern.indexOf(')', i + 1);
        const next = pattern[close + 1];
        const body = close < 0 ? '' : pattern.slice(i + 1, close);
        const quantified = next === '?' || next === '*' || next === '{';
        const alts = body.split('|');
        if (close > 0 && !quantified && alts.every((a) => PLAIN.test(a))) found = alts.map((a) => a.toLowerCase());
      }
      depth++;
      continue;
    }
    if (c === ')') depth--;
  }
  return found;
}
