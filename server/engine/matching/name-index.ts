/**
 * In-memory candidate index for screening one name against many.
 *
 * Layout (typed arrays, no object per name, posting or lookup key):
 *  - vocabulary of distinct written word forms (Map word → id) with their
 *    romanisation and phonetic keys (string arrays) and, per id, the lengths
 *    and 32-bit hashes of text and keys (typed arrays) so that most far-away
 *    words are rejected without touching their strings;
 *  - a multimap from 32-bit lookup-key hashes to vocabulary ids: exact
 *    romanised text, its single-character deletions (SymSpell-style, finds
 *    edit distance 1 and many 2s), phonetic keys and their deletions, consonant
 *    skeletons (for Arabic script). Compacted into buckets with their (hash,
 *    id) pairs stored contiguously (one probe = two cache lines), plus a small
 *    chained table of recent additions;
 *  - postings vocabulary id → name ids in CSR form (offsets + data) plus a small
 *    unsorted log of recent additions, merged on demand (compaction);
 *  - per name one 16-byte record (token range, schema, alive flag, weight) and
 *    per-name token arrays (vocabulary id, kind, nasab position, weight).
 *
 * Search: romanise the query, collect similar vocabulary entries per query
 * token (cached per query word), credit the names on the postings of the
 * closest words in a small per-search hash table (no scan of per-name arrays),
 * drop names whose optimistic score cannot reach the threshold, and score the
 * best few with compareNormalised.
 */
import { compareNormalised, DEFAULT_THRESHOLD, MATCH_PARAMS, rawThreshold, tokenSimilarity, type MatchExplanation, type TokenSimCache } from './compare.ts';
import type { LegalFormHit } from './legal-forms.ts';
import { normaliseName, schemaClass, tokenWeight, type NameToken, type NormalisedName, type SchemaClass, type TokenKind } from './normalise.ts';
import type { Script } from './translit.ts';
import { damerauLevenshtein, damerauLevenshteinAt, OsaPattern } from './distance.ts';
import { consonantKey } from './phonetic.ts';

export interface SearchOptions {
  /** FollowTheMoney schema of the query (Person, Company, …); restricts hits to compatible schemas. */
  schema?: string;
  /** Maximum number of hits (default 10). */
  limit?: number;
  /** Minimum score (default DEFAULT_THRESHOLD). */
  threshold?: number;
}

export interface SearchHit {
  id: string;
  score: number;
  /** The name (or alias) of the entity that matched best. */
  matchedName: string;
  schema: string | null;
  explanation: MatchExplanation;
}

export interface NameIndexOptions {
  /** Candidates fully scored per search (default 32). */
  maxCandidates?: number;
  /** Posting entries visited per search before the most frequent query tokens are skipped (default 150 000). */
  postingBudget?: number;
}

export interface NameIndexStats {
  entities: number;
  names: number;
  vocabulary: number;
  postings: number;
  /** Entries of the lookup-key multimap (similar-word search). */
  lookupKeys: number;
  /** Bytes held in typed arrays. */
  typedArrayBytes: number;
  /** Rough estimate of bytes held in strings and maps. */
  estimatedStringBytes: number;
}

// ---------------------------------------------------------------------------
// growable typed vectors — one small class per element type rather than one generic class, so that the
// element accesses in push() stay monomorphic in the build and search loops

