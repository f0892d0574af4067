/**
 * In-memory candidate index for screening one name against many.
 *
 * Layout (all typed arrays, no object per name or posting):
 *  - vocabulary of distinct written word forms (Map word → id) with their
 *    romanisation and phonetic keys (string arrays);
 *  - a hash multimap (chained, Uint32/Int32 arrays) from lookup keys to
 *    vocabulary ids: exact romanised text, its single-character deletions
 *    (SymSpell-style, finds edit distance 1 and many 2s), phonetic keys and
 *    their deletions, consonant skeletons (for Arabic script);
 *  - postings vocabulary id → name ids in CSR form (offsets + data) plus a small
 *    unsorted log of recent additions, merged on demand (compaction);
 *  - per-name token arrays (vocabulary id, kind, nasab position, weight),
 *    legal forms, schema, entity, alive flag.
 *
 * Search: romanise the query, collect similar vocabulary entries per query
 * token, accumulate weighted similarities over the postings into a Float32
 * array, take the best candidates and score them with compareNormalised.
 */
import { compareNormalised, DEFAULT_THRESHOLD, MATCH_PARAMS, rawThreshold, tokenSimilarity, type MatchExplanation } from './compare.ts';
import type { LegalFormHit } from './legal-forms.ts';
import { normaliseName, schemaClass, type NameToken, type NormalisedName, type SchemaClass, type TokenKind } from './normalise.ts';
import type { Script } from './translit.ts';
import { damerauLevenshteinBounded } from './distance.ts';

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
  /** Bytes held in typed arrays. */
  typedArrayBytes: number;
  /** Rough estimate of bytes held in strings and maps. */
  estimatedStringBytes: number;
}

// ---------------------------------------------------------------------------
// growable typed vectors

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
  get bytes(): number {
    return this.data.byteLength;
  }
}

