/**
 * `matches` patterns are user input run against every consignment, so they are
 * checked at compile time against catastrophic backtracking (ReDoS):
 *
 *  1. static rules: length ≤ {@link MAX_PATTERN_LENGTH}; no back-references; no
 *     repeated group that itself contains a quantifier (`(a+)+`, `(\w*\s?)*`);
 *     a repeated alternation only of plain-text alternatives none of which is
 *     a prefix of another (`(kg|lb)+` is fine, `(a|aa)*`, `(\w|\d)+` are not);
 *     at most {@link MAX_UNBOUNDED} unbounded repetitions;
 *  2. a bounded timing probe: the pattern is run on growing adversarial inputs
 *     (runs of the characters it mentions) up to {@link MAX_MATCH_INPUT}
 *     characters and rejected when it gets slow (polynomial blow-ups such as
 *     `.*a.*b` or `\d+\d+x`);
 *  3. at run time only the first {@link MAX_MATCH_INPUT} characters of a value
 *     are matched, so the probe's bound holds.
 */

export const MAX_PATTERN_LENGTH = 256;
export const MAX_MATCH_INPUT = 1024;
export const MAX_UNBOUNDED = 4;
/** A repetition with an upper bound above this counts as unbounded. */
const LARGE_BOUND = 16;
/** One probe input may take this long (a quadratic pattern takes ~1 ms at 1024 characters). */
const PROBE_INPUT_BUDGET_MS = 20;
const PROBE_TOTAL_BUDGET_MS = 400;

export type RegexCheck =
  | { ok: true; regex: RegExp }
  | { ok: false; code: 'E_BAD_REGEX' | 'E_UNSAFE_REGEX'; message: string };

interface Frame {
  /** A quantifier occurs somewhere inside the group. */
  hasQuant: boolean;
  hasAlt: boolean;
  /** Literal text of each finished alternative (null: not plain text). */
  alts: (string | null)[];
  cur: string | null;
}

type Atom = { kind: 'none' } | { kind: 'char' } | { kind: 'group'; frame: Frame };

function newFrame(): Frame {
  return { hasQuant: false, hasAlt: false, alts: [], cur: '' };
}

/** Parses `{n}`, `{n,}`, `{n,m}` at i; null when `{` is a literal brace. */
function braces(p: string, i: number): { min: number; max: number; end: number } | null {
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
  if (m === null) return null;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' || m[3] === undefined ? Infinity : Number(m[3]);
  return { min, max, end: i + m[0].length };
}

