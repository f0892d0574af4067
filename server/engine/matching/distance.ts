/**
 * Optimal-string-alignment Damerau–Levenshtein distance (insert, delete,
 * substitute, transpose adjacent), on UTF-16 code units, without allocation
 * per call.
 *
 * After stripping the common prefix and suffix, strings whose shorter rest
 * fits in 32 code units (all name tokens in practice) use Hyyrö's
 * bit-parallel algorithm (one pass over the longer string, a handful of
 * 32-bit operations per character — H. Hyyrö, "A bit-vector algorithm for
 * computing Levenshtein and Damerau edit distances", 2003); longer ones the
 * dynamic programme with typed-array rows.
 */

/** Bit mask of the pattern positions per UTF-16 code unit (cleared after each use). */
const PM = new Int32Array(65536);

/** OSA distance of p[ps, ps+m) (1 ≤ m ≤ 32) and t[ts, ts+n) by bit vectors. */
function osaBits(p: string, ps: number, m: number, t: string, ts: number, n: number): number {
  for (let i = 0; i < m; i++) PM[p.charCodeAt(ps + i)]! |= 1 << i;
  const dist = osaScanText(PM, m, t, ts, n);
  for (let i = 0; i < m; i++) PM[p.charCodeAt(ps + i)] = 0;
  return dist;
}

/*
 * The bit-parallel OSA pass (Hyyrö 2003): the pattern (length m, 1 ≤ m ≤ 32) is already in `pm` as bit masks
 * per code unit; the text is read once. Two copies that differ only in how the text is read (a string or
 * code units in a typed array), so neither pays for an accessor in this hot loop.
 */
function osaScanText(pm: Int32Array, m: number, t: string, ts: number, n: number): number {
  let vp = -1;
  let vn = 0;
  let d0 = 0;
  let pmOld = 0;
  let dist = m;
  const high = 1 << (m - 1);
  for (let j = 0; j < n; j++) {
    const pmj = pm[t.charCodeAt(ts + j)] as number;
    const tr = ((~d0 & pmj) << 1) & pmOld;
    d0 = ((((pmj & vp) + vp) | 0) ^ vp) | pmj | vn | tr;
    let hp = vn | ~(d0 | vp);
    const hn = d0 & vp;
    if (hp & high) dist++;
    else if (hn & high) dist--;
    hp = (hp << 1) | 1;
    vp = (hn << 1) | ~(d0 | hp);
    vn = hp & d0;
    pmOld = pmj;
  }
  return dist;
}

function osaScanUnits(pm: Int32Array, m: number, arr: Uint16Array, ts: number, n: number): number {
  let vp = -1;
  let vn = 0;
  let d0 = 0;
  let pmOld = 0;
  let dist = m;
  const high = 1 << (m - 1);
  for (let j = 0; j < n; j++) {
    const pmj = pm[arr[ts + j] as number] as number;
    const tr = ((~d0 & pmj) << 1) & pmOld;
    d0 = ((((pmj & vp) + vp) | 0) ^ vp) | pmj | vn | tr;
    let hp = vn | ~(d0 | vp);
    const hn = d0 & vp;
    if (hp & high) dist++;
    else if (hn & high) dist--;
    hp = (hp << 1) | 1;
    vp = (hn << 1) | ~(d0 | hp);
    vn = hp & d0;
    pmOld = pmj;
  }
  return dist;
}

const MAX = 128;
let prev2 = new Int32Array(MAX + 1);
let prev = new Int32Array(MAX + 1);
let cur = new Int32Array(MAX + 1);

export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let la = a.length;
  let lb = b.length;
  if (la === 0) return lb;
  if (lb === 0) return la;
  // strip common prefix and suffix
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  // keep one char of context for transpositions
  if (start > 0) start--;
  const n = la - start;
  const m = lb - start;
  if (n === 0) return m;
  if (m === 0) return n;
  if (n <= 32 && n <= m) return osaBits(a, start, n, b, start, m);
  if (m <= 32) return osaBits(b, start, m, a, start, n);
  return osaRows(a, b, start, n, m);
}

/**
 * OSA distance of the string `a` and the UTF-16 code units `arr[off, off + len)` (a word stored
 * in a typed-array arena), equal to damerauLevenshtein(a, that word).
 */