class F32 {
  data: Float32Array;
  length = 0;
  constructor(cap = 1024) {
    this.data = new Float32Array(cap);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float32Array(this.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
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
}

// ---------------------------------------------------------------------------
// hash multimap: 32-bit key hash → int values, chained through typed arrays

function hashString(s: string, seed: number): number {
  return hashSkip(s, seed, -1, -1);
}

/** Hash of `s` without the characters at positions i and j (-1: none), without building the string. */
function hashSkip(s: string, seed: number, i: number, j: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
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

class HashMultiMap {
  private heads: Int32Array;
  private mask: number;
  private hashes: Uint32Array;
  private vals: Int32Array;
  private next: Int32Array;
  size = 0;
  constructor(cap = 1 << 16) {
    this.heads = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.hashes = new Uint32Array(cap);
    this.vals = new Int32Array(cap);
    this.next = new Int32Array(cap);
  }
  add(h: number, v: number): void {
    if (this.size === this.hashes.length) this.resize(this.hashes.length * 2);
    const i = this.size++;
    this.hashes[i] = h;
    this.vals[i] = v;
    const b = h & this.mask;
    this.next[i] = this.heads[b] as number;
    this.heads[b] = i;
  }
  /** Calls fn for each value stored under hash h (newest first). */
  forEach(h: number, fn: (v: number) => void): void {
    for (let i = this.heads[h & this.mask] as number; i >= 0; i = this.next[i] as number) {
      if (this.hashes[i] === h) fn(this.vals[i] as number);
    }
  }
  private resize(cap: number): void {
    const hashes = new Uint32Array(cap);
    hashes.set(this.hashes);
    const vals = new Int32Array(cap);
    vals.set(this.vals);
    this.hashes = hashes;
    this.vals = vals;
    this.next = new Int32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let i = 0; i < this.size; i++) {
      const b = (this.hashes[i] as number) & this.mask;
      this.next[i] = this.heads[b] as number;
      this.heads[b] = i;
    }
  }
  get bytes(): number {
    return this.heads.byteLength + this.hashes.byteLength + this.vals.byteLength + this.next.byteLength;
  }
}

// lookup key namespaces
const NS_TEXT = 1;
const NS_TEXT_DEL = 2;
const NS_KEY = 3;
const NS_KEY_DEL = 4;
const NS_CKEY = 5;

function deletions(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  out.delete(s);
  return [...out];
}

const KIND_CODES: TokenKind[] = ['name', 'common', 'particle', 'patronymic', 'initial', 'number'];
const KIND_OF = new Map<TokenKind, number>(KIND_CODES.map((k, i) => [k, i]));
const SCHEMA_CODES: SchemaClass[] = ['any', 'person', 'org', 'vessel'];
const SCHEMA_OF = new Map<SchemaClass, number>(SCHEMA_CODES.map((k, i) => [k, i]));
const SCRIPT_CODES: Script[] = ['latin', 'cyrillic', 'georgian', 'armenian', 'arabic', 'greek', 'cjk', 'other', 'digit'];
const SCRIPT_OF = new Map<Script, number>(SCRIPT_CODES.map((k, i) => [k, i]));

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

/** Pending postings scanned linearly at search time before a compaction is forced. */
const PENDING_SCAN_MAX = 4096;

/**
 * Optimistic score of a candidate with accumulated similarity `a` out of the query weight `qw`:
 * query words not found (typos beyond the lookup) are assumed half-matched, other words of the
 * candidate count as "extra" words.
 */
function optimistic(a: number, qw: number, nw: number, extra: number): number {
  const m = a + 0.35 * (qw - a);
  return m / (m + extra * Math.max(0, nw - a));
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
  private readonly lookup = new HashMultiMap();

  // postings: CSR base + pending log
  private baseOff = new Int32Array(1);
  private baseData = new Int32Array(0);
  private readonly pendVocab = new I32(PENDING_SCAN_MAX);
  private readonly pendName = new I32(PENDING_SCAN_MAX);
  private deadPostings = 0;

  // names
  private readonly nameTokStart = new I32();
  private readonly nameEntity = new I32();
  private readonly nameSchema = new U8();
  private readonly nameLegal = new I32();
  private readonly nameWeight = new F32();
  private readonly nameAlive = new U8();
  private readonly nameText: string[] = [];
  private readonly tokVocab = new I32();
  private readonly tokKind = new U8();
  private readonly tokGen = new I32();
  private readonly tokWeight = new F32();
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
  private acc = new Float32Array(0);
  private accEpoch = new Int32Array(0);
  private tokEpoch = new Int32Array(0);
  private epoch = 0;
  private vSim = new Float32Array(0);
  private vStamp = new Int32Array(0);
  private vocabTokenCache: Array<NameToken | undefined> = [];
  /** Similar vocabulary per query token, valid while the vocabulary does not grow. */
  private simCache = new Map<string, Map<number, number>>();
  private simCacheVocab = 0;

  private readonly maxCandidates: number;
  private readonly postingBudget: number;

  constructor(options: NameIndexOptions = {}) {
    this.maxCandidates = options.maxCandidates ?? 32;
    this.postingBudget = options.postingBudget ?? 150_000;
    this.nameTokStart.push(0);
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
    this.nameSchema.push(SCHEMA_OF.get(cls) ?? 0);
    this.nameAlive.push(1);
    this.liveNames++;
    const comboKey = nn.legalForms.map((f) => `${f.code}:${f.family}:${f.text}`).join('|');
    let combo = this.legalComboId.get(comboKey);
    if (combo === undefined) {
      combo = this.legalCombos.length;
      this.legalCombos.push(nn.legalForms);
      this.legalComboId.set(comboKey, combo);
    }
    this.nameLegal.push(combo);
    this.nameWeight.push(nn.tokens.reduce((sum, t) => sum + t.weight, 0));
    const posted = new Set<number>();
    for (const t of nn.tokens) {
      const v = this.vocab(t);
      this.tokVocab.push(v);
      this.tokKind.push(KIND_OF.get(t.kind) ?? 0);
      this.tokGen.push(t.gen);
      this.tokWeight.push(t.weight);
      if (t.kind !== 'particle' && !posted.has(v)) {
        posted.add(v);
        this.pendVocab.push(v);
        this.pendName.push(nameId);
      }
    }
    this.nameTokStart.push(this.tokVocab.length);
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
    this.vScript.push(SCRIPT_OF.get(t.script) ?? 0);
    // lookup keys
    const L = this.lookup;
    L.add(hashString(t.text, NS_TEXT), v);
    if (t.text.length >= 4 && t.script !== 'cjk') for (const d of deletions(t.text)) L.add(hashString(d, NS_TEXT_DEL), v);
    if (!t.vowelless && t.key.length >= 2) {
      L.add(hashString(t.key, NS_KEY), v);
      if (t.key2 !== t.key) L.add(hashString(t.key2, NS_KEY), v);
      if (USE_KEY_DELETIONS && t.key.length >= 6) for (const d of deletions(t.key)) L.add(hashString(d, NS_KEY_DEL), v);
    }
    if (t.ckey.length >= 2) L.add(hashString(t.ckey, NS_CKEY), v);
    return v;
  }

  /** Remove an entity; returns false if the id is unknown. */
  remove(id: string): boolean {
    const e = this.idToEntity.get(id);
    if (e === undefined) return false;
    this.idToEntity.delete(id);
    const first = this.entityFirst.data[e] as number;
    const n = this.entityCount.data[e] as number;
    for (let k = first; k < first + n; k++) {
      if (this.nameAlive.data[k]) {
        this.nameAlive.data[k] = 0;
        this.liveNames--;
        const start = this.nameTokStart.data[k] as number;
        const end = this.nameTokStart.data[k + 1] as number;
        this.deadPostings += end - start;
      }
    }
    this.entityIds[e] = null;
    this.entitySchema[e] = null;
    if (this.deadPostings > 100_000 && this.deadPostings > this.baseData.length / 4) this.compact();
    return true;
  }

  /** Merge pending postings into the CSR arrays and drop postings of removed names. */
  compact(): void {
    const V = this.vWord.length;
    const counts = new Int32Array(V + 1);
    const oldOff = this.baseOff;
    const oldData = this.baseData;
    const alive = this.nameAlive.data;
    const oldV = oldOff.length - 1;
    for (let v = 0; v < oldV; v++) {
      for (let k = oldOff[v] as number; k < (oldOff[v + 1] as number); k++) if (alive[oldData[k] as number]) counts[v + 1]!++;
    }
    const pv = this.pendVocab.data;
    const pn = this.pendName.data;
    for (let k = 0; k < this.pendVocab.length; k++) if (alive[pn[k] as number]) counts[(pv[k] as number) + 1]!++;
    for (let v = 0; v < V; v++) counts[v + 1]! += counts[v] as number;
    const data = new Int32Array(counts[V] as number);
    const fill = counts.slice(0, V);
    for (let v = 0; v < oldV; v++) {
      for (let k = oldOff[v] as number; k < (oldOff[v + 1] as number); k++) {
        const n = oldData[k] as number;
        if (alive[n]) data[fill[v]!++] = n;
      }
    }
    for (let k = 0; k < this.pendVocab.length; k++) {
      const n = pn[k] as number;
      if (alive[n]) data[fill[pv[k] as number]!++] = n;
    }
    this.baseOff = counts;
    this.baseData = data;
    this.pendVocab.length = 0;
    this.pendName.length = 0;
    this.deadPostings = 0;
  }

  private vocabToken(v: number): NameToken {
    let t = this.vocabTokenCache[v];
    if (t) return t;
    const script = SCRIPT_CODES[this.vScript.data[v] as number] ?? 'latin';
    t = {
      original: this.vWord[v] as string,
      text: this.vText[v] as string,
      key: this.vKey[v] as string,
      key2: this.vKey2[v] as string,
      ckey: this.vCkey[v] as string,
      script,
      vowelless: script === 'arabic',
      kind: 'name',
      weight: 1,
      gen: -1,
    };
    this.vocabTokenCache[v] = t;
    return t;
  }

  /** Rebuild the normalised form of a stored name from the token arrays. */
  private storedName(n: number): NormalisedName {
    const start = this.nameTokStart.data[n] as number;
    const end = this.nameTokStart.data[n + 1] as number;
    const tokens: NameToken[] = [];
    for (let k = start; k < end; k++) {
      const base = this.vocabToken(this.tokVocab.data[k] as number);
      tokens.push({
        ...base,
        kind: KIND_CODES[this.tokKind.data[k] as number] ?? 'name',
        weight: this.tokWeight.data[k] as number,
        gen: this.tokGen.data[k] as number,
      });
    }
    return {
      original: this.nameText[n] as string,
      schema: SCHEMA_CODES[this.nameSchema.data[n] as number] ?? 'any',
      tokens,
      legalForms: this.legalCombos[this.nameLegal.data[n] as number] ?? [],
      titles: [],
      key: '',
    };
  }

  /** Vocabulary entries similar to a query token, with their similarity. */
  private similarVocab(q: NameToken, glued = false): Map<number, number> {
    if (this.simCacheVocab !== this.vWord.length || this.simCache.size > 50_000) {
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

  private lookupSimilar(q: NameToken, glued = false): Map<number, number> {
    const L = this.lookup;
    const ids = new Set<number>();
    const add = (v: number) => {
      ids.add(v);
    };
    const probe = (h: number) => L.forEach(h, add);
    const text = q.text;
    probe(hashString(text, NS_TEXT));
    if (glued) {
      // concatenated query words: exact or one deletion in the stored word only
      probe(hashString(text, NS_TEXT_DEL));
    } else if (q.script !== 'cjk') {
      probe(hashString(text, NS_TEXT_DEL));
      const n = text.length;
      if (n >= 3) {
        const seen = new Set<number>();
        for (let i = 0; i < n; i++) {
          if (i > 0 && text.charCodeAt(i) === text.charCodeAt(i - 1)) continue;
          if (n - 1 >= 3) probe(hashSkip(text, NS_TEXT_DEL, i, -1));
          probe(hashSkip(text, NS_TEXT, i, -1));
          // long words: two deletions on the query side (edit distance up to 3)
          if (n >= 8) {
            for (let j = i + 1; j < n; j++) {
              const h = hashSkip(text, NS_TEXT_DEL, i, j);
              if (seen.has(h)) continue;
              seen.add(h);
              probe(h);
              probe(hashSkip(text, NS_TEXT, i, j));
            }
          }
        }
      }
    }
    const arabic = SCRIPT_OF.get('arabic');
    if (q.vowelless) {
      if (q.ckey.length >= 2) probe(hashString(q.ckey, NS_CKEY));
    } else if (q.key.length >= 2) {
      probe(hashString(q.key, NS_KEY));
      if (q.key2 !== q.key) probe(hashString(q.key2, NS_KEY));
      if (USE_KEY_DELETIONS && q.key.length >= 6) {
        probe(hashString(q.key, NS_KEY_DEL));
        for (let i = 0; i < q.key.length; i++) {
          probe(hashSkip(q.key, NS_KEY_DEL, i, -1));
          probe(hashSkip(q.key, NS_KEY, i, -1));
        }
      }
      // Arabic-script entries with the same consonant skeleton
      if (q.ckey.length >= 2) {
        L.forEach(hashString(q.ckey, NS_CKEY), (v) => {
          if (this.vScript.data[v] === arabic) ids.add(v);
        });
      }
    }
    const found = new Map<number, number>();
    const qlen = text.length;
    for (const v of ids) {
      const t = this.vocabToken(v);
      if (q.vowelless && !t.vowelless && q.ckey !== t.ckey) continue;
      if (!q.vowelless && !t.vowelless && t.script === q.script && t.script === 'latin') {
        // same script: cheap bounded edit distance first, unless the phonetic keys agree
        const keyEq = q.key === t.key || q.key2 === t.key || q.key === t.key2;
        if (!keyEq) {
          const L = Math.max(qlen, t.text.length);
          const max = Math.floor((1 - RETRIEVAL_MIN_SIM) * L);
          if (damerauLevenshteinBounded(text, t.text, max) > max) continue;
        }
      }
      const sim = tokenSimilarity(q, t).sim;
      if (sim >= RETRIEVAL_MIN_SIM) found.set(v, sim);
    }
    return found;
  }

  private postingCount(v: number): number {
    return v + 1 < this.baseOff.length ? (this.baseOff[v + 1] as number) - (this.baseOff[v] as number) : 0;
  }

  private ensureScratch(): void {
    const n = this.nameText.length;
    if (this.acc.length < n) {
      const cap = Math.max(n, Math.floor(this.acc.length * 1.5), 1024);
      this.acc = new Float32Array(cap);
      this.accEpoch = new Int32Array(cap);
      this.tokEpoch = new Int32Array(cap);
      this.epoch = 0;
    }
    if (this.epoch > 2_000_000_000) {
      this.accEpoch.fill(0);
      this.tokEpoch.fill(0);
      this.epoch = 0;
    }
  }

  /** Screen one name; hits sorted by score, best name per entity. */
  search(name: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 10;
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const q = normaliseName(name, options.schema);
    const qCls = q.schema;
    if (this.pendVocab.length > PENDING_SCAN_MAX) this.compact();
    this.ensureScratch();

    let qTokens = q.tokens.filter((t) => t.kind !== 'particle' && t.kind !== 'initial');
    if (qTokens.length === 0) qTokens = q.tokens.filter((t) => t.kind !== 'particle');
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

    // Prefix filtering: candidates are generated from the rarest query tokens only; the most
    // frequent ones are "skipped" when a name matching nothing but them cannot reach the
    // threshold. They still count in the ranking (checked against each candidate's words).
    const rawTh = rawThreshold(threshold) * 0.9;
    const extra = Math.min(MATCH_PARAMS.extra, MATCH_PARAMS.extraOrg);
    const nq = qTokens.length;
    const cost = sims.map((m) => {
      let c = 0;
      for (const v of m.keys()) c += this.postingCount(v);
      return c;
    });
    const skip = new Uint8Array(probes.length);
    const order = qTokens.map((_, i) => i).sort((a, b) => (cost[b] as number) - (cost[a] as number));
    // persons: a single matching word never reaches the threshold against a name of several words
    let skippable = qCls === 'person' && nq >= 2 ? 1 : 0;
    let skippedWeight = 0;
    let skippedCount = 0;
    for (const i of order) {
      if ((cost[i] as number) < SKIP_MIN_COST) break;
      const w = (probes[i] as NameToken).weight;
      const a = skippedWeight + w;
      const ubAlone = a / (a + extra * (totalWeight - a));
      if (skippedCount < skippable || ubAlone < rawTh) {
        skip[i] = 1;
        skippedWeight = a;
        skippedCount++;
      } else break;
    }
    skippable = skippedCount;

    const epoch = ++this.epoch;
    const touched: number[] = [];
    const acc = this.acc;
    const accEpoch = this.accEpoch;
    const tokEpoch = this.tokEpoch;
    const alive = this.nameAlive.data;
    const baseOff = this.baseOff;
    const baseData = this.baseData;
    for (let i = 0; i < probes.length; i++) {
      if (skip[i]) continue;
      const w = (probes[i] as NameToken).weight;
      // generation from the closest stored words only (the rest still counts in the ranking)
      const entries = [...(sims[i] as Map<number, number>)]
        .filter((e) => e[1] >= GENERATION_MIN_SIM)
        .sort((a, b) => b[1] - a[1])
        .slice(0, MAX_GENERATING_WORDS);
      const te = ++this.epoch;
      for (const [v, s] of entries) {
        const c = s * w;
        if (v + 1 >= baseOff.length) continue;
        const end = baseOff[v + 1] as number;
        for (let k = baseOff[v] as number; k < end; k++) {
          const n = baseData[k] as number;
          if (tokEpoch[n] === te || !alive[n]) continue; // credited already with a better entry
          tokEpoch[n] = te;
          if (accEpoch[n] !== epoch) {
            accEpoch[n] = epoch;
            acc[n] = c;
            touched.push(n);
          } else acc[n]! += c;
        }
      }
      if (this.pendVocab.length > 0) {
        const pv = this.pendVocab.data;
        const pn = this.pendName.data;
        const set = sims[i] as Map<number, number>;
        for (let k = 0; k < this.pendVocab.length; k++) {
          const s = set.get(pv[k] as number);
          const n = pn[k] as number;
          if (s === undefined || !alive[n]) continue;
          if (accEpoch[n] !== epoch) {
            accEpoch[n] = epoch;
            acc[n] = 0;
            touched.push(n);
          }
          acc[n]! += s * w; // pending log is small; double credit only affects ranking
        }
      }
    }

    // candidates: optimistic bound of the final score (skipped tokens assumed matched,
    // unmatched words at best "extra"), then exact credit for skipped tokens, ranked by overlap
    const qc = SCHEMA_OF.get(qCls) ?? 0;
    const nameW = this.nameWeight.data;
    const tokStart = this.nameTokStart.data;
    const tokVocab = this.tokVocab.data;
    const skipped = probes.map((_, i) => i).filter((i) => skip[i]);
    // similarities of the skipped tokens, indexed by vocabulary id (one stamp per skipped token)
    const V = this.vWord.length;
    if (this.vSim.length < V * skipped.length || this.vStamp.length < V) {
      this.vSim = new Float32Array(Math.max(V * 2, 1024));
      this.vStamp = new Int32Array(Math.max(V * 2, 1024));
    }
    const skipStamp: number[] = [];
    if (skipped.length > 0) {
      const base = this.epoch + 1;
      this.epoch += skipped.length;
      skipped.forEach((i, si) => {
        skipStamp.push(base);
        for (const [v, sv] of sims[i] as Map<number, number>) {
          // several skipped tokens: keep the best similarity per word
          if (this.vStamp[v] === base + si - 1 && (this.vSim[v] as number) >= sv) continue;
          this.vStamp[v] = base + si;
          this.vSim[v] = sv;
        }
      });
    }
    const cands: number[] = [];
    const rank: number[] = [];
    for (const n of touched) {
      if (qc !== 0) {
        const c = this.nameSchema.data[n] as number;
        if (c !== 0 && c !== qc) continue;
      }
      const nw = nameW[n] as number;
      let a = Math.min((acc[n] as number) + skippedWeight, totalWeight);
      if (optimistic(a, totalWeight, nw, extra) < rawTh) continue;
      if (skipped.length > 0) {
        a = acc[n] as number;
        for (let si = 0; si < skipped.length; si++) {
          const stamp = skipStamp[si] as number;
          let bestSim = 0;
          for (let k = tokStart[n] as number; k < (tokStart[n + 1] as number); k++) {
            const v = tokVocab[k] as number;
            if (this.vStamp[v] === stamp + si) {
              const sv = this.vSim[v] as number;
              if (sv > bestSim) bestSim = sv;
            }
          }
          a += bestSim * (probes[skipped[si] as number] as NameToken).weight;
        }
        a = Math.min(a, totalWeight);
        if (optimistic(a, totalWeight, nw, extra) < rawTh) continue;
      }
      cands.push(n);
      rank.push((2 * a) / (totalWeight + nw));
    }
    let order2 = cands.map((_, i) => i);
    const maxC = Math.max(this.maxCandidates, limit * 2);
    if (order2.length > maxC) {
      order2.sort((x, y) => (rank[y] as number) - (rank[x] as number));
      order2 = order2.slice(0, maxC);
    }


    const best = new Map<number, { score: number; name: number }>();
    for (const i of order2) {
      const n = cands[i] as number;
      const r = compareNormalised(q, this.storedName(n), threshold, MATCH_PARAMS, false);
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
        explanation: compareNormalised(q, this.storedName(b.name), threshold).explanation,
      });
    }
    return hits;
  }

  /** Sizes for monitoring and the benchmark. */
  stats(): NameIndexStats {
    const typed =
      this.baseOff.byteLength +
      this.baseData.byteLength +
      this.pendVocab.bytes +
      this.pendName.bytes +
      this.nameTokStart.bytes +
      this.nameEntity.bytes +
      this.nameSchema.data.byteLength +
      this.nameLegal.bytes +
      this.nameWeight.data.byteLength +
      this.nameAlive.data.byteLength +
      this.tokVocab.bytes +
      this.tokKind.data.byteLength +
      this.tokGen.bytes +
      this.tokWeight.data.byteLength +
      this.entityFirst.bytes +
      this.entityCount.bytes +
      this.vScript.data.byteLength +
      this.lookup.bytes +
      this.acc.byteLength +
      this.accEpoch.byteLength +
      this.tokEpoch.byteLength;
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
      typedArrayBytes: typed,
      estimatedStringBytes: strings,
    };
  }
}
