/**
 * Optimal-string-alignment Damerau–Levenshtein distance (insert, delete,
 * substitute, transpose adjacent), on UTF-16 code units, with reusable
 * typed-array rows (no allocation per call).
 */

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
