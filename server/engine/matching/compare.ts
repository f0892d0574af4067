/**
 * Pairwise name comparison: token alignment (order independent), per-token
 * similarity (exact, transliterated, phonetic, fuzzy, initial), weighted
 * score in [0, 1] with an explanation, and schema-aware adjustments.
 */
import { damerauLevenshtein } from './distance.ts';
import { legalFamiliesCompatible } from './legal-forms.ts';
import { normaliseName, type NameToken, type NormalisedName, type SchemaClass, type SchemaInput } from './normalise.ts';
import { altPhoneticKey, consonantKey, phoneticKey } from './phonetic.ts';

/** Default decision threshold: score ≥ DEFAULT_THRESHOLD is a match. */
export const DEFAULT_THRESHOLD = 0.7;

export type MatchKind =
  | 'exact'
  | 'translit'
  | 'phonetic'
  | 'fuzzy'
  | 'initial'
  | 'merged'
  | 'acronym'
  | 'missing'
  | 'conflict';

export interface TokenMatch {
  /** Token of the first name (null when missing there). */
  a: string | null;
  /** Token of the second name (null when missing there). */
  b: string | null;
  kind: MatchKind;
  /** Token similarity in [0, 1] (0 for missing/conflict). */
  similarity: number;
  /** Edit distance between the romanised tokens, for fuzzy matches. */
  distance?: number;
  /** Weight of the token pair in the score. */
  weight: number;
}

export interface MatchExplanation {
  schema: SchemaClass;
  /** Normalised tokens of each side (romanised, legal forms and titles removed). */
  tokensA: string[];
  tokensB: string[];
  matches: TokenMatch[];
  legalForms: { a: string[]; b: string[]; compatible: boolean | null };
  /** Rules that lowered the score. */
  penalties: string[];
  /** Human-readable one-liner. */
  summary: string;
}

export interface CompareResult {
  score: number;
  match: boolean;
  explanation: MatchExplanation;
}

/** Tunable constants of the scorer (exported for experiments, not for per-call use). */
export interface MatchParams {
  /** Minimum token similarity for two tokens to be aligned. */
  pairMin: number;
  /** Similarity given to tokens with equal phonetic keys. */
  phoneticSim: number;
  /** Similarity of an Arabic-script token and a Latin token with equal consonant skeletons. */
  skeletonSim: number;
  /** Similarity of an initial and a name starting with it. */
  initialSim: number;
  /** Factor on the weight of tokens present on both sides without a counterpart. */
  conflict: number;
  /** Factor on the weight of tokens only the longer name has (persons, unknown). */
  extra: number;
  /** Same for companies, organisations and vessels (an extra word often names a sister entity). */
  extraOrg: number;
  /** Fuzzy similarities are rescaled: (s − floor) / (1 − floor). */
  fuzzyFloor: number;
  /** Score cap when patronymics differ. */
  patronymicCap: number;
  /** Score cap for a person when one side has a single name token and the other several. */
  singleTokenCap: number;
  /** Factor when both have legal forms of incompatible families. */
  legalFormFactor: number;
  /** Similarity factor when the same name sits at different places of an Arabic nasab (X bin Y vs Y bin X). */
  nasabFactor: number;
  /** Exponent calibrating the raw score to the [0, 1] score. */
  calibration: number;
}

export const MATCH_PARAMS: MatchParams = {
  pairMin: 0.5,
  phoneticSim: 0.9,
  skeletonSim: 0.9,
  initialSim: 0.9,
  conflict: 2,
  extra: 0.25,
  extraOrg: 0.6,
  fuzzyFloor: 0.3,
  patronymicCap: 0.5,
  singleTokenCap: 0.6,
  legalFormFactor: 0.92,
  nasabFactor: 0.5,
  calibration: 1.5,
};

export interface TokenSim {
  sim: number;
  kind: MatchKind;
  distance?: number;
}

/**
 * Token similarities already computed, by token object (token objects are immutable): lets one
 * query be compared with many names without recomputing the pairs of tokens they share. Only
 * valid for one MatchParams.
 */
export type TokenSimCache = Map<NameToken, Map<NameToken, TokenSim>>;

const NO_MATCH: TokenSim = { sim: 0, kind: 'conflict' };
const NO_STRINGS: string[] = [];
const NO_MATCHES: TokenMatch[] = [];

function lenOf(s: string): number {
  return s.length;
}