class I32 {
  data: Int32Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = v;
  }
  grow(cap: number): void {
    const d = new Int32Array(Math.max(cap, 16));
    d.set(this.data.subarray(0, this.length));
    this.data = d;
  }
  reset(cap = 1024): void {
    this.data = new Int32Array(cap);
    this.length = 0;
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

class F64 {
  data: Float64Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Float64Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
}

class U32 {
  data: Uint32Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Uint32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Uint32Array(this.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

class U16 {
  data: Uint16Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Uint16Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Uint16Array(this.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  pushChars(s: string): void {
    for (let i = 0; i < s.length; i++) this.push(s.charCodeAt(i));
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

class U8 {
  data: Uint8Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Uint8Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Uint8Array(this.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

/**
 * 16-bit meta stored beside each posting, so that candidates are filtered without reading their
 * name record: schema class (2 bits), legal-form class (4 bits) and the name weight in 1/40
 * units, rounded down and saturated (the optimistic bound only gets looser).
 */
const META_WEIGHT_UNIT = 40;
const META_LEGAL_SHIFT = 2;
const META_WEIGHT_SHIFT = 6;
function postingMeta(schema: number, weight: number, legal: number): number {
  return (schema & FLAG_SCHEMA) | ((legal & 15) << META_LEGAL_SHIFT) | (Math.min(0x3ff, Math.floor(weight * META_WEIGHT_UNIT + 1e-6)) << META_WEIGHT_SHIFT);
}

/**
 * Small code (1–15, 0: none) of a name's legal form, compared between the query and the
 * candidates to order candidates that are otherwise tied ("Tian GmbH" before "Tian LLC").
 */
function legalClass(forms: readonly LegalFormHit[]): number {
  const f = forms.find((x) => x.family !== 'generic') ?? forms[0];
  if (!f) return 0;
  let h = 0;
  for (let i = 0; i < f.code.length; i++) h = (Math.imul(h, 31) + f.code.charCodeAt(i)) | 0;
  return 1 + ((h >>> 0) % 15);
}

/**
 * Per-name records, 8 × 32 bits (half a cache line): token start, token end, flags, weight
 * (float bits), and the vocabulary ids of the first NAME_INLINE tokens (-1 when fewer), so a
 * candidate's words are read with its record. Flags: schema (2 bits), alive (1 bit), then 6 bits
 * per inline token: kind (3 bits) and nasab place + 1 (3 bits, 7: see the token array).
 */
const NAME_STRIDE = 8;
const NAME_INLINE = 4;
const FLAG_SCHEMA = 3;
const FLAG_ALIVE = 4;
const FLAG_TOKENS_SHIFT = 3;
/** Legal-form class in the flags (4 bits, after the inline tokens). */
const FLAG_LEGAL_SHIFT = 27;
/** Per stored token: kind | (nasab place + 1) << 3. */
const TOK_GEN_SHIFT = 3;

class NameRecords {
  data = new Int32Array(NAME_STRIDE * 1024);
  weights = new Float32Array(this.data.buffer);
  length = 0;
  push(tokStart: number, tokEnd: number, schema: number, weight: number, tokVocab: Int32Array, tokMeta: Int32Array, legal: number): void {
    if ((this.length + 1) * NAME_STRIDE > this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
      this.weights = new Float32Array(d.buffer);
    }
    const o = this.length++ * NAME_STRIDE;
    this.data[o] = tokStart;
    this.data[o + 1] = tokEnd;
    let flags = schema | FLAG_ALIVE | (legal << FLAG_LEGAL_SHIFT);
    for (let i = 0; i < NAME_INLINE && tokStart + i < tokEnd; i++) {
      const m = tokMeta[tokStart + i] as number;
      const code = (m & 7) | (Math.min(7, m >>> TOK_GEN_SHIFT) << 3);
      flags |= code << (FLAG_TOKENS_SHIFT + 6 * i);
    }
    this.data[o + 2] = flags;
    this.weights[o + 3] = weight;
    for (let i = 0; i < NAME_INLINE; i++) this.data[o + 4 + i] = tokStart + i < tokEnd ? (tokVocab[tokStart + i] as number) : -1;
  }
  meta(n: number): number {
    const o = n * NAME_STRIDE;
    const flags = this.data[o + 2] as number;
    return postingMeta(flags, this.weights[o + 3] as number, (flags >>> FLAG_LEGAL_SHIFT) & 15);
  }
  alive(n: number): boolean {
    return ((this.data[n * NAME_STRIDE + 2] as number) & FLAG_ALIVE) !== 0;
  }
  kill(n: number): void {
    this.data[n * NAME_STRIDE + 2]! &= ~FLAG_ALIVE;
  }
  get bytes(): number {
    return this.data.byteLength;
  }
}

// ---------------------------------------------------------------------------
// lookup keys: 32-bit hash → vocabulary ids

function hashString(s: string, seed: number): number {
  return hashSkip(s, seed, -1, -1);
}

/** Hash of `s` without the characters at positions i and j (-1: none), without building the string. */
function hashSkip(s: string, seed: number, i: number, j: number): number {
  // the namespace is hashed as a first "character" outside the UTF-16 range, so that keys of
  // different namespaces do not collide on purpose (a plain seed XOR would map "a…" in one
  // namespace onto "b…" in another)
  let h = Math.imul(0x811c9dc5 ^ (0x10000 + seed), 0x01000193);
  for (let k = 0; k < s.length; k++) {
    if (k === i || k === j) continue;
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Receives vocabulary ids found under a lookup key. */
interface IdSink {
  add(v: number): void;
}

/**
 * Multimap from 32-bit hashes to ints. The compacted part groups (hash, value)
 * pairs by bucket in one interleaved array, so a probe reads the bucket bounds
 * and one contiguous run; recent additions go to a chained table until the next
 * rebuild.
 */
class KeyMultiMap {
  // presence bitmap over the hashes (≈ 4 bits per entry, high bits of the hash): most probes
  // (deletion variants of the query) find nothing, and are answered by one read of this map,
  // small enough to stay in the CPU caches
  private filter = new Int32Array(1 << 11);
  private fshift = 32 - 16;
  // compacted: bucket b holds pairs[2·start[b] …] up to start[b + 1]
  private start = new Int32Array(2);
  private bmask = 0;
  private pairs = new Uint32Array(0);
  // recent additions, chained
  private heads = new Int32Array(1024).fill(-1);
  private hmask = 1023;
  private readonly pHash = new U32();
  private readonly pVal = new I32();
  private readonly pNext = new I32();

  get size(): number {
    return this.pairs.length / 2 + this.pHash.length;
  }

  get pending(): number {
    return this.pHash.length;
  }

  add(h: number, v: number): void {
    const f = h >>> this.fshift;
    this.filter[f >>> 5]! |= 1 << (f & 31);
    const i = this.pHash.length;
    this.pHash.push(h);
    this.pVal.push(v);
    if (i >= this.heads.length) this.rehashPending(this.heads.length * 2);
    const b = h & this.hmask;
    this.pNext.push(this.heads[b] as number);
    this.heads[b] = i;
  }

  /** Adds every value stored under hash h to the sink. */
  collect(h: number, sink: IdSink): void {
    const f = h >>> this.fshift;
    if (((this.filter[f >>> 5] as number) & (1 << (f & 31))) === 0) return;
    const b = h & this.bmask;
    const pairs = this.pairs;
    const end = 2 * (this.start[b + 1] as number);
    for (let k = 2 * (this.start[b] as number); k < end; k += 2) {
      if (pairs[k] === h) sink.add(pairs[k + 1] as number);
    }
    if (this.pHash.length > 0) {
      const ph = this.pHash.data;
      const pv = this.pVal.data;
      const pn = this.pNext.data;
      for (let i = this.heads[h & this.hmask] as number; i >= 0; i = pn[i] as number) {
        if (ph[i] === h) sink.add(pv[i] as number);
      }
    }
  }

  /**
   * collect() for hs[0 … n), in order. The passes first read the presence map, then the bucket
   * bounds, then the first line of each bucket, each in a tight loop of independent reads, so
   * that the CPU overlaps their cache misses instead of waiting for them one by one.
   */
  collectAll(hs: Uint32Array, n: number, sink: IdSink): void {
    const filter = this.filter;
    const shift = this.fshift;
    const lo = this.scratchLo.length >= 2 * n ? this.scratchLo : (this.scratchLo = new Int32Array(4 * n));
    let m = 0;
    for (let k = 0; k < n; k++) {
      const h = hs[k] as number;
      const f = h >>> shift;
      if ((filter[f >>> 5] as number) & (1 << (f & 31))) hs[m++] = h;
    }
    const start = this.start;
    const mask = this.bmask;
    for (let k = 0; k < m; k++) {
      const b = (hs[k] as number) & mask;
      lo[2 * k] = start[b] as number;
      lo[2 * k + 1] = start[b + 1] as number;
    }
    const pairs = this.pairs;
    let touch = 0;
    for (let k = 0; k < m; k++) touch += pairs[2 * (lo[2 * k] as number)] ?? 0;
    this.touched = touch;
    const pending = this.pHash.length > 0;
    for (let k = 0; k < m; k++) {
      const h = hs[k] as number;
      const end = 2 * (lo[2 * k + 1] as number);
      for (let i = 2 * (lo[2 * k] as number); i < end; i += 2) {
        if (pairs[i] === h) sink.add(pairs[i + 1] as number);
      }
      if (pending) {
        const ph = this.pHash.data;
        const pv = this.pVal.data;
        const pn = this.pNext.data;
        for (let i = this.heads[h & this.hmask] as number; i >= 0; i = pn[i] as number) {
          if (ph[i] === h) sink.add(pv[i] as number);
        }
      }
    }
  }

  private scratchLo = new Int32Array(256);
  /** Sink for the touch reads (keeps them from being optimised away). */
  touched = 0;

  /** Merge recent additions into the compacted buckets. */
  rebuild(): void {
    const oldPairs = this.pairs;
    const oldN = oldPairs.length / 2;
    const pn = this.pHash.length;
    const total = oldN + pn;
    let nb = 1024;
    while (nb < total / 2) nb *= 2;
    const mask = nb - 1;
    const start = new Int32Array(nb + 1);
    for (let k = 0; k < 2 * oldN; k += 2) start[((oldPairs[k] as number) & mask) + 1]!++;
    const ph = this.pHash.data;
    const pv = this.pVal.data;
    for (let i = 0; i < pn; i++) start[((ph[i] as number) & mask) + 1]!++;
    for (let b = 0; b < nb; b++) start[b + 1]! += start[b] as number;
    const fill = start.slice(0, nb);
    const pairs = new Uint32Array(2 * total);
    for (let k = 0; k < 2 * oldN; k += 2) {
      const h = oldPairs[k] as number;
      const at = 2 * fill[h & mask]!++;
      pairs[at] = h;
      pairs[at + 1] = oldPairs[k + 1] as number;
    }
    for (let i = 0; i < pn; i++) {
      const h = ph[i] as number;
      const at = 2 * fill[h & mask]!++;
      pairs[at] = h;
      pairs[at + 1] = pv[i] as number;
    }
    this.start = start;
    this.bmask = mask;
    this.pairs = pairs;
    let fbits = 16;
    while (fbits < 30 && 2 ** fbits < total * 4) fbits++;
    this.fshift = 32 - fbits;
    this.filter = new Int32Array(2 ** (fbits - 5));
    for (let k = 0; k < 2 * total; k += 2) {
      const fh = (pairs[k] as number) >>> this.fshift;
      this.filter[fh >>> 5]! |= 1 << (fh & 31);
    }
    this.heads = new Int32Array(1024).fill(-1);
    this.hmask = 1023;
    this.pHash.length = 0;
    this.pHash.data = new Uint32Array(1024);
    this.pVal.reset();
    this.pNext.reset();
  }

  private rehashPending(cap: number): void {
    this.heads = new Int32Array(cap).fill(-1);
    this.hmask = cap - 1;
    const ph = this.pHash.data;
    const pn = this.pNext.data;
    // pNext of the entry being added is pushed by the caller after this
    for (let i = 0; i < this.pNext.length; i++) {
      const b = (ph[i] as number) & this.hmask;
      pn[i] = this.heads[b] as number;
      this.heads[b] = i;
    }
  }

  get bytes(): number {
    return this.filter.byteLength + this.start.byteLength + this.pairs.byteLength + this.heads.byteLength + this.pHash.bytes + this.pVal.bytes + this.pNext.bytes;
  }
}

// lookup key namespaces
const NS_TEXT = 1;
const NS_TEXT_DEL = 2;
const NS_KEY = 3;
const NS_KEY_DEL = 4;
const NS_CKEY = 5;
/** Consonant skeletons of Arabic-script words only (probed by words of other scripts). */
const NS_CKEY_ARABIC = 6;

/** Hashes of the distinct single-character deletions of s (without building the strings). */
function deletionHashes(s: string, ns: number, out: Set<number>): void {
  out.clear();
  for (let i = 0; i < s.length; i++) {
    // deleting either letter of a double gives the same string
    if (i > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1)) continue;
    out.add(hashSkip(s, ns, i, -1));
  }
}

const KIND_CODES: TokenKind[] = ['name', 'common', 'particle', 'patronymic', 'initial', 'number'];
const KIND_OF = new Map<TokenKind, number>(KIND_CODES.map((k, i) => [k, i]));
const SCHEMA_CODES: SchemaClass[] = ['any', 'person', 'org', 'vessel'];
const SCHEMA_OF = new Map<SchemaClass, number>(SCHEMA_CODES.map((k, i) => [k, i]));
const SCRIPT_CODES: Script[] = ['latin', 'cyrillic', 'georgian', 'armenian', 'arabic', 'greek', 'cjk', 'other', 'digit'];
const SCRIPT_OF = new Map<Script, number>(SCRIPT_CODES.map((k, i) => [k, i]));
const S_LATIN = 0;
const S_ARABIC = 4;
const S_CJK = 6;
const S_OTHER = 7;

// Vocabulary word slots: 32 UTF-16 units (64 bytes, one cache line) per word: a header of 3
// units, then the text, the original (unless equal to the text), the key and key2 (unless equal
// to the key). Words whose characters do not fit keep them in an overflow array (the slot then
// holds its offset); words longer than 255 units are compared through their strings.
const SLOT = 32;
const SLOT_HEADER = 3;
const SLOT_FLAG_ORIG_SAME = 1;
const SLOT_FLAG_KEY2_SAME = 2;
const SLOT_FLAG_OVERFLOW = 4;
/** Script code of words compared through their strings. */
const SLOT_LONG = 0xff;

/** consonantKey of the key stored at ar[off, off + len). */
function consonantAt(ar: Uint16Array, off: number, len: number): string {
  let out = '';
  let last = -1;
  for (let i = 0; i < len; i++) {
    const c = ar[off + i] as number;
    if (c >= 0xd800 && c <= 0xdfff) return consonantKey(String.fromCharCode(...ar.subarray(off, off + len)));
    if (c === 65 /* A */ || c === last) continue;
    out += String.fromCharCode(c);
    last = c;
  }
  return out;
}

function equalAt(s: Uint16Array, ar: Uint16Array, off: number, len: number): boolean {
  if (s.length !== len) return false;
  for (let i = 0; i < len; i++) if (s[i] !== ar[off + i]) return false;
  return true;
}

function charsOf(s: string): Uint16Array {
  const a = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
  return a;
}

/**
 * Word similarity needed for a stored word to produce candidates. Lower similarities
 * still count when the candidate is scored; alone they cannot lift a name over the threshold.
 */
const RETRIEVAL_MIN_SIM = 0.65;

/** Word similarity needed to generate candidates, and how many similar words generate. */
const GENERATION_MIN_SIM = 0.72;
const USE_KEY_DELETIONS = true;
/** Posting count above which a query token may be left out of candidate generation. */
const SKIP_MIN_COST = 256;
const MAX_GENERATING_WORDS = 40;
/** Postings a query word may generate from all its similar words before the cap above applies. */
const GENERATION_FREE_POSTINGS = 2048;

/**
 * Skipped words' postings scanned per candidate, at most, rather than reading each candidate's
 * words (testing a posting against the bitmap of candidates, in name order, costs ~1/200 of the
 * cache misses of reading a name's record and tokens).
 */
const SKIP_SCAN_RATIO = 200;

/**
 * Postings scan one candidate's exact skipped-word credit is worth (a record read and a few
 * table probes, against sequential postings and a bitmap test each).
 */
const EXACT_SKIP_COST = 16;

/** Pending postings scanned linearly at search time before a compaction is forced. */
const PENDING_SCAN_MAX = 4096;
/** Recent lookup keys kept in the chained table before they are merged into the buckets. */
const LOOKUP_PENDING_MIN = 1 << 18;

/**
 * Query words whose similar words are kept (the frequent ones are what repeats; a larger cache
 * mostly adds long-lived garbage for the collector).
 */
const SIM_CACHE_MAX = 10_000;

/** Interned stored tokens kept at most (they are rebuilt on demand). */
const TOKEN_CACHE_MAX = 50_000;

/** Bit of query word (probe) i in an accumulator slot (the 16th bit is shared by any further probes). */
function probeBit(i: number): number {
  return 1 << Math.min(i, 15);
}

/**
 * Optimistic score of a candidate with accumulated similarity `a` out of the query weight `qw`:
 * query words not found (typos beyond the lookup) are assumed half-matched, other words of the
 * candidate count as "extra" words.
 */
function optimistic(a: number, qw: number, nw: number, extra: number): number {
  const m = a + 0.35 * (qw - a);
  return m / (m + extra * Math.max(0, nw - a));
}

/**
 * Indexes 0 … n−1 ordered by sims[i] descending, equal sims by index (a stable bottom-up merge
 * sort into reused buffers, without the garbage of Array.prototype.sort).
 */
function sortBySimDesc(sims: Float64Array, n: number, scratch: { a: Int32Array; b: Int32Array }): Int32Array {
  if (scratch.a.length < n) {
    scratch.a = new Int32Array(2 * n);
    scratch.b = new Int32Array(2 * n);
  }
  let src = scratch.a;
  let dst = scratch.b;
  for (let i = 0; i < n; i++) src[i] = i;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const x = src[i] as number;
        const y = src[j] as number;
        // the right run's element goes first only when strictly better (stability)
        if ((sims[y] as number) > (sims[x] as number)) {
          dst[k++] = y;
          j++;
        } else {
          dst[k++] = x;
          i++;
        }
      }
      while (i < mid) dst[k++] = src[i++] as number;
      while (j < hi) dst[k++] = src[j++] as number;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Vocabulary words similar to one query word: ids and similarities, best first (equal
 * similarities in retrieval order), with their posting counts as of one compaction.
 */
class SimilarWords {
  private map: Map<number, number> | null = null;
  /** Postings per word and in total, valid for `postingsEpoch`. */
  counts: Int32Array;
  total = 0;
  postingsEpoch = -1;
  constructor(
    readonly ids: Int32Array,
    readonly sims: Float64Array,
  ) {
    this.counts = new Int32Array(ids.length);
  }
  get size(): number {
    return this.ids.length;
  }
  /** Similarity of word v (undefined when not similar). */
  get(v: number): number | undefined {
    if (!this.map) {
      this.map = new Map();
      for (let k = 0; k < this.ids.length; k++) this.map.set(this.ids[k] as number, this.sims[k] as number);
    }
    return this.map.get(v);
  }
}

/** Query token facts used to reject vocabulary entries before their strings are read. */
interface QueryProbe {
  token: NameToken;
  script: number;
  origLen: number;
  keyLen: number;
  /** Consonant skeleton of key2 (tokenSimilarity's a2). */
  ckey2: string;
  /** Text, original and key prepared as distance patterns (false: too long, use the generic distance). */
  textPat: boolean;
  origPat: boolean;
  keyPat: boolean;
  /** UTF-16 units of text, key and key2, for equality with stored words. */
  textChars: Uint16Array;
  keyChars: Uint16Array;
  key2Chars: Uint16Array;
}

/**
 * Set of vocabulary ids collected by the probes of one query word: a small open-addressing table
 * (stays in the CPU caches), reset by a stamp.
 */
class IdCollector implements IdSink {
  bits = 12;
  table = new Int32Array(2 << 12); // [stamp, id] per slot
  epoch = 0;
  ids = new I32(256);
  add(v: number): void {
    const t = this.table;
    const mask = (1 << this.bits) - 1;
    let s = Math.imul(v, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const o = 2 * s;
      if (t[o] !== this.epoch) {
        t[o] = this.epoch;
        t[o + 1] = v;
        this.ids.push(v);
        if (this.ids.length * 2 > mask) this.grow();
        return;
      }
      if (t[o + 1] === v) return;
      s = (s + 1) & mask;
    }
  }
  private grow(): void {
    this.bits++;
    this.table = new Int32Array(2 << this.bits);
    this.epoch = 1;
    const ids = this.ids.data;
    const n = this.ids.length;
    this.ids.length = 0;
    for (let k = 0; k < n; k++) this.add(ids[k] as number);
  }
  begin(): void {
    if (++this.epoch > 2_000_000_000) {
      this.table.fill(0);
      this.epoch = 1;
    }
    this.ids.length = 0;
  }
}

// accumulator slot layout (32-bit words): one 16-byte slot per credited name
const AC_STAMP = 0;
const AC_KEY = 1;
/** Low 16 bits: the query words (probes) that credited the name, one bit each; high 16 bits: the posting meta. */
const AC_TOKMETA = 2;
const AC_ACC = 3;
const AC_STRIDE = 4;

/**
 * Small open-addressing table name id → accumulated credit and posting meta (one 16-byte slot),
 * plus the credit of skipped query words beside it; reset per search by a stamp.
 */
class Accumulator {
  bits = 12;
  i32 = new Int32Array(AC_STRIDE << 12);
  f32 = new Float32Array(this.i32.buffer);
  skip = new Float32Array(1 << 12);
  epoch = 0;
  /** Offsets of the used slots, in insertion order. */
  used = new I32(1024);

  begin(expected: number): void {
    // the table used by this search is no larger than needed (it stays in the CPU caches);
    // the buffer only grows
    let bits = 10;
    while (1 << bits < expected * 2) bits++;
    this.bits = bits;
    if (AC_STRIDE << bits > this.i32.length) {
      this.i32 = new Int32Array(AC_STRIDE << bits);
      this.f32 = new Float32Array(this.i32.buffer);
      this.skip = new Float32Array(1 << bits);
      this.epoch = 0;
    }
    if (++this.epoch > 2_000_000_000) {
      this.i32.fill(0);
      this.epoch = 1;
    }
    this.used.length = 0;
  }

  /** Offset of name n's slot (inserted with credit 0 and the given meta when new); -1 when the table is full. */
  slot(n: number, meta: number): number {
    const mask = (1 << this.bits) - 1;
    const a = this.i32;
    let s = Math.imul(n, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const o = s * AC_STRIDE;
      if (a[o + AC_STAMP] !== this.epoch) {
        if (this.used.length * 2 >= mask + 1) return -1;
        a[o + AC_STAMP] = this.epoch;
        a[o + AC_KEY] = n;
        a[o + AC_TOKMETA] = meta << 16;
        this.f32[o + AC_ACC] = 0;
        this.skip[s] = 0;
        this.used.push(o);
        return o;
      }
      if (a[o + AC_KEY] === n) return o;
      s = (s + 1) & mask;
    }
  }

  /** Offset of name n's slot, or -1 when it has no credit. */
  find(n: number): number {
    const mask = (1 << this.bits) - 1;
    const a = this.i32;
    let s = Math.imul(n, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const o = s * AC_STRIDE;
      if (a[o + AC_STAMP] !== this.epoch) return -1;
      if (a[o + AC_KEY] === n) return o;
      s = (s + 1) & mask;
    }
  }
}

/** Similarity of skipped query tokens per vocabulary id, for the candidates' exact credit. */
class SkipTable {
  bits = 8;
  keys = new Int32Array(1 << 8);
  sims = new Float64Array(1 << 8);
  stamp = new Int32Array(1 << 8);
  epoch = 0;

  begin(expected: number): void {
    let bits = 8;
    while (1 << bits < expected * 2) bits++;
    this.bits = bits;
    if (1 << bits > this.keys.length) {
      this.keys = new Int32Array(1 << bits);
      this.sims = new Float64Array(1 << bits);
      this.stamp = new Int32Array(1 << bits);
      this.epoch = 0;
    }
    this.epoch++;
  }

  private find(key: number): number {
    const mask = (1 << this.bits) - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    while (this.stamp[s] === this.epoch) {
      if (this.keys[s] === key) return s;
      s = (s + 1) & mask;
    }
    return ~s;
  }

  /** Keep the best similarity of vocabulary id v for skipped token si. */
  put(v: number, si: number, sim: number): void {
    const key = v * 8 + si;
    const s = this.find(key);
    if (s >= 0) {
      if ((this.sims[s] as number) < sim) this.sims[s] = sim;
      return;
    }
    const e = ~s;
    this.stamp[e] = this.epoch;
    this.keys[e] = key;
    this.sims[e] = sim;
  }

  get(v: number, si: number): number {
    const s = this.find(v * 8 + si);
    return s >= 0 ? (this.sims[s] as number) : 0;
  }
}

/** The k best (name, rank) pairs: a min-heap on rank, earlier names first among equal ranks. */
class TopK {
  private readonly names: Int32Array;
  private readonly ranks: Float64Array;
  private readonly order: Int32Array;
  private readonly out: Int32Array;
  private readonly outR: Float64Array;
  private readonly outO: Int32Array;
  private size = 0;
  private seq = 0;
  constructor(readonly k: number) {
    this.names = new Int32Array(k);
    this.ranks = new Float64Array(k);
    this.order = new Int32Array(k);
    this.out = new Int32Array(k);
    this.outR = new Float64Array(k);
    this.outO = new Int32Array(k);
  }

  /** Would a candidate of this rank enter the heap? */
  accepts(r: number): boolean {
    return this.size < this.k || r > (this.ranks[0] as number);
  }

  // heap order: lower rank first; among equal ranks the later candidate first (it leaves first)
  private less(i: number, j: number): boolean {
    const ri = this.ranks[i] as number;
    const rj = this.ranks[j] as number;
    return ri < rj || (ri === rj && (this.order[i] as number) > (this.order[j] as number));
  }

  private swap(i: number, j: number): void {
    const n = this.names[i] as number;
    const r = this.ranks[i] as number;
    const o = this.order[i] as number;
    this.names[i] = this.names[j] as number;
    this.ranks[i] = this.ranks[j] as number;
    this.order[i] = this.order[j] as number;
    this.names[j] = n;
    this.ranks[j] = r;
    this.order[j] = o;
  }

  push(name: number, r: number): void {
    let i: number;
    if (this.size < this.k) {
      i = this.size++;
      this.names[i] = name;
      this.ranks[i] = r;
      this.order[i] = this.seq++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.less(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    this.names[0] = name;
    this.ranks[0] = r;
    this.order[0] = this.seq++;
    i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const rr = l + 1;
      let m = i;
      if (l < this.size && this.less(l, m)) m = l;
      if (rr < this.size && this.less(rr, m)) m = rr;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  /** Names by rank, best first (earlier first among equal ranks): the first `size` entries of the returned (reused) array. */
  sorted(): Int32Array {
    // insertion sort of the few entries (a total order: rank descending, then arrival)
    const out = this.out;
    const outR = this.outR;
    const outO = this.outO;
    for (let k = 0; k < this.size; k++) {
      const r = this.ranks[k] as number;
      const o = this.order[k] as number;
      let m = k;
      while (m > 0 && ((outR[m - 1] as number) < r || ((outR[m - 1] as number) === r && (outO[m - 1] as number) > o))) {
        out[m] = out[m - 1] as number;
        outR[m] = outR[m - 1] as number;
        outO[m] = outO[m - 1] as number;
        m--;
      }
      out[m] = this.names[k] as number;
      outR[m] = r;
      outO[m] = o;
    }
    return out;
  }

  /** Empty the heap for the next search. */
  reset(): void {
    this.size = 0;
    this.seq = 0;
  }

  get count(): number {
    return this.size;
  }
}

export class NameIndex {
  // vocabulary
  private readonly vocabId = new Map<string, number>();
  private readonly vWord: string[] = [];
  private readonly vText: string[] = [];
  private readonly vKey: string[] = [];
  private readonly vKey2: string[] = [];
  private readonly vCkey: string[] = [];
  private readonly vScript = new U8();
  /** Per word: a 64-byte slot with its lengths, script and characters (see SLOT), for similarity without reading the strings. */
  private slots = new Uint16Array(SLOT * 1024);
  private readonly overflow = new U16(1024);
  private readonly lookup = new KeyMultiMap();

  // postings: CSR base + pending log
  private baseOff = new Int32Array(1);
  private baseData = new Int32Array(0);
  private baseMeta = new Uint16Array(0);
  private readonly pendVocab = new I32(PENDING_SCAN_MAX);
  private readonly pendName = new I32(PENDING_SCAN_MAX);
  private deadPostings = 0;

  // names
  private readonly names = new NameRecords();
  private readonly nameEntity = new I32();
  private readonly nameLegal = new I32();
  private readonly nameText: string[] = [];
  private readonly tokVocab = new I32();
  private readonly tokMeta = new I32();
  private readonly legalCombos: LegalFormHit[][] = [[]];
  private readonly legalComboId = new Map<string, number>([['', 0]]);

  // entities
  private readonly entityIds: Array<string | null> = [];
  private readonly entitySchema: Array<string | null> = [];
  private readonly entityFirst = new I32();
  private readonly entityCount = new I32();
  private readonly idToEntity = new Map<string, number>();
  private liveNames = 0;

  // search scratch
  private readonly collector = new IdCollector();
  private readonly accum = new Accumulator();
  private topK: TopK | null = null;
  private readonly skipTable = new SkipTable();
  private candidateBits = new Int32Array(1024);
  private readonly delSet = new Set<number>();
  private readonly probeHashes = new U32(256);
  private readonly patText = new OsaPattern();
  private readonly patOrig = new OsaPattern();
  private readonly patKey = new OsaPattern();
  /** Result of vocabSimilarity (a double returned through memory is not boxed). */
  private readonly simOut = new Float64Array(1);
  private readonly scratchName: NormalisedName = { original: '', schema: 'any', tokens: [], legalForms: [], titles: [], key: '' };
  private readonly foundIds = new I32(256);
  private readonly sortScratch = { a: new Int32Array(256), b: new Int32Array(256) };
  private readonly foundSims = new F64(256);
  private vocabTokenCache: Array<NameToken | undefined> = [];
  private tokensMade = 0;
  /** Stored tokens (vocabulary word with its kind, weight and nasab place in a name), shared between names. */
  private storedTokens = new Map<number, NameToken>();
  /** Similar vocabulary per query token, valid while the vocabulary does not grow. */
  private simCache = new Map<string, SimilarWords>();
  /** Incremented by each compaction (posting counts change). */
  private postingsEpoch = 0;
  private simCacheVocab = 0;

  private readonly maxCandidates: number;
  private readonly postingBudget: number;

  constructor(options: NameIndexOptions = {}) {
    this.maxCandidates = options.maxCandidates ?? 32;
    this.postingBudget = options.postingBudget ?? 150_000;
  }

  /** Number of entities (ids) in the index. */
  get size(): number {
    return this.idToEntity.size;
  }

  /** Number of live names (names + aliases). */
  get nameCount(): number {
    return this.liveNames;
  }

  has(id: string): boolean {
    return this.idToEntity.has(id);
  }

  /**
   * Add an entity with its names and aliases. Adding an id that exists
   * replaces its names.
   */
  add(id: string, names: readonly string[], schema?: string | null): void {
    if (this.idToEntity.has(id)) this.remove(id);
    const cls = schemaClass(schema);
    const entity = this.entityIds.length;
    this.entityIds.push(id);
    this.entitySchema.push(schema ?? null);
    this.entityFirst.push(this.nameText.length);
    let count = 0;
    const seen = new Set<string>();
    for (const name of names) {
      const trimmed = name.trim();
      if (!trimmed || seen.has(trimmed)) continue;
      seen.add(trimmed);
      const nn = normaliseName(trimmed, schema);
      if (nn.tokens.length === 0) continue;
      this.addName(entity, trimmed, nn, cls);
      count++;
    }
    this.entityCount.push(count);
    this.idToEntity.set(id, entity);
  }

  private addName(entity: number, text: string, nn: NormalisedName, cls: SchemaClass): void {
    const nameId = this.nameText.length;
    this.nameText.push(text);
    this.nameEntity.push(entity);
    this.liveNames++;
    const comboKey = nn.legalForms.map((f) => `${f.code}:${f.family}:${f.text}`).join('|');
    let combo = this.legalComboId.get(comboKey);
    if (combo === undefined) {
      combo = this.legalCombos.length;
      this.legalCombos.push(nn.legalForms);
      this.legalComboId.set(comboKey, combo);
    }
    this.nameLegal.push(combo);
    const tokStart = this.tokVocab.length;
    let weight = 0;
    const posted: number[] = [];
    for (const t of nn.tokens) {
      weight += t.weight;
      const v = this.vocab(t);
      this.tokVocab.push(v);
      this.tokMeta.push((KIND_OF.get(t.kind) ?? 0) | ((t.gen + 1) << TOK_GEN_SHIFT));
      // one posting per distinct word of the name
      if (t.kind !== 'particle' && !posted.includes(v)) {
        posted.push(v);
        this.pendVocab.push(v);
        this.pendName.push(nameId);
      }
    }
    this.names.push(tokStart, this.tokVocab.length, SCHEMA_OF.get(cls) ?? 0, weight, this.tokVocab.data, this.tokMeta.data, legalClass(nn.legalForms));
  }

  private vocab(t: NameToken): number {
    const word = (t.vowelless ? '\u0001' : '') + t.original + '\u0000' + t.text;
    let v = this.vocabId.get(word);
    if (v !== undefined) return v;
    v = this.vWord.length;
    this.vocabId.set(word, v);
    this.vWord.push(t.original);
    this.vText.push(t.text);
    this.vKey.push(t.key);
    this.vKey2.push(t.key2);
    this.vCkey.push(t.ckey);
    this.vocabTokenCache.push(undefined); // kept dense (an array written at far indexes turns into a dictionary)
    this.vScript.push(SCRIPT_OF.get(t.script) ?? 0);
    this.addToArena(t);
    // lookup keys
    const L = this.lookup;
    const dels = this.delSet;
    L.add(hashString(t.text, NS_TEXT), v);
    if (t.text.length >= 4 && t.script !== 'cjk') {
      deletionHashes(t.text, NS_TEXT_DEL, dels);
      dels.delete(hashString(t.text, NS_TEXT_DEL));
      for (const h of dels) L.add(h, v);
    }
    if (!t.vowelless && t.key.length >= 2) {
      L.add(hashString(t.key, NS_KEY), v);
      if (t.key2 !== t.key) L.add(hashString(t.key2, NS_KEY), v);
      if (USE_KEY_DELETIONS && t.key.length >= 6) {
        deletionHashes(t.key, NS_KEY_DEL, dels);
        dels.delete(hashString(t.key, NS_KEY_DEL));
        for (const h of dels) L.add(h, v);
      }
    }
    if (t.ckey.length >= 2) {
      L.add(hashString(t.ckey, NS_CKEY), v);
      if (t.vowelless) L.add(hashString(t.ckey, NS_CKEY_ARABIC), v);
    }
    return v;
  }

  private addToArena(t: NameToken): void {
    const v = this.vWord.length - 1;
    if ((v + 1) * SLOT > this.slots.length) {
      const d = new Uint16Array(this.slots.length * 2);
      d.set(this.slots);
      this.slots = d;
    }
    const o = v * SLOT;
    const S = this.slots;
    const long = t.text.length > 255 || t.original.length > 255 || t.key.length > 255 || t.key2.length > 255;
    if (long) {
      S[o] = SLOT_LONG << 8;
      return;
    }
    const sameOrig = t.original === t.text;
    const sameKey2 = t.key2 === t.key;
    const chars = t.text + (sameOrig ? '' : t.original) + t.key + (sameKey2 ? '' : t.key2);
    let flags = (sameOrig ? SLOT_FLAG_ORIG_SAME : 0) | (sameKey2 ? SLOT_FLAG_KEY2_SAME : 0);
    if (chars.length > SLOT - SLOT_HEADER) flags |= SLOT_FLAG_OVERFLOW;
    S[o] = t.text.length | ((SCRIPT_OF.get(t.script) ?? 0) << 8);
    S[o + 1] = (sameOrig ? 0 : t.original.length) | (t.key.length << 8);
    S[o + 2] = (sameKey2 ? 0 : t.key2.length) | (flags << 8);
    if (flags & SLOT_FLAG_OVERFLOW) {
      const at = this.overflow.length;
      S[o + SLOT_HEADER] = at & 0xffff;
      S[o + SLOT_HEADER + 1] = at >>> 16;
      this.overflow.pushChars(chars);
    } else for (let i = 0; i < chars.length; i++) S[o + SLOT_HEADER + i] = chars.charCodeAt(i);
  }

  /** Remove an entity; returns false if the id is unknown. */
  remove(id: string): boolean {
    const e = this.idToEntity.get(id);
    if (e === undefined) return false;
    this.idToEntity.delete(id);
    const first = this.entityFirst.data[e] as number;
    const n = this.entityCount.data[e] as number;
    const rec = this.names.data;
    for (let k = first; k < first + n; k++) {
      if (this.names.alive(k)) {
        this.names.kill(k);
        this.liveNames--;
        this.deadPostings += (rec[k * NAME_STRIDE + 1] as number) - (rec[k * NAME_STRIDE] as number);
      }
    }
    this.entityIds[e] = null;
    this.entitySchema[e] = null;
    if (this.deadPostings > 100_000 && this.deadPostings > this.baseData.length / 4) this.compact();
    return true;
  }

  /** Merge pending postings (and, when many, pending lookup keys) into the compact arrays; drop postings of removed names. */
  compact(): void {
    const V = this.vWord.length;
    const counts = new Int32Array(V + 1);
    const oldOff = this.baseOff;
    const oldData = this.baseData;
    const names = this.names;
    const oldV = oldOff.length - 1;
    for (let v = 0; v < oldV; v++) {
      for (let k = oldOff[v] as number; k < (oldOff[v + 1] as number); k++) if (names.alive(oldData[k] as number)) counts[v + 1]!++;
    }
    const pv = this.pendVocab.data;
    const pn = this.pendName.data;
    for (let k = 0; k < this.pendVocab.length; k++) if (names.alive(pn[k] as number)) counts[(pv[k] as number) + 1]!++;
    for (let v = 0; v < V; v++) counts[v + 1]! += counts[v] as number;
    const data = new Int32Array(counts[V] as number);
    const meta = new Uint16Array(data.length);
    const fill = counts.slice(0, V);
    for (let v = 0; v < oldV; v++) {
      for (let k = oldOff[v] as number; k < (oldOff[v + 1] as number); k++) {
        const n = oldData[k] as number;
        if (!names.alive(n)) continue;
        meta[fill[v] as number] = this.baseMeta[k] as number;
        data[fill[v]!++] = n;
      }
    }
    for (let k = 0; k < this.pendVocab.length; k++) {
      const n = pn[k] as number;
      if (!names.alive(n)) continue;
      const v = pv[k] as number;
      meta[fill[v] as number] = names.meta(n);
      data[fill[v]!++] = n;
    }
    this.baseOff = counts;
    this.baseData = data;
    this.baseMeta = meta;
    this.pendVocab.length = 0;
    this.pendName.length = 0;
    this.deadPostings = 0;
    this.postingsEpoch++;
    // the words' token objects are made here, not during searches (long-lived objects made while
    // searching cost major garbage collections)
    for (let v = this.tokensMade; v < V; v++) this.vocabToken(v);
    this.tokensMade = V;
    if (this.lookup.pending >= Math.max(LOOKUP_PENDING_MIN, this.lookup.size / 8)) this.lookup.rebuild();
  }

  private vocabToken(v: number): NameToken {
    let t = this.vocabTokenCache[v];
    if (t) return t;
    const script = SCRIPT_CODES[this.vScript.data[v] as number] ?? 'latin';
    const text = this.vText[v] as string;
    const ckey = this.vCkey[v] as string;
    const vowelless = script === 'arabic';
    // a plain name word (also the stored token of the word in most names)
    t = {
      original: this.vWord[v] as string,
      text,
      key: this.vKey[v] as string,
      key2: this.vKey2[v] as string,
      ckey,
      script,
      vowelless,
      kind: 'name',
      weight: tokenWeight('name', text, ckey, vowelless, script),
      gen: -1,
    };
    this.vocabTokenCache[v] = t;
    return t;
  }

  /**
   * The token object of a stored token: word v with its kind and nasab place (its weight follows
   * from both, as in normaliseName). Shared by every name with the same token.
   */
  private storedToken(v: number, kind: number, gen: number): NameToken {
    if (kind === 0 && gen === -1) return this.vocabToken(v);
    const cacheable = gen < 6;
    const key = v * 64 + kind * 8 + (gen + 1);
    if (cacheable) {
      const hit = this.storedTokens.get(key);
      if (hit) return hit;
    }
    const base = this.vocabToken(v);
    const k = KIND_CODES[kind] ?? 'name';
    const t: NameToken = { ...base, kind: k, weight: tokenWeight(k, base.text, base.ckey, base.vowelless, base.script), gen };
    if (cacheable) {
      if (this.storedTokens.size >= TOKEN_CACHE_MAX) this.storedTokens.clear();
      this.storedTokens.set(key, t);
    }
    return t;
  }

  /** Rebuild the normalised form of a stored name from its record (and token arrays for long names). */
  private storedName(n: number, scratch?: NormalisedName): NormalisedName {
    const rec = this.names.data;
    const o = n * NAME_STRIDE;
    const start = rec[o] as number;
    const end = rec[o + 1] as number;
    const flags = rec[o + 2] as number;
    const tokens: NameToken[] = scratch ? scratch.tokens : [];
    tokens.length = 0;
    for (let k = start; k < end; k++) {
      const i = k - start;
      let v: number;
      let kind: number;
      let genCode: number;
      if (i < NAME_INLINE) {
        v = rec[o + 4 + i] as number;
        const code = (flags >>> (FLAG_TOKENS_SHIFT + 6 * i)) & 63;
        kind = code & 7;
        genCode = code >>> 3;
        if (genCode === 7) genCode = (this.tokMeta.data[k] as number) >>> TOK_GEN_SHIFT;
      } else {
        v = this.tokVocab.data[k] as number;
        const m = this.tokMeta.data[k] as number;
        kind = m & 7;
        genCode = m >>> TOK_GEN_SHIFT;
      }
      tokens.push(this.storedToken(v, kind, genCode - 1));
    }
    if (scratch) {
      scratch.original = this.nameText[n] as string;
      scratch.schema = SCHEMA_CODES[flags & FLAG_SCHEMA] ?? 'any';
      scratch.legalForms = this.legalCombos[this.nameLegal.data[n] as number] ?? [];
      return scratch;
    }
    return {
      original: this.nameText[n] as string,
      schema: SCHEMA_CODES[flags & FLAG_SCHEMA] ?? 'any',
      tokens,
      legalForms: this.legalCombos[this.nameLegal.data[n] as number] ?? [],
      titles: [],
      key: '',
    };
  }

  /** Vocabulary entries similar to a query token, with their similarity. */
  private similarVocab(q: NameToken, glued = false): SimilarWords {
    if (this.simCacheVocab !== this.vWord.length || this.simCache.size > SIM_CACHE_MAX) {
      this.simCache.clear();
      this.simCacheVocab = this.vWord.length;
    }
    const cacheKey = `${glued ? 'g' : ''}${q.kind}\u0000${q.vowelless ? 1 : 0}\u0000${q.text}\u0000${q.key}\u0000${q.key2}`;
    const cached = this.simCache.get(cacheKey);
    if (cached) return cached;
    const found = this.lookupSimilar(q, glued);
    this.simCache.set(cacheKey, found);
    return found;
  }

  /** Posting counts of the similar words (cached until the next compaction). */
  private countPostings(w: SimilarWords): void {
    if (w.postingsEpoch === this.postingsEpoch) return;
    let total = 0;
    for (let k = 0; k < w.ids.length; k++) {
      const c = this.postingCount(w.ids[k] as number);
      w.counts[k] = c;
      total += c;
    }
    w.total = total;
    w.postingsEpoch = this.postingsEpoch;
  }

  private lookupSimilar(q: NameToken, glued = false): SimilarWords {
    const C = this.collector;
    C.begin();
    const H = this.probeHashes;
    H.length = 0;
    const text = q.text;
    H.push(hashString(text, NS_TEXT));
    if (glued) {
      // concatenated query words: exact or one deletion in the stored word only
      H.push(hashString(text, NS_TEXT_DEL));
    } else if (q.script !== 'cjk') {
      H.push(hashString(text, NS_TEXT_DEL));
      const n = text.length;
      if (n >= 3) {
        for (let i = 0; i < n; i++) {
          if (i > 0 && text.charCodeAt(i) === text.charCodeAt(i - 1)) continue;
          if (n - 1 >= 3) H.push(hashSkip(text, NS_TEXT_DEL, i, -1));
          H.push(hashSkip(text, NS_TEXT, i, -1));
          // long words: two deletions on the query side (edit distance up to 3)
          if (n >= 8) {
            for (let j = i + 1; j < n; j++) {
              // deleting either letter of a double gives the same string
              if (j - 1 > i && text.charCodeAt(j) === text.charCodeAt(j - 1)) continue;
              H.push(hashSkip(text, NS_TEXT_DEL, i, j));
              H.push(hashSkip(text, NS_TEXT, i, j));
            }
          }
        }
      }
    }
    if (q.vowelless) {
      if (q.ckey.length >= 2) H.push(hashString(q.ckey, NS_CKEY));
    } else if (q.key.length >= 2) {
      H.push(hashString(q.key, NS_KEY));
      if (q.key2 !== q.key) H.push(hashString(q.key2, NS_KEY));
      if (USE_KEY_DELETIONS && q.key.length >= 6) {
        H.push(hashString(q.key, NS_KEY_DEL));
        for (let i = 0; i < q.key.length; i++) {
          H.push(hashSkip(q.key, NS_KEY_DEL, i, -1));
          H.push(hashSkip(q.key, NS_KEY, i, -1));
        }
      }
      // Arabic-script entries with the same consonant skeleton
      if (q.ckey.length >= 2) H.push(hashString(q.ckey, NS_CKEY_ARABIC));
    }
    this.lookup.collectAll(H.data, H.length, C);
    const probe: QueryProbe = {
      token: q,
      script: SCRIPT_OF.get(q.script) ?? 0,
      origLen: q.original.length,
      keyLen: q.key.length,
      ckey2: q.key2 !== q.key ? consonantKey(q.key2) : q.ckey,
      textPat: this.patText.set(q.text),
      origPat: this.patOrig.set(q.original),
      keyPat: this.patKey.set(q.key),
      textChars: charsOf(q.text),
      keyChars: charsOf(q.key),
      key2Chars: q.key2 === q.key ? charsOf(q.key) : charsOf(q.key2),
    };
    const foundIds = this.foundIds;
    const foundSims = this.foundSims;
    foundIds.length = 0;
    foundSims.length = 0;
    const ids = C.ids.data;
    // read the words' slots in a tight loop first: their cache misses overlap
    const slots = this.slots;
    let touch = 0;
    for (let k = 0; k < C.ids.length; k++) touch += slots[(ids[k] as number) * SLOT] as number;
    this.lookup.touched += touch;
    for (let k = 0; k < C.ids.length; k++) {
      const v = ids[k] as number;
      this.vocabSimilarity(probe, v);
      const sim = this.simOut[0] as number;
      if (sim >= RETRIEVAL_MIN_SIM) {
        foundIds.push(v);
        foundSims.push(sim);
      }
    }
    // best first, equal similarities in retrieval order
    const n = foundIds.length;
    const fi = foundIds.data;
    const fs = foundSims.data;
    const outIds = new Int32Array(n);
    const outSims = new Float64Array(n);
    if (n > 64) {
      const order = sortBySimDesc(fs, n, this.sortScratch);
      for (let k = 0; k < n; k++) {
        outIds[k] = fi[order[k] as number] as number;
        outSims[k] = fs[order[k] as number] as number;
      }
      return new SimilarWords(outIds, outSims);
    }
    for (let k = 0; k < n; k++) {
      const v = fi[k] as number;
      const sim = fs[k] as number;
      let j = k;
      while (j > 0 && (outSims[j - 1] as number) < sim) {
        outIds[j] = outIds[j - 1] as number;
        outSims[j] = outSims[j - 1] as number;
        j--;
      }
      outIds[j] = v;
      outSims[j] = sim;
    }
    return new SimilarWords(outIds, outSims);
  }

  /**
   * tokenSimilarity(query token, vocabulary word v) computed from the arena (no string or token
   * object of the stored word is read), or any value below RETRIEVAL_MIN_SIM when the lengths
   * show that the word cannot reach it. Arabic-script words, initials and very long words go
   * through tokenSimilarity itself.
   */
  private vocabSimilarity(p: QueryProbe, v: number): void {
    const out = this.simOut;
    const q = p.token;
    let ar: Uint16Array = this.slots;
    const o = v * SLOT;
    const h0 = ar[o] as number;
    const vs = h0 >>> 8;
    if (vs === SLOT_LONG || q.kind === 'initial') {
      if (q.vowelless && vs !== S_ARABIC && q.ckey !== this.vCkey[v]) {
        out[0] = 0;
        return;
      }
      out[0] = tokenSimilarity(q, this.vocabToken(v)).sim;
      return;
    }
    const h1 = ar[o + 1] as number;
    const h2 = ar[o + 2] as number;
    const flags = h2 >>> 8;
    const tl = h0 & 0xff;
    const kl = h1 >>> 8;
    let textOff = o + SLOT_HEADER;
    if (flags & SLOT_FLAG_OVERFLOW) {
      textOff = (ar[o + SLOT_HEADER] as number) | ((ar[o + SLOT_HEADER + 1] as number) << 16);
      ar = this.overflow.data;
    }
    const kl0 = kl;
    if (q.vowelless !== (vs === S_ARABIC)) {
      // Arabic script against a romanised word: consonant skeletons, as tokenSimilarity
      const keyOff0 = textOff + tl + (flags & SLOT_FLAG_ORIG_SAME ? 0 : h1 & 0xff);
      const ck = consonantAt(ar, keyOff0, kl0);
      // vowelless query: only words with the same skeleton (the others are not retrieved)
      if (q.vowelless && q.ckey !== ck) {
        out[0] = 0;
        return;
      }
      if (equalAt(p.textChars, ar, textOff, tl)) {
        out[0] = 1;
        return;
      }
      if (q.ckey.length === 0 || ck.length === 0) {
        out[0] = 0;
        return;
      }
      const b2 = flags & SLOT_FLAG_KEY2_SAME ? ck : consonantAt(ar, keyOff0 + kl0, h2 & 0xff);
      const a2 = p.ckey2;
      const sk = MATCH_PARAMS.skeletonSim;
      if (q.ckey === ck || a2 === ck || q.ckey === b2 || a2 === b2) {
        out[0] = q.ckey.length >= 2 ? sk : sk * 0.8;
        return;
      }
      const d = Math.min(damerauLevenshtein(q.ckey, ck), damerauLevenshtein(a2, b2));
      out[0] = (1 - d / Math.max(q.ckey.length, ck.length)) * sk;
      return;
    }
    if (equalAt(p.textChars, ar, textOff, tl)) {
        out[0] = 1;
        return;
      }
    const cross = vs !== p.script;
    if (cross && (vs === S_CJK || vs === S_OTHER || p.script === S_CJK || p.script === S_OTHER)) {
        out[0] = 0;
        return;
      }
    let c = textOff + tl;
    const origOff = flags & SLOT_FLAG_ORIG_SAME ? textOff : c;
    const ol = flags & SLOT_FLAG_ORIG_SAME ? tl : h1 & 0xff;
    if (!(flags & SLOT_FLAG_ORIG_SAME)) c += ol;
    const keyOff = c;
    c += kl;
    const key2Off = flags & SLOT_FLAG_KEY2_SAME ? keyOff : c;
    const k2l = flags & SLOT_FLAG_KEY2_SAME ? kl : h2 & 0xff;
    const keyEq = equalAt(p.keyChars, ar, keyOff, kl) || equalAt(p.key2Chars, ar, keyOff, kl) || equalAt(p.keyChars, ar, key2Off, k2l);
    const phonetic = keyEq && (q.ckey.length >= 2 || (cross && q.key.length >= 3));
    const qtl = q.text.length;
    if (!phonetic) {
      // upper bound from the lengths alone (an edit distance is at least the length difference)
      let ub = 1 - Math.abs(qtl - tl) / Math.max(qtl, tl);
      if (cross) {
        const kub = MATCH_PARAMS.phoneticSim * (1 - Math.abs(p.keyLen - kl) / Math.max(p.keyLen, kl, 1));
        if (kub > ub) ub = kub;
      } else if (p.script !== S_LATIN) {
        const oub = 1 - Math.abs(p.origLen - ol) / Math.max(p.origLen, ol);
        if (oub > ub) ub = oub;
      }
      if (ub < RETRIEVAL_MIN_SIM) {
        out[0] = 0;
        return;
      }
    }
    // as tokenSimilarity: edit distance of the romanised words (of the originals when that is relatively smaller)
    let d = p.textPat ? this.patText.distanceAt(ar, textOff, tl) : damerauLevenshteinAt(q.text, ar, textOff, tl);
    let L = Math.max(qtl, tl);
    if (!cross && p.script !== S_LATIN && q.original !== q.text) {
      const od = p.origPat ? this.patOrig.distanceAt(ar, origOff, ol) : damerauLevenshteinAt(q.original, ar, origOff, ol);
      const oL = Math.max(q.original.length, ol);
      if (od / oL < d / L) {
        d = od;
        L = oL;
      }
    }
    const ts = 1 - d / L;
    if (phonetic) {
        out[0] = ts >= MATCH_PARAMS.phoneticSim ? ts : MATCH_PARAMS.phoneticSim;
        return;
      }
    if (!cross) {
        out[0] = ts;
        return;
      }
    const kd = p.keyPat ? this.patKey.distanceAt(ar, keyOff, kl) : damerauLevenshteinAt(q.key, ar, keyOff, kl);
    const ks = (1 - kd / Math.max(q.key.length, kl)) * MATCH_PARAMS.phoneticSim;
    if (ks > ts && q.ckey.length >= 3) {
        out[0] = ks;
        return;
      }
    out[0] = ts;
    return;
  }

  private postingCount(v: number): number {
    return v + 1 < this.baseOff.length ? (this.baseOff[v + 1] as number) - (this.baseOff[v] as number) : 0;
  }

  /** Screen one name; hits sorted by score, best name per entity. */
  search(name: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 10;
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const q = normaliseName(name, options.schema);
    const qCls = q.schema;
    if (this.pendVocab.length > PENDING_SCAN_MAX) this.compact();

    let qTokens = q.tokens.filter((t) => t.kind !== 'particle' && t.kind !== 'initial');
    if (qTokens.length === 0) qTokens = q.tokens.filter((t) => t.kind !== 'particle');
    if (qTokens.length === 0) return [];
    // glued query words: also look up the concatenation of neighbours ("Rami Makhlouf" → ramimakhlouf)
    const probes: NameToken[] = [...qTokens];
    for (let i = 0; i + 1 < qTokens.length; i++) {
      const a = qTokens[i] as NameToken;
      const b = qTokens[i + 1] as NameToken;
      if (a.script === b.script && a.script !== 'cjk' && !a.vowelless) {
        probes.push({ ...a, text: a.text + b.text, key: '', key2: '', ckey: '', weight: Math.max(a.weight, b.weight) });
      }
    }
    const sims = probes.map((t, i) => this.similarVocab(t, i >= qTokens.length));
    const totalWeight = qTokens.reduce((sum, t) => sum + t.weight, 0) || 1;

    // generation from the closest stored words (the rest still counts in the ranking): all of
    // them while their postings are few, else the best MAX_GENERATING_WORDS
    for (const m of sims) this.countPostings(m);
    const gen = sims.map((m) => {
      let postings = 0;
      let keep = 0;
      while (keep < m.size && (m.sims[keep] as number) >= GENERATION_MIN_SIM) {
        postings += m.counts[keep] as number;
        if (keep >= MAX_GENERATING_WORDS && postings > GENERATION_FREE_POSTINGS) break;
        keep++;
      }
      return keep;
    });
    /** Postings of the generating words of probe i. */
    const genPostings = (i: number) => {
      let c = 0;
      const m = sims[i] as SimilarWords;
      for (let k = 0; k < (gen[i] as number); k++) c += m.counts[k] as number;
      return c;
    };

    // Prefix filtering: candidates are generated from the rarest query tokens only; the most
    // frequent ones are "skipped" when a name matching nothing but them cannot reach the
    // threshold. They still count in the ranking (checked against each candidate's words).
    const rawTh = rawThreshold(threshold) * 0.9;
    // factor of "extra" words in the score: the query's schema decides (compareNormalised(query, name)),
    // a query without schema takes the lower of the two
    const extra =
      qCls === 'org' || qCls === 'vessel' ? MATCH_PARAMS.extraOrg : qCls === 'person' ? MATCH_PARAMS.extra : Math.min(MATCH_PARAMS.extra, MATCH_PARAMS.extraOrg);
    const nq = qTokens.length;
    const cost = sims.map((m) => m.total);
    const skip = new Uint8Array(probes.length);
    const order = qTokens.map((_, i) => i).sort((a, b) => (cost[b] as number) - (cost[a] as number));
    // persons: a single matching word never reaches the threshold against a name of several words
    // (the single-token cap is below the threshold)
    const singleWordFails = qCls === 'person' && nq >= 2 && MATCH_PARAMS.singleTokenCap < rawThreshold(threshold);
    const skippable = singleWordFails ? 1 : 0;
    let skippedWeight = 0;
    let skippedCount = 0;
    for (const i of order) {
      if ((cost[i] as number) < SKIP_MIN_COST || skippedCount >= 7) break;
      const w = (probes[i] as NameToken).weight;
      const a = skippedWeight + w;
      const ubAlone = a / (a + extra * (totalWeight - a));
      if (skippedCount < skippable || ubAlone < rawTh) {
        skip[i] = 1;
        skippedWeight = a;
        skippedCount++;
      } else break;
    }
    // bounded work: over the posting budget, the most frequent remaining words are skipped too
    // (as long as one query word still generates candidates)
    let scan = 0;
    for (let i = 0; i < probes.length; i++) if (!skip[i]) scan += genPostings(i);
    for (const i of order) {
      if (scan <= this.postingBudget || skippedCount >= Math.min(7, nq - 1)) break;
      if (skip[i]) continue;
      skip[i] = 1;
      skippedWeight += (probes[i] as NameToken).weight;
      skippedCount++;
      scan -= genPostings(i);
    }

    const baseOff = this.baseOff;
    const baseData = this.baseData;
    const baseMeta = this.baseMeta;
    const pendN = this.pendVocab.length;
    const pv = this.pendVocab.data;
    const pn = this.pendName.data;

    const words32 = (this.nameText.length >>> 5) + 1;
    if (this.candidateBits.length < words32) this.candidateBits = new Int32Array(words32 * 2);
    const bits = this.candidateBits;

    const A = this.accum;
    A.begin(scan + this.pendVocab.length + 16);
    const ai = A.i32;
    const af = A.f32;
    // touch the first postings of every generating word first (overlapping cache misses)
    let touch = 0;
    for (let i = 0; i < probes.length; i++) {
      if (skip[i]) continue;
      const ids = (sims[i] as SimilarWords).ids;
      for (let k = 0; k < (gen[i] as number); k++) {
        const v = ids[k] as number;
        if (v + 1 < baseOff.length) touch += (baseData[baseOff[v] as number] ?? 0) + (baseMeta[baseOff[v] as number] ?? 0);
      }
    }
    this.lookup.touched += touch;
    for (let i = 0; i < probes.length; i++) {
      if (skip[i]) continue;
      const w = (probes[i] as NameToken).weight;
      const te = probeBit(i);
      const m = sims[i] as SimilarWords;
      // closest words first: a name is credited once per query word, with its best word
      for (let g = 0; g < (gen[i] as number); g++) {
        const v = m.ids[g] as number;
        const c = (m.sims[g] as number) * w;
        if (v + 1 >= baseOff.length) continue;
        const end = baseOff[v + 1] as number;
        for (let k = baseOff[v] as number; k < end; k++) {
          const n = baseData[k] as number;
          const o = A.slot(n, baseMeta[k] as number);
          if (o < 0) break;
          const tm = ai[o + AC_TOKMETA] as number;
          if (tm & te) continue;
          ai[o + AC_TOKMETA] = tm | te;
          af[o + AC_ACC]! += c;
        }
      }
      if (pendN > 0) {
        for (let k = 0; k < pendN; k++) {
          const s = m.get(pv[k] as number);
          if (s === undefined) continue;
          const n = pn[k] as number;
          const o = A.slot(n, this.names.meta(n));
          if (o >= 0) af[o + AC_ACC]! += s * w; // pending log is small; double credit only affects ranking
        }
      }
    }

    // Credit of the skipped (frequent) query words, for the names credited above only: either by
    // scanning the postings of their similar words against a bitmap of the credited names, or,
    // when those postings are many more than the candidates, from each candidate's own words.
    const skipped: number[] = [];
    for (let i = 0; i < probes.length; i++) if (skip[i]) skipped.push(i);
    let skippedPostings = 0;
    for (const i of skipped) skippedPostings += (sims[i] as SimilarWords).total;
    // similar words of the generating query words that did not generate (below
    // GENERATION_MIN_SIM or beyond the cap): they still credit the names found
    let weakPostings = 0;
    for (let i = 0; i < probes.length; i++) {
      if (skip[i]) continue;
      const m = sims[i] as SimilarWords;
      for (let g = gen[i] as number; g < m.size; g++) weakPostings += m.counts[g] as number;
    }
    const candidateCount = A.used.length;
    let scanSkipped = skipped.length > 0 && skippedPostings <= SKIP_SCAN_RATIO * candidateCount;
    // The skipped words' credit from each candidate's own words instead (exactly the scan's sums,
    // see below) when few candidates can still reach the threshold with full credit for them:
    // fewer record reads than postings to scan. Not with pending postings or probes sharing a bit.
    let exactSkipped = false;
    // full credit of the skipped words, over any float32 rounding of their sum
    const skipSlack = skippedWeight * (1 + 1e-6) + 1e-9;
    if (scanSkipped && pendN === 0 && probes.length <= 15) {
      let alive = 0;
      for (let u = 0; u < candidateCount; u++) {
        const slot = A.used.data[u] as number;
        const nw = ((ai[slot + AC_TOKMETA] as number) >>> (16 + META_WEIGHT_SHIFT)) / META_WEIGHT_UNIT;
        if (optimistic(Math.min((af[slot + AC_ACC] as number) + skipSlack, totalWeight), totalWeight, nw, extra) >= rawTh) alive++;
      }
      if (alive * EXACT_SKIP_COST < skippedPostings) {
        exactSkipped = true;
        scanSkipped = false;
      }
    }
    const scanWeak = weakPostings > 0 && weakPostings <= SKIP_SCAN_RATIO * candidateCount;
    const skipAcc = A.skip;
    if (scanSkipped || scanWeak) {
      // postings are sorted by name id, so the bitmap of the candidates is read in order
      for (let u = 0; u < candidateCount; u++) {
        const n = ai[(A.used.data[u] as number) + AC_KEY] as number;
        bits[n >>> 5]! |= 1 << (n & 31);
      }
      /** Credit names of the bitmap from words [from, size) of probe i, into acc or skipAcc. */
      const credit = (i: number, from: number, intoSkip: boolean) => {
        const w = (probes[i] as NameToken).weight;
        const te = probeBit(i);
        const m = sims[i] as SimilarWords;
        for (let g = from; g < m.size; g++) {
          const v = m.ids[g] as number;
          const c = (m.sims[g] as number) * w;
          if (v + 1 >= baseOff.length) continue;
          const end = baseOff[v + 1] as number;
          for (let k = baseOff[v] as number; k < end; k++) {
            const n = baseData[k] as number;
            if (((bits[n >>> 5] as number) & (1 << (n & 31))) === 0) continue;
            const o = A.find(n);
            if (o < 0) continue;
            const tm = ai[o + AC_TOKMETA] as number;
            if (tm & te) continue;
            ai[o + AC_TOKMETA] = tm | te;
            if (intoSkip) skipAcc[o / AC_STRIDE]! += c;
            else af[o + AC_ACC]! += c;
          }
        }
        if (intoSkip && pendN > 0) {
          for (let k = 0; k < pendN; k++) {
            const s = m.get(pv[k] as number);
            if (s === undefined) continue;
            const o = A.find(pn[k] as number);
            if (o < 0) continue;
            const tm = ai[o + AC_TOKMETA] as number;
            if (tm & te) continue;
            ai[o + AC_TOKMETA] = tm | te;
            skipAcc[o / AC_STRIDE]! += s * w;
          }
        }
      };
      if (scanWeak) for (let i = 0; i < probes.length; i++) if (!skip[i]) credit(i, gen[i] as number, false);
      if (scanSkipped) for (const i of skipped) credit(i, 0, true);
      for (let u = 0; u < candidateCount; u++) bits[(ai[(A.used.data[u] as number) + AC_KEY] as number) >>> 5] = 0;
    }
    const S = this.skipTable;
    if (skipped.length > 0 && !scanSkipped) {
      let size = 0;
      for (const i of skipped) size += (sims[i] as SimilarWords).size;
      S.begin(size);
      skipped.forEach((i, si) => {
        const m = sims[i] as SimilarWords;
        for (let g = 0; g < m.size; g++) S.put(m.ids[g] as number, si, m.sims[g] as number);
      });
    }

    // candidates: optimistic bound of the final score (unmatched query words half-credited,
    // unmatched words of the name at best "extra"), best few by overlap
    const qc = SCHEMA_OF.get(qCls) ?? 0;
    const qLegal = legalClass(q.legalForms);
    const rec = this.names.data;
    const tokVocab = this.tokVocab.data;
    const maxC = Math.max(this.maxCandidates, limit * 2);
    if (!this.topK || this.topK.k !== maxC) this.topK = new TopK(maxC);
    const heap = this.topK;
    heap.reset();
    const used = A.used.data;
    // removed names stay in the postings until the next compaction
    const checkAlive = this.deadPostings > 0;
    for (let u = 0; u < candidateCount; u++) {
      const slot = used[u] as number;
      const meta = (ai[slot + AC_TOKMETA] as number) >>> 16;
      if (qc !== 0) {
        const c = meta & FLAG_SCHEMA;
        if (c !== 0 && c !== qc) continue;
      }
      const nw = (meta >>> META_WEIGHT_SHIFT) / META_WEIGHT_UNIT;
      const credit = af[slot + AC_ACC] as number;
      let a: number;
      if (skipped.length === 0) a = Math.min(credit, totalWeight);
      else if (scanSkipped) a = Math.min(credit + (skipAcc[slot / AC_STRIDE] as number), totalWeight);
      else if (exactSkipped) {
        // as the scan: each skipped word credits its best similar word of the name, summed in
        // float32 in the order of the skipped words (the same sum, bit for bit)
        if (optimistic(Math.min(credit + skipSlack, totalWeight), totalWeight, nw, extra) < rawTh) continue;
        const o = (ai[slot + AC_KEY] as number) * NAME_STRIDE;
        const ts = rec[o] as number;
        const te = rec[o + 1] as number;
        const inline = te - ts <= NAME_INLINE;
        let acc32 = 0;
        for (let si = 0; si < skipped.length; si++) {
          let bestSim = 0;
          for (let k = 0; k < te - ts; k++) {
            const sv = S.get((inline ? rec[o + 4 + k] : tokVocab[ts + k]) as number, si);
            if (sv > bestSim) bestSim = sv;
          }
          if (bestSim > 0) acc32 = Math.fround(acc32 + bestSim * (probes[skipped[si] as number] as NameToken).weight);
        }
        a = Math.min(credit + acc32, totalWeight);
      } else {
        if (optimistic(Math.min(credit + skippedWeight, totalWeight), totalWeight, nw, extra) < rawTh) continue;
        const o = (ai[slot + AC_KEY] as number) * NAME_STRIDE;
        const ts = rec[o] as number;
        const te = rec[o + 1] as number;
        const inline = te - ts <= NAME_INLINE;
        a = credit;
        for (let si = 0; si < skipped.length; si++) {
          let bestSim = 0;
          for (let k = 0; k < te - ts; k++) {
            const sv = S.get((inline ? rec[o + 4 + k] : tokVocab[ts + k]) as number, si);
            if (sv > bestSim) bestSim = sv;
          }
          // similarities as stored in float32 (the ranking of old)
          a += Math.fround(bestSim) * (probes[skipped[si] as number] as NameToken).weight;
        }
        a = Math.min(a, totalWeight);
      }
      if (optimistic(a, totalWeight, nw, extra) < rawTh) continue;
      // ties (same words) are ordered by the legal form: the query's own form first
      const r = (2 * a) / (totalWeight + nw) + (qLegal !== 0 && ((meta >>> META_LEGAL_SHIFT) & 15) === qLegal ? 1e-6 : 0);
      if (!heap.accepts(r)) continue;
      const n = ai[slot + AC_KEY] as number;
      if (checkAlive && !this.names.alive(n)) continue;
      heap.push(n, r);
    }
    const order2 = heap.sorted();
    const nOrder = heap.count;

    const best = new Map<number, { score: number; name: number }>();
    // touch the records, then the words, of the names to compare (overlapping cache misses)
    let touch2 = 0;
    for (let u = 0; u < nOrder; u++) {
      const n = order2[u] as number;
      touch2 += (rec[n * NAME_STRIDE] as number) + (this.nameLegal.data[n] as number) + (this.nameEntity.data[n] as number);
    }
    for (let u = 0; u < nOrder; u++) {
      const n = order2[u] as number;
      for (let i = 0; i < NAME_INLINE; i++) {
        const v = rec[n * NAME_STRIDE + 4 + i] as number;
        if (v >= 0) touch2 += this.vocabTokenCache[v]?.text.length ?? 0;
      }
    }
    this.lookup.touched += touch2;
    const simCache: TokenSimCache = new Map();
    for (let u = 0; u < nOrder; u++) {
      const n = order2[u] as number;
      // scored without explanation, through one reused name object (compareNormalised keeps no reference to it)
      const r = compareNormalised(q, this.storedName(n, this.scratchName), threshold, MATCH_PARAMS, false, simCache);
      if (r.score < threshold) continue;
      const e = this.nameEntity.data[n] as number;
      const prev = best.get(e);
      if (!prev || r.score > prev.score) best.set(e, { score: r.score, name: n });
    }
    const hits: SearchHit[] = [];
    const top = [...best].sort((x, y) => y[1].score - x[1].score || (this.entityIds[x[0]] as string).localeCompare(this.entityIds[y[0]] as string));
    for (const [e, b] of top.slice(0, limit)) {
      hits.push({
        id: this.entityIds[e] as string,
        score: b.score,
        matchedName: this.nameText[b.name] as string,
        schema: this.entitySchema[e] ?? null,
        explanation: compareNormalised(q, this.storedName(b.name), threshold, MATCH_PARAMS, true, simCache).explanation,
      });
    }
    return hits;
  }

  /** Sizes for monitoring and the benchmark. */
  stats(): NameIndexStats {
    const typed =
      this.baseOff.byteLength +
      this.baseData.byteLength +
      this.baseMeta.byteLength +
      this.pendVocab.bytes +
      this.pendName.bytes +
      this.names.bytes +
      this.nameEntity.bytes +
      this.nameLegal.bytes +
      this.tokVocab.bytes +
      this.tokMeta.bytes +
      this.entityFirst.bytes +
      this.entityCount.bytes +
      this.vScript.bytes +
      this.slots.byteLength +
      this.overflow.bytes +
      this.lookup.bytes +
      this.collector.table.byteLength +
      this.accum.i32.byteLength;
    let strings = 0;
    for (const s of this.nameText) strings += 16 + s.length * 2;
    for (const s of this.entityIds) if (s) strings += 16 + s.length * 2 + 40;
    for (let v = 0; v < this.vWord.length; v++) {
      strings += 5 * 16 + 2 * ((this.vWord[v]?.length ?? 0) + (this.vText[v]?.length ?? 0) + (this.vKey[v]?.length ?? 0) * 3) + 40;
    }
    return {
      entities: this.idToEntity.size,
      names: this.liveNames,
      vocabulary: this.vWord.length,
      postings: this.baseData.length + this.pendVocab.length,
      lookupKeys: this.lookup.size,
      typedArrayBytes: typed,
      estimatedStringBytes: strings,
    };
  }
}