export function damerauLevenshteinAt(a: string, arr: Uint16Array, off: number, len: number): number {
  let la = a.length;
  let lb = len;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let start = 0;
  while (start < la && start < lb && a.charCodeAt(start) === arr[off + start]) start++;
  while (la > start && lb > start && a.charCodeAt(la - 1) === arr[off + lb - 1]) {
    la--;
    lb--;
  }
  if (start > 0) start--;
  const n = la - start;
  const m = lb - start;
  if (n === 0) return m;
  if (m === 0) return n;
  if (n <= 32 && n <= m) {
    // pattern: the string
    for (let i = 0; i < n; i++) PM[a.charCodeAt(start + i)]! |= 1 << i;
    const d = osaScanUnits(PM, n, arr, off + start, m);
    for (let i = 0; i < n; i++) PM[a.charCodeAt(start + i)] = 0;
    return d;
  }
  if (m <= 32) {
    // pattern: the stored word
    for (let i = 0; i < m; i++) PM[arr[off + start + i] as number]! |= 1 << i;
    const dist = osaScanText(PM, m, a, start, n);
    for (let i = 0; i < m; i++) PM[arr[off + start + i] as number] = 0;
    return dist;
  }
  return damerauLevenshtein(a, String.fromCharCode(...arr.subarray(off, off + len)));
}

/** Reference dynamic programme (exported for tests). */
export function damerauLevenshteinDP(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  return osaRows(a, b, 0, a.length, b.length);
}

function osaRows(a: string, b: string, start: number, n: number, m: number): number {
  if (m + 1 > prev.length) {
    prev2 = new Int32Array(m + 1);
    prev = new Int32Array(m + 1);
    cur = new Int32Array(m + 1);
  }
  for (let j = 0; j <= m; j++) prev[j] = j;
  let ca0 = -1;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(start + i - 1);
    cur[0] = i;
    let cb0 = -1;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(start + j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      if (ins < v) v = ins;
      const sub = (prev[j - 1] as number) + cost;
      if (sub < v) v = sub;
      if (i > 1 && j > 1 && ca === cb0 && ca0 === cb) {
        const tr = (prev2[j - 2] as number) + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      cb0 = cb;
    }
    ca0 = ca;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m] as number;
}

/** 1 − distance / longer length, in [0, 1]. */
export function editSimilarity(a: string, b: string): number {
  const l = Math.max(a.length, b.length);
  if (l === 0) return 1;
  return 1 - damerauLevenshtein(a, b) / l;
}

/**
 * Distance if it is at most `max`, otherwise any value > max (stops early once
 * every cell of a row exceeds the bound).
 */
export function damerauLevenshteinBounded(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (la === 0 || lb === 0) return Math.max(la, lb);
  if (la <= 32 || lb <= 32) return damerauLevenshtein(a, b);
  if (lb + 1 > prev.length) {
    prev2 = new Int32Array(lb + 1);
    prev = new Int32Array(lb + 1);
    cur = new Int32Array(lb + 1);
  }
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    const ca = a.charCodeAt(i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = (prev[j] as number) + 1;
      const ins = (cur[j - 1] as number) + 1;
      if (ins < v) v = ins;
      const sub = (prev[j - 1] as number) + (ca === cb ? 0 : 1);
      if (sub < v) v = sub;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = (prev2[j - 2] as number) + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] as number;
}

/**
 * A string prepared once as the pattern of many OSA distances (one query word against many
 * stored words): the bit masks are built once, each distance is one pass over the other word.
 */
export class OsaPattern {
  private readonly pm = new Int32Array(65536);
  private text = '';
  /** Prepare s; false when it cannot be a pattern (empty or longer than 32 units). */
  set(s: string): boolean {
    this.clear();
    if (s.length === 0 || s.length > 32) return false;
    this.text = s;
    for (let i = 0; i < s.length; i++) this.pm[s.charCodeAt(i)]! |= 1 << i;
    return true;
  }
  clear(): void {
    const s = this.text;
    for (let i = 0; i < s.length; i++) this.pm[s.charCodeAt(i)] = 0;
    this.text = '';
  }
  /** damerauLevenshtein(pattern, arr[off, off + len)). */
  distanceAt(arr: Uint16Array, off: number, len: number): number {
    const m = this.text.length;
    if (len === 0) return m;
    return osaScanUnits(this.pm, m, arr, off, len);
  }
}