/** Similarity of two normalised tokens. */
export function tokenSimilarity(a: NameToken, b: NameToken, p: MatchParams = MATCH_PARAMS): TokenSim {
  if (a.text === b.text) {
    return { sim: 1, kind: a.script !== b.script ? 'translit' : 'exact' };
  }
  // initials (persons): "V." vs "Vladimir"
  if (a.kind === 'initial' || b.kind === 'initial') {
    const [i, n] = a.kind === 'initial' ? [a, b] : [b, a];
    if (n.kind !== 'initial' && n.text.startsWith(i.text)) return { sim: p.initialSim, kind: 'initial' };
    return NO_MATCH;
  }
  if (a.vowelless !== b.vowelless) {
    // Arabic script vs romanised: compare consonant skeletons
    if (a.ckey.length === 0 || b.ckey.length === 0) return NO_MATCH;
    // و / ي are vowels or consonants (Nawaz, Jawad): try the second key of each side too
    const a2 = a.key2 !== a.key ? consonantKey(a.key2) : a.ckey;
    const b2 = b.key2 !== b.key ? consonantKey(b.key2) : b.ckey;
    if (a.ckey === b.ckey || a2 === b.ckey || a.ckey === b2 || a2 === b2) {
      return { sim: a.ckey.length >= 2 ? p.skeletonSim : p.skeletonSim * 0.8, kind: 'translit' };
    }
    const d = Math.min(damerauLevenshtein(a.ckey, b.ckey), damerauLevenshtein(a2, b2));
    const s = (1 - d / Math.max(a.ckey.length, b.ckey.length)) * p.skeletonSim;
    return { sim: s, kind: 'fuzzy', distance: d };
  }
  const cross = a.script !== b.script;
  if ((a.script === 'cjk' || a.script === 'other' || b.script === 'cjk' || b.script === 'other') && cross) return NO_MATCH;
  let d = damerauLevenshtein(a.text, b.text);
  let L = Math.max(lenOf(a.text), lenOf(b.text));
  if (!cross && a.script !== 'latin' && a.original !== a.text) {
    // same non-Latin script: one typo is one letter of the original, not 1–4 romanised letters
    const od = damerauLevenshtein(a.original, b.original);
    const oL = Math.max(lenOf(a.original), lenOf(b.original));
    if (od / oL < d / L) {
      d = od;
      L = oL;
    }
  }
  const ts = 1 - d / L;
  if ((a.key === b.key || a.key2 === b.key || a.key === b.key2) && (a.ckey.length >= 2 || (cross && a.key.length >= 3))) {
    if (ts >= p.phoneticSim) return { sim: ts, kind: cross ? 'translit' : 'fuzzy', distance: d };
    return { sim: p.phoneticSim, kind: cross ? 'translit' : 'phonetic', distance: d };
  }
  // two different entries of the frequent-names list (Mohamed / Ahmed) are different names
  if (a.kind === 'common' && b.kind === 'common' && a.key !== b.key) return NO_MATCH;
  if (!cross) return { sim: ts, kind: 'fuzzy', distance: d };
  // transliterated from another script: spelling conventions differ, let the phonetic keys speak
  const kd = damerauLevenshtein(a.key, b.key);
  const ks = (1 - kd / Math.max(a.key.length, b.key.length)) * p.phoneticSim;
  if (cross && ks > ts && a.ckey.length >= 3) return { sim: ks, kind: 'phonetic', distance: d };
  return { sim: ts, kind: 'fuzzy', distance: d };
}

// ---------------------------------------------------------------------------
// glued words and acronyms

function concatToken(run: NameToken[]): NameToken {
  const text = run.map((t) => t.text).join('');
  const key = phoneticKey(text);
  const first = run[0] as NameToken;
  return {
    original: run.map((t) => t.original).join(' '),
    text,
    key,
    key2: altPhoneticKey(text),
    ckey: consonantKey(key),
    script: first.script,
    vowelless: run.every((t) => t.vowelless),
    kind: 'name',
    weight: Math.max(...run.map((t) => t.weight)),
    gen: first.gen,
  };
}

/**
 * Tokens merged by mergeRuns during one compareNormalised call (glued runs and acronyms; fresh
 * token objects, so one map serves both sides). Cleared at the start of each call.
 */
const mergedKinds = new Map<NameToken, MatchKind>();