/** Static analysis; returns a reason when the pattern is rejected. */
export function staticRegexProblem(p: string): string | null {
  if (p.length > MAX_PATTERN_LENGTH) return `pattern is too long (${p.length} characters; at most ${MAX_PATTERN_LENGTH})`;
  const stack: Frame[] = [newFrame()];
  let last: Atom = { kind: 'none' };
  let unbounded = 0;
  const top = (): Frame => stack[stack.length - 1] as Frame;
  let i = 0;
  while (i < p.length) {
    const ch = p[i] as string;
    const f = top();
    if (ch === '\\') {
      const e = p[i + 1] ?? '';
      if (/[1-9]/.test(e) || (e === 'k' && p[i + 2] === '<')) return 'back-references (\\1, \\k<name>) are not allowed';
      if ('bB'.includes(e)) {
        last = { kind: 'none' };
        i += 2;
        continue;
      }
      if ('dDwWsSpPuxc'.includes(e) || e === '') {
        if (f.cur !== null) f.cur = null;
      } else if (f.cur !== null) {
        f.cur += e.toLowerCase();
      }
      last = { kind: 'char' };
      i += 2;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
      i = j + 1;
      f.cur = null;
      last = { kind: 'char' };
      continue;
    }
    if (ch === '(') {
      stack.push(newFrame());
      i += 1;
      if (p[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        if (p[i + 1] === '<' && p[i + 2] !== '=' && p[i + 2] !== '!') {
          const close = p.indexOf('>', i);
          i = close < 0 ? p.length : close + 1;
        } else {
          i += p[i + 1] === '<' ? 3 : 2;
        }
      }
      last = { kind: 'none' };
      continue;
    }
    if (ch === ')') {
      if (stack.length === 1) return null; // syntax error, reported by RegExp
      const g = stack.pop() as Frame;
      g.alts.push(g.cur);
      const parent = top();
      parent.hasQuant ||= g.hasQuant;
      if (parent.cur !== null) parent.cur = !g.hasAlt && g.cur !== null ? parent.cur + g.cur : null;
      last = { kind: 'group', frame: g };
      i += 1;
      continue;
    }
    if (ch === '|') {
      f.hasAlt = true;
      f.alts.push(f.cur);
      f.cur = '';
      last = { kind: 'none' };
      i += 1;
      continue;
    }
    let q: { min: number; max: number; end: number } | null = null;
    if (ch === '*') q = { min: 0, max: Infinity, end: i + 1 };
    else if (ch === '+') q = { min: 1, max: Infinity, end: i + 1 };
    else if (ch === '?') q = { min: 0, max: 1, end: i + 1 };
    else if (ch === '{') q = braces(p, i);
    if (q !== null) {
      const repeating = q.max > 1;
      if (last.kind === 'group' && repeating) {
        const g = last.frame;
        if (g.hasQuant) return 'a repeated group contains another repetition (like (a+)+), which can take exponential time';
        if (g.hasAlt) {
          const alts = g.alts;
          if (alts.some((a) => a === null || a === '')) {
            return 'a repeated alternation may only list plain text alternatives (like (kg|lbs)+)';
          }
          for (const a of alts) {
            for (const b of alts) {
              if (a !== b && (b as string).startsWith(a as string)) return `in a repeated alternation "${a}" is a prefix of "${b}", which can take exponential time`;
            }
            if (alts.indexOf(a) !== alts.lastIndexOf(a)) return `a repeated alternation lists "${a}" twice`;
          }
        }
      }
      if (q.max === Infinity || q.max > LARGE_BOUND) unbounded++;
      f.hasQuant = true;
      f.cur = null;
      i = q.end;
      if (p[i] === '?') i++; // lazy
      last = { kind: 'none' };
      continue;
    }
    if (ch === '.' || ch === '^' || ch === '$') {
      f.cur = null;
      last = ch === '.' ? { kind: 'char' } : { kind: 'none' };
      i += 1;
      continue;
    }
    if (f.cur !== null) f.cur += ch.toLowerCase();
    last = { kind: 'char' };
    i += 1;
  }
  if (unbounded > MAX_UNBOUNDED) return `too many unbounded repetitions (${unbounded}; at most ${MAX_UNBOUNDED} of *, +, {n,})`;
  return null;
}

function probeInputs(pattern: string, length: number): string[] {
  const chars = new Set<string>(['a', '1', ' ', '.', '-', '_', '/']);
  for (const ch of pattern.toLowerCase()) {
    if (/[\p{L}\p{N} ,.:;/_-]/u.test(ch)) chars.add(ch);
    if (chars.size > 24) break;
  }
  const out: string[] = [];
  for (const ch of chars) out.push(ch.repeat(length) + '\u0001');
  out.push('a '.repeat(length >> 1) + '\u0001', 'a1'.repeat(length >> 1) + '\u0001', 'ab'.repeat(length >> 1) + '\u0001');
  return out;
}

/**
 * Runs the pattern on adversarial inputs of growing length; returns a reason
 * when one input takes too long. Sizes double from 8, so a polynomial pattern
 * is caught at a small size before a probe itself takes long. Quadratic
 * patterns (one repetition followed by text, e.g. `\w+ cargo`) take well under
 * a millisecond per 1024-character value and pass; cubic and worse do not.
 */
export function probeRegex(regex: RegExp, pattern: string): string | null {
  const time = (input: string): number => {
    const t0 = performance.now();
    regex.test(input);
    return performance.now() - t0;
  };
  for (const s of probeInputs(pattern, 4)) time(s); // warm-up: compiling the regex is not the pattern's cost
  let total = 0;
  for (let n = 8; n <= MAX_MATCH_INPUT; n *= 2) {
    for (const input of probeInputs(pattern, n)) {
      let dt = time(input);
      // A pause of the process (GC, a busy machine) must not reject a good pattern: re-measure once.
      if (dt > PROBE_INPUT_BUDGET_MS) dt = Math.min(dt, time(input));
      total += dt;
      if (dt > PROBE_INPUT_BUDGET_MS || total > PROBE_TOTAL_BUDGET_MS) {
        return `pattern is too slow on long values (${Math.round(dt)} ms on a ${n}-character value); avoid several overlapping repetitions such as .*a.*b or \\d+\\d+ (a leading .* is never needed)`;
      }
    }
  }
  return null;
}

/**
 * For a search (RegExp.test) a `.*` at the very start (unless anchored) or end
 * of the pattern changes nothing but costs quadratic time: drop it.
 */
export function trimRedundantWildcards(pattern: string): string {
  let p = pattern;
  for (;;) {
    const m = /^\.\*\??/.exec(p);
    if (m === null || p.length === m[0].length) break;
    const rest = p.slice(m[0].length);
    if (/^[*+?{]/.test(rest)) break;
    p = rest;
  }
  for (;;) {
    const m = /\.\*\??$/.exec(p);
    if (m === null || m.index === 0) break;
    // the dot must not be escaped: count backslashes before it
    let k = m.index - 1;
    let slashes = 0;
    while (k >= 0 && p[k] === '\\') {
      slashes++;
      k--;
    }
    if (slashes % 2 === 1) break;
    p = p.slice(0, m.index);
  }
  return p;
}

/** Validates and compiles a `matches` pattern (case-insensitive). */
export function compileSafeRegex(pattern: string): RegexCheck {
  if (pattern.length === 0) return { ok: false, code: 'E_BAD_REGEX', message: 'Empty pattern' };
  let regex: RegExp;
  try {
    new RegExp(pattern, 'i'); // report syntax errors on the pattern as written
    regex = new RegExp(trimRedundantWildcards(pattern), 'i');
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
    return { ok: false, code: 'E_BAD_REGEX', message: `Invalid pattern: ${msg}` };
  }
  const problem = staticRegexProblem(pattern) ?? probeRegex(regex, regex.source);
  if (problem !== null) return { ok: false, code: 'E_UNSAFE_REGEX', message: `Unsafe pattern: ${problem}` };
  return { ok: true, regex };
}

const LITERAL_CHAR = /^[A-Za-z0-9 ,'"_\-:;%&/@#=<>!~`]$/;
const CLASS_ESCAPE = /^[sSdDwWbB]$/;

/**
 * A lower-case string that every match of the case-insensitive (non-unicode)
 * `pattern` must contain, or null. Used as a cheap `includes` prefilter before
 * running the regex on lower-cased values (all text forms are lower-cased):
 * with the `i` flag and no `u` flag, an ASCII letter only matches its two ASCII
 * cases, so a lower-cased value that matches contains the lower-cased literal.
 *
 * Conservative scan: no prefilter when the pattern has an alternation; the scan
 * stops at a group or at an escape it does not fully understand; a character
 * followed by `?`, `*` or `{…}` is optional and cuts the literal run.
 */
export function requiredLiteral(pattern: string): string | null {
  if (pattern.includes('|')) return null;
  let best = '';
  let run = '';
  const endRun = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '?' || c === '*' || c === '{') {
      run = run.slice(0, -1); // the previous character may be absent
      endRun();
      if (c === '{') break; // {n,m}: leave the rest alone
      continue;
    }
    if (c === '+') {
      endRun();
      continue;
    }
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!CLASS_ESCAPE.test(next)) break; // \u…, \x…, \1, \c…: stop here
      endRun();
      i++;
      continue;
    }
    if (c === '[') {
      // a character class: skip it (a quantifier after it is handled above with an empty run)
      endRun();
      let j = i + 1;
      if (pattern[j] === '^') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) break;
      i = j;
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      endRun();
      continue;
    }
    if (!LITERAL_CHAR.test(c)) break; // groups, lookarounds, anything else
    run += c;
  }
  // the run cut by a quantifier at the stop point was handled; a run still open is complete
  endRun();
  return best.length >= 2 ? best.toLowerCase() : null;
}