/** "Rami Makhlouf" vs "Ramimakhlouf", "Tse-tung" vs "Zedong": merge a run of tokens of x matching one token of y; returns x's tokens. */
function mergeRuns(xTokens: NameToken[], yTokens: NameToken[], acronyms: boolean): NameToken[] {
  let xt = xTokens;
  for (const target of yTokens) {
    if (target.kind === 'particle' || target.kind === 'initial') continue;
    const tl = target.text.length;
    let present = false;
    for (let k = 0; k < xt.length; k++) {
      if ((xt[k] as NameToken).text === target.text) {
        present = true;
        break;
      }
    }
    if (present) continue;
    let done = false;
    if (tl >= 5) {
      for (let i = 0; i < xt.length - 1 && !done; i++) {
        for (let len = 2; len <= 3 && i + len <= xt.length; len++) {
          // the glued run must be about as long as the target (checked before building it)
          let runLength = 0;
          for (let k = i; k < i + len; k++) runLength += (xt[k] as NameToken).text.length;
          if (Math.abs(runLength - tl) > 1) continue;
          const run = xt.slice(i, i + len);
          if (run[0]?.kind === 'particle' || run[len - 1]?.kind === 'particle') continue;
          const text = run.map((t) => t.text).join('');
          const d = text === target.text ? 0 : damerauLevenshtein(text, target.text);
          if (d > 3) continue;
          const merged = concatToken(run);
          const ok = d === 0 || (tl >= 8 && d <= 1) || (merged.key === target.key && merged.ckey.length >= 3);
          if (ok) {
            xt = [...xt.slice(0, i), merged, ...xt.slice(i + len)];
            mergedKinds.set(merged, 'merged');
            done = true;
            break;
          }
        }
      }
    }
    if (!done && acronyms && tl >= 2 && tl <= 5 && /^[a-z]+$/.test(target.text)) {
      // U.S. vs United States: letters = initials of consecutive words (particles skipped)
      for (let i = 0; i < xt.length && !done; i++) {
        const run: NameToken[] = [];
        let k = i;
        let pos = 0;
        while (k < xt.length && pos < tl) {
          const t = xt[k] as NameToken;
          if (t.kind === 'particle' && run.length > 0) {
            run.push(t);
            k++;
            continue;
          }
          if (t.text[0] !== target.text[pos]) break;
          run.push(t);
          pos++;
          k++;
        }
        if (pos === tl && run.length >= 2) {
          const acr: NameToken = { ...target, original: run.map((t) => t.original).join(' '), weight: Math.max(...run.map((t) => t.weight)) };
          xt = [...xt.slice(0, i), acr, ...xt.slice(i + run.length)];
          mergedKinds.set(acr, 'acronym');
          done = true;
        }
      }
    }
  }
  return xt;
}

/** The tokens without particles (the same array when there are none). */
function withoutParticles(tokens: NameToken[]): NameToken[] {
  for (let i = 0; i < tokens.length; i++) {
    if ((tokens[i] as NameToken).kind === 'particle') return tokens.filter((t) => t.kind !== 'particle');
  }
  return tokens;
}

// ---------------------------------------------------------------------------

function rescale(s: number, floor: number): number {
  if (s >= 1) return 1;
  return Math.max(0, (s - floor) / (1 - floor));
}

// scratch of compareNormalised (not re-entrant: nothing it calls compares names): candidate
// pairs as parallel arrays, their order, and the used flags of both sides
let candI = new Int32Array(64);
let candJ = new Int32Array(64);
let candAdj = new Float64Array(64);
let candW = new Float64Array(64);
let candOrder = new Int32Array(64);
const candSim: TokenSim[] = [];
let usedA = new Uint8Array(32);
let usedB = new Uint8Array(32);

/** Candidate x goes after candidate y: higher similarity first, then heavier pairs (Array.prototype.sort's comparator of old). */
function candAfter(x: number, y: number): boolean {
  const c = (candAdj[y] as number) - (candAdj[x] as number) || (candW[y] as number) - (candW[x] as number);
  return c > 0;
}

/** Compare two normalised names. */
export function compareNormalised(
  na: NormalisedName,
  nb: NormalisedName,
  threshold = DEFAULT_THRESHOLD,
  p: MatchParams = MATCH_PARAMS,
  explain = true,
  cache?: TokenSimCache,
): CompareResult {
  const cls: SchemaClass = na.schema !== 'any' ? na.schema : nb.schema;
  const personish = cls === 'person' || cls === 'any';
  if (mergedKinds.size > 0) mergedKinds.clear();
  const acronyms = !personish || cls === 'any';
  const tokA = mergeRuns(na.tokens, nb.tokens, acronyms);
  const tokB = mergeRuns(nb.tokens, tokA, acronyms);
  const A = withoutParticles(tokA);
  const B = withoutParticles(tokB);
  // nothing is added to these without an explanation (a shared empty array then)
  const penalties: string[] = explain ? [] : NO_STRINGS;

  // candidate pairs
  const maxPairs = A.length * B.length;
  if (maxPairs > candI.length) {
    const cap = Math.max(maxPairs, 2 * candI.length);
    candI = new Int32Array(cap);
    candJ = new Int32Array(cap);
    candAdj = new Float64Array(cap);
    candW = new Float64Array(cap);
    candOrder = new Int32Array(cap);
  }
  let nc = 0;
  for (let i = 0; i < A.length; i++) {
    const ta = A[i] as NameToken;
    let row = cache?.get(ta);
    if (cache && !row) {
      row = new Map();
      cache.set(ta, row);
    }
    for (let j = 0; j < B.length; j++) {
      const tb = B[j] as NameToken;
      let s = row?.get(tb);
      if (!s) {
        s = tokenSimilarity(ta, tb, p);
        row?.set(tb, s);
      }
      let adj = s.sim;
      if (ta.gen >= 0 && tb.gen >= 0 && ta.gen !== tb.gen) adj *= p.nasabFactor;
      if (adj >= p.pairMin) {
        candI[nc] = i;
        candJ[nc] = j;
        candAdj[nc] = adj;
        candW[nc] = tb.weight + ta.weight;
        candSim[nc] = s;
        nc++;
      }
    }
  }
  // stable order: best similarity first, then the heavier pair, then the order of discovery
  if (nc <= 64) {
    for (let k = 0; k < nc; k++) {
      let m = k;
      while (m > 0 && candAfter(candOrder[m - 1] as number, k)) {
        candOrder[m] = candOrder[m - 1] as number;
        m--;
      }
      candOrder[m] = k;
    }
  } else {
    const idx = Array.from({ length: nc }, (_, k) => k).sort((x, y) => (candAdj[y] as number) - (candAdj[x] as number) || (candW[y] as number) - (candW[x] as number));
    for (let k = 0; k < nc; k++) candOrder[k] = idx[k] as number;
  }
  if (A.length > usedA.length) usedA = new Uint8Array(2 * A.length);
  if (B.length > usedB.length) usedB = new Uint8Array(2 * B.length);
  usedA.fill(0, 0, A.length);
  usedB.fill(0, 0, B.length);
  const matches: TokenMatch[] = explain ? [] : NO_MATCHES;
  let num = 0;
  let den = 0;
  let patronymicClash = false;
  let nasabClash = false;
  for (let k = 0; k < nc; k++) {
    const c = candOrder[k] as number;
    const ci = candI[c] as number;
    const cj = candJ[c] as number;
    if (usedA[ci] || usedB[cj]) continue;
    usedA[ci] = 1;
    usedB[cj] = 1;
    const ta = A[ci] as NameToken;
    const tb = B[cj] as NameToken;
    const s = candSim[c] as TokenSim;
    const adj = candAdj[c] as number;
    const w = (ta.weight + tb.weight) / 2;
    const e = s.kind === 'fuzzy' ? rescale(adj, p.fuzzyFloor) : adj;
    num += e * w;
    den += w;
    if (ta.kind === 'patronymic' && tb.kind === 'patronymic' && adj < 0.85) patronymicClash = true;
    if (adj < s.sim) nasabClash = true;
    if (!explain) continue;
    const kind = mergedKinds.get(ta) ?? mergedKinds.get(tb) ?? s.kind;
    matches.push({
      a: ta.original,
      b: tb.original,
      kind,
      similarity: round4(adj),
      ...(s.distance !== undefined && s.distance > 0 ? { distance: s.distance } : {}),
      weight: round4(w),
    });
  }
  for (let k = 0; k < nc; k++) candSim[k] = NO_MATCH; // no references kept to the cache's entries
  let ua = 0;
  let ub = 0;
  let nUnA = 0;
  let nUnB = 0;
  let patronymicUnA = false;
  let patronymicUnB = false;
  for (let i = 0; i < A.length; i++) {
    if (usedA[i]) continue;
    const t = A[i] as NameToken;
    ua += t.weight;
    nUnA++;
    if (t.kind === 'patronymic') patronymicUnA = true;
  }
  for (let j = 0; j < B.length; j++) {
    if (usedB[j]) continue;
    const t = B[j] as NameToken;
    ub += t.weight;
    nUnB++;
    if (t.kind === 'patronymic') patronymicUnB = true;
  }
  const conflictW = Math.min(ua, ub);
  const extraW = Math.abs(ua - ub);
  den += p.conflict * conflictW + (personish ? p.extra : p.extraOrg) * extraW;
  if (explain) {
    const bothUnmatched = nUnA > 0 && nUnB > 0;
    for (let i = 0; i < A.length; i++) {
      const t = A[i] as NameToken;
      if (!usedA[i]) matches.push({ a: t.original, b: null, kind: bothUnmatched ? 'conflict' : 'missing', similarity: 0, weight: round4(t.weight) });
    }
    for (let j = 0; j < B.length; j++) {
      const t = B[j] as NameToken;
      if (!usedB[j]) matches.push({ a: null, b: t.original, kind: bothUnmatched ? 'conflict' : 'missing', similarity: 0, weight: round4(t.weight) });
    }
  }

  let raw = den > 0 ? num / den : 0;
  if (A.length === 0 || B.length === 0) raw = 0;

  if (personish) {
    if (patronymicUnA && patronymicUnB) patronymicClash = true;
    if (patronymicClash && raw > p.patronymicCap) {
      raw = p.patronymicCap;
      if (explain) penalties.push('patronymics differ');
    }
    if (nasabClash && explain) penalties.push('name at a different place of the nasab (bin/ibn chain)');
  }
  if (cls === 'person') {
    const sigA = A.length;
    const sigB = B.length;
    if (Math.min(sigA, sigB) === 1 && Math.max(sigA, sigB) >= 2 && raw > p.singleTokenCap) {
      raw = p.singleTokenCap;
      if (explain) penalties.push('single name token against a full name');
    }
  }
  let compatible: boolean | null = null;
  if (na.legalForms.length > 0 && nb.legalForms.length > 0) {
    // "Co." is generic when a specific form is present too ("Co., Ltd.")
    const fa = na.legalForms.filter((f) => f.family !== 'generic' || na.legalForms.every((g) => g.family === 'generic'));
    const fb = nb.legalForms.filter((f) => f.family !== 'generic' || nb.legalForms.every((g) => g.family === 'generic'));
    compatible = fa.some((x) => fb.some((y) => legalFamiliesCompatible(x.family, y.family)));
    // same family, different form (LLC vs Ltd): a hair lower than an identical form
    if (compatible && !fa.some((x) => fb.some((y) => x.code === y.code || x.family === 'generic' || y.family === 'generic'))) raw *= 0.99;
    if (!compatible) {
      raw *= p.legalFormFactor;
      if (explain) penalties.push(`legal forms differ (${na.legalForms.map((f) => f.code).join('/')} vs ${nb.legalForms.map((f) => f.code).join('/')})`);
    }
  }
  const score = round4(Math.pow(Math.min(1, Math.max(0, raw)), p.calibration));
  if (mergedKinds.size > 0) mergedKinds.clear();
  if (!explain) return { score, match: score >= threshold, explanation: EMPTY_EXPLANATION };
  const explanation: MatchExplanation = {
    schema: cls,
    tokensA: na.tokens.filter((t) => t.kind !== 'particle').map((t) => t.text),
    tokensB: nb.tokens.filter((t) => t.kind !== 'particle').map((t) => t.text),
    matches,
    legalForms: { a: na.legalForms.map((f) => f.code), b: nb.legalForms.map((f) => f.code), compatible },
    penalties,
    summary: summarise(matches, penalties),
  };
  return { score, match: score >= threshold, explanation };
}

const EMPTY_EXPLANATION: MatchExplanation = {
  schema: 'any',
  tokensA: [],
  tokensB: [],
  matches: [],
  legalForms: { a: [], b: [], compatible: null },
  penalties: [],
  summary: '',
};

/** Raw score needed for a calibrated score ≥ threshold. */
export function rawThreshold(threshold: number, p: MatchParams = MATCH_PARAMS): number {
  return Math.pow(threshold, 1 / p.calibration);
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function summarise(matches: TokenMatch[], penalties: string[]): string {
  const parts = matches.map((m) => {
    switch (m.kind) {
      case 'missing':
        return `${m.a ?? m.b} (missing in ${m.a ? 'second' : 'first'})`;
      case 'conflict':
        return `${m.a ?? m.b} (no counterpart)`;
      case 'exact':
        return `${m.a} = ${m.b}`;
      case 'fuzzy':
        return `${m.a} ~ ${m.b} (fuzzy, distance ${m.distance ?? 0})`;
      default:
        return `${m.a} ≈ ${m.b} (${m.kind})`;
    }
  });
  return [...parts, ...penalties.map((p) => `penalty: ${p}`)].join('; ');
}

/**
 * Compare two names. `schema` is a FollowTheMoney schema (Person, Company,
 * Organization, Vessel, LegalEntity…) and switches schema-specific rules.
 */
export function compareNames(a: string | NormalisedName, b: string | NormalisedName, schema?: SchemaInput, threshold = DEFAULT_THRESHOLD): CompareResult {
  const na = typeof a === 'string' ? normaliseName(a, schema) : a;
  const nb = typeof b === 'string' ? normaliseName(b, schema) : b;
  return compareNormalised(na, nb, threshold);
}
