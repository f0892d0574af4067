import { rulePredicate, ruleGuardGroups, type CompiledRule, type Guard } from './compile.ts';
import { PreparedFacts } from './facts.ts';
import type { ConsignmentFacts } from './fields.ts';

/**
 * Many profiles evaluated together on each consignment.
 *
 * Every rule's result is computed, but each rule is only run when one of its
 * guards holds: necessary conditions found at compile time, such as a
 * top-level `field = value`, `field in list(…)`, a bare boolean field, a
 * numeric bound (`consignee.firstSeenDays < 90`) or a prefix / suffix
 * (`goods.hs startsWith "0901"`), the literal a `matches` pattern requires
 * (`"spare\\s+parts"` needs "spare"); for `a or b` the guards of both sides; for
 * any(…), all(…) and count(…) ≥ 1 those of the condition inside. The consignment's field is looked up once in an index
 * shared by all rules guarded on that field. Rules without guards always run.
 * For a top-level `a and b …` the guards of the two most selective members are
 * both indexed, and the rule runs only when both hold. Where one of the two
 * is on fields read for other rules anyway, the other one's field is read
 * lazily: only for consignments where the first one held.
 */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Writes 1 (match) or 0 for every rule into `out` (length ≥ rules.length); returns the number of matches. */
  evaluateInto(facts: ConsignmentFacts | PreparedFacts, out: Uint8Array): number;
  /** Indices of the matching rules, ascending. */
  matches(facts: ConsignmentFacts | PreparedFacts): number[];
  /** How the rules were indexed. */
  readonly stats: {
    readonly indexed: number;
    readonly unindexed: number;
    /** lazy: only read when a rule's other guard group fired (see createRuleSet). */
    readonly indexes: readonly { field: string; rules: number; lazy: boolean }[];
  };
}

type Pred = (p: PreparedFacts, i: number) => boolean;
const Prepared = PreparedFacts; // module-local: see compile.ts

interface Range {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
  /** Index entry (2 × rule + guard group). */
  readonly rule: number;
}

/** One prefix, suffix or substring and the index entries guarded by it. */
interface Affix {
  readonly str: string;
  readonly rules: number[];
}

/** A required substring, with the letters it contains as a bit mask (see letterMask()). */
interface Substring extends Affix {
  readonly mask: number;
}

/**
 * Prefixes (or suffixes) bucketed by their first (last) UTF-16 unit: a value
 * is only compared with the strings of its own bucket, with startsWith /
 * endsWith, so that no substring is sliced (allocated) per value.
 */
interface Affixes {
  readonly byChar: Map<number, Affix[]>;
}

/** All guards on one field. */
interface Index {
  readonly slot: number;
  readonly array: boolean;
  readonly field: string;
  readonly values: Map<unknown, number[]>;
  /** Entries of `values` under `true` (bare boolean fields), kept apart: no map lookup for booleans. */
  trueRules: number[] | null;
  /** `field < c` / `field <= c`, widest first: a value stops at the first range it is not in. */
  readonly below: Range[];
  /** `field > c` / `field >= c`, widest first. */
  readonly above: Range[];
  /** Bounded on both sides (between). */
  readonly ranges: Range[];
  readonly prefixes: Affixes;
  readonly suffixes: Affixes;
  readonly substrings: Substring[];
  readonly rules: Set<number>;
  /**
   * Lazy: every entry is the second guard group of a rule whose first group
   * is on always-probed fields. The field is then only loaded and looked up
   * when one of those first groups fired for the consignment (see `awake`).
   */
  lazy: boolean;
  /** Position among the lazy indexes (−1 for the others). */
  lazyId: number;
}

function addAffix(a: Affixes, str: string, k: number, suffix: boolean): void {
  const c = str.charCodeAt(suffix ? str.length - 1 : 0); // strings are non-empty (empty literals do not compile)
  let bucket = a.byChar.get(c);
  if (bucket === undefined) a.byChar.set(c, (bucket = []));
  const entry = bucket.find((e) => e.str === str);
  if (entry === undefined) bucket.push({ str, rules: [k] });
  else if (entry.rules[entry.rules.length - 1] !== k) entry.rules.push(k);
}

function addTo<K>(map: Map<K, number[]>, key: K, k: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [k]);
  else if (list[list.length - 1] !== k) list.push(k);
}

/**
 * One bit per ASCII letter a–z (and one for digits) occurring in `s`. A
 * string can only contain a substring whose mask is a subset of its own:
 * a cheap filter run before includes(). Other characters add no bit, so
 * they never rule a substring out.
 */
function letterMask(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 32; // ASCII upper → lower (values are lower-cased already)
    if (c >= 97 && c <= 122) m |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) m |= 1 << 26; // ('0'…'9' | 32 is unchanged)
  }
  return m;
}

/** `a` holds in fewer cases than `b`: for a value outside `b` (same side), it is outside `a`. */
function narrowerBelow(a: Range, b: Range): number {
  return b.hi - a.hi || (a.hiOpen === b.hiOpen ? 0 : a.hiOpen ? 1 : -1);
}
function narrowerAbove(a: Range, b: Range): number {
  return a.lo - b.lo || (a.loOpen === b.loOpen ? 0 : a.loOpen ? 1 : -1);
}

/**
 * Rules with two guard groups need both to hold. When one group is on
 * fields every consignment reads anyway, that group is taken first and the
 * other group's fields can be read lazily, only when the first one fired.
 * Returns, per rule, its usable groups with the one to check first at 0.
 */
function orderGroups(groups: (readonly (readonly Guard[])[] | null)[]): (readonly (readonly Guard[])[] | null)[] {
  const slotsOf = (gs: readonly Guard[]): number[] => [...new Set(gs.map((g) => g.slot))];
  const always = new Set<number>();
  for (const gs of groups) if (gs !== null && gs.length === 1) for (const s of slotsOf(gs[0] as readonly Guard[])) always.add(s);
  const out = groups.slice();
  const pending = new Set<number>();
  groups.forEach((gs, k) => {
    if (gs !== null && gs.length === 2) pending.add(k);
  });
  const inAlways = (gs: readonly Guard[]): boolean => slotsOf(gs).every((s) => always.has(s));
  while (pending.size > 0) {
    // Groups on always-read fields go first.
    let changed = true;
    while (changed) {
      changed = false;
      for (const k of pending) {
        const [a, b] = groups[k] as readonly [readonly Guard[], readonly Guard[]];
        if (inAlways(a)) out[k] = [a, b];
        else if (inAlways(b)) out[k] = [b, a];
        else continue;
        pending.delete(k);
        changed = true;
      }
    }
    if (pending.size === 0) break;
    // Otherwise make always-read the field set shared by most of the remaining rules
    // (ties: the first group, the more selective by guardSetScore).
    const uses = new Map<number, number>();
    for (const k of pending) for (const gs of groups[k] as readonly (readonly Guard[])[]) for (const s of slotsOf(gs)) uses.set(s, (uses.get(s) ?? 0) + 1);
    let best: readonly Guard[] | null = null;
    let bestUses = -1;
    for (const k of pending) {
      for (const gs of groups[k] as readonly (readonly Guard[])[]) {
        const u = Math.min(...slotsOf(gs).map((s) => uses.get(s) ?? 0));
        if (u > bestUses) {
          best = gs;
          bestUses = u;
        }
      }
    }
    for (const s of slotsOf(best as readonly Guard[])) always.add(s);
  }
  return out;
}

export function createRuleSet(rules: readonly CompiledRule[]): RuleSet {
  const preds: Pred[] = rules.map((r) => rulePredicate(r) ?? ((p: PreparedFacts) => r.evaluate(p)));
  const unguarded: number[] = [];
  const bySlot = new Map<number, Index>();
  const indexFor = (g: Guard): Index => {
    let index = bySlot.get(g.slot);
    if (index === undefined) {
      index = {
        slot: g.slot,
        array: g.array,
        field: g.field,
        values: new Map(),
        trueRules: null,
        below: [],
        above: [],
        ranges: [],
        prefixes: { byChar: new Map() },
        suffixes: { byChar: new Map() },
        substrings: [],
        rules: new Set(),
        lazy: true,
        lazyId: -1,
      };
      bySlot.set(g.slot, index);
    }
    return index;
  };
  // Index entries are "rule k, guard group g" = 2k + g. A rule with two groups
  // (two independent necessary conditions, e.g. both sides of an `and`) only
  // runs once both have fired for the consignment.
  const groupsOf = new Uint8Array(rules.length);
  // An empty prefix / suffix / substring would hold for every string: such a rule must always run.
  const emptyString = (g: Guard): boolean => g.kind !== 'values' && g.kind !== 'range' && g.strings.some((x) => x.length === 0);
  const usableGroups = rules.map((rule) => {
    const usable = (ruleGuardGroups(rule) ?? []).filter((gs) => gs.length > 0 && !gs.some(emptyString)).slice(0, 2);
    return usable.length === 0 ? null : usable;
  });
  orderGroups(usableGroups).forEach((usable, k) => {
    if (usable === null) {
      unguarded.push(k);
      return;
    }
    groupsOf[k] = usable.length;
    usable.forEach((guards, gi) => {
      const e = 2 * k + gi;
      for (const g of guards) {
        const index = indexFor(g);
        index.rules.add(k);
        if (gi === 0 || usable.length === 1) index.lazy = false;
        switch (g.kind) {
          case 'range': {
            const r: Range = { lo: g.lo, hi: g.hi, loOpen: g.loOpen, hiOpen: g.hiOpen, rule: e };
            if (r.lo === -Infinity && !r.loOpen) index.below.push(r);
            else if (r.hi === Infinity && !r.hiOpen) index.above.push(r);
            else index.ranges.push(r);
            break;
          }
          case 'values':
            for (const v of g.values) {
              if (v === true) {
                const t = (index.trueRules ??= []);
                if (t[t.length - 1] !== e) t.push(e);
              } else addTo(index.values, v, e);
            }
            break;
          case 'prefix':
          case 'suffix': {
            const suffix = g.kind === 'suffix';
            for (const str of g.strings) addAffix(suffix ? index.suffixes : index.prefixes, str, e, suffix);
            break;
          }
          case 'substring':
            for (const str of g.strings) {
              const entry = index.substrings.find((x) => x.str === str);
              if (entry === undefined) index.substrings.push({ str, mask: letterMask(str), rules: [e] });
              else if (entry.rules[entry.rules.length - 1] !== e) entry.rules.push(e);
            }
            break;
        }
      }
    });
  });
  for (const index of bySlot.values()) {
    index.below.sort(narrowerBelow);
    index.above.sort(narrowerAbove);
  }
  // Always-probed indexes first, then the lazy ones (their rules' first groups have been checked by then).
  const indexes = [...bySlot.values()].sort((a, b) => Number(a.lazy) - Number(b.lazy));
  const lazyCount = indexes.filter((i) => i.lazy).length;
  indexes.forEach((index, j) => {
    if (index.lazy) index.lazyId = j - (indexes.length - lazyCount);
  });
  // For each rule, the lazy indexes holding guards of its second group: woken when the first group fires.
  const wake: (Int32Array | null)[] = rules.map(() => null);
  for (const index of indexes) {
    if (!index.lazy) continue;
    for (const k of index.rules) wake[k] = Int32Array.from([...(wake[k] ?? []), index.lazyId]);
  }
  const un = Int32Array.from(unguarded);
  const seen = new Uint32Array(rules.length);
  const seenEntry = new Uint32Array(2 * rules.length);
  const half = new Uint32Array(rules.length);
  const awake = new Uint32Array(lazyCount);
  let stamp = 0;
  let hits = 0;

  // Runs rule k unless already run for this consignment.
  const run = (k: number, p: PreparedFacts, out: Uint8Array): void => {
    if (seen[k] === stamp) return;
    seen[k] = stamp;
    if ((preds[k] as Pred)(p, -1)) {
      out[k] = 1;
      hits++;
    }
  };
  // A guard of entry e holds. An entry can fire through several guards
  // (or-branches, array elements): count it once.
  const fire = (e: number, p: PreparedFacts, out: Uint8Array): void => {
    if (seenEntry[e] === stamp) return;
    seenEntry[e] = stamp;
    const k = e >> 1;
    if (groupsOf[k] === 2 && half[k] !== stamp) {
      half[k] = stamp; // first of two groups: wait for the other
      const w = wake[k] ?? null;
      if (w !== null && (e & 1) === 0) for (let m = 0; m < w.length; m++) awake[w[m] as number] = stamp;
      return;
    }
    run(k, p, out);
  };
  const runAll = (list: readonly number[], p: PreparedFacts, out: Uint8Array): void => {
    for (let m = 0; m < list.length; m++) fire(list[m] as number, p, out);
  };

  /** Looks one value of an index's field up: fires the entries whose guard it satisfies. */
  const probe = (index: Index, x: unknown, p: PreparedFacts, out: Uint8Array): void => {
    if (x === true) {
      if (index.trueRules !== null) runAll(index.trueRules, p, out);
      return;
    }
    // (size checks: hashing a long string for an empty map is not free)
    if (index.values.size > 0) {
      const list = index.values.get(x);
      if (list !== undefined) runAll(list, p, out);
    }
    if (typeof x === 'string') {
      if (x.length === 0) return;
      const pre = index.prefixes.byChar.size === 0 ? undefined : index.prefixes.byChar.get(x.charCodeAt(0));
      if (pre !== undefined) {
        for (let q = 0; q < pre.length; q++) {
          const a = pre[q] as Affix;
          if (x.startsWith(a.str)) runAll(a.rules, p, out);
        }
      }
      const suf = index.suffixes.byChar.size === 0 ? undefined : index.suffixes.byChar.get(x.charCodeAt(x.length - 1));
      if (suf !== undefined) {
        for (let q = 0; q < suf.length; q++) {
          const a = suf[q] as Affix;
          if (x.endsWith(a.str)) runAll(a.rules, p, out);
        }
      }
      const subs = index.substrings;
      if (subs.length > 0) {
        const mask = letterMask(x);
        for (let q = 0; q < subs.length; q++) {
          const a = subs[q] as Substring;
          if ((a.mask & mask) === a.mask && x.includes(a.str)) runAll(a.rules, p, out);
        }
      }
      return;
    }
    if (typeof x !== 'number') return;
    const below = index.below;
    for (let m = 0; m < below.length; m++) {
      const r = below[m] as Range;
      if (!(r.hiOpen ? x < r.hi : x <= r.hi)) break; // the rest are narrower
      fire(r.rule, p, out);
    }
    const above = index.above;
    for (let m = 0; m < above.length; m++) {
      const r = above[m] as Range;
      if (!(r.loOpen ? x > r.lo : x >= r.lo)) break;
      fire(r.rule, p, out);
    }
    const ranges = index.ranges;
    for (let m = 0; m < ranges.length; m++) {
      const r = ranges[m] as Range;
      if ((r.loOpen ? x > r.lo : x >= r.lo) && (r.hiOpen ? x < r.hi : x <= r.hi)) fire(r.rule, p, out);
    }
  };

  // No closures are created per call (tsx/esbuild would also wrap each in a naming helper).
  const evaluate = (p: PreparedFacts, out: Uint8Array): number => {
    out.fill(0, 0, rules.length);
    if (++stamp === 0xffffffff) {
      seen.fill(0);
      seenEntry.fill(0);
      half.fill(0);
      awake.fill(0);
      stamp = 1;
    }
    hits = 0;
    for (let j = 0; j < un.length; j++) run(un[j] as number, p, out);
    for (let j = 0; j < indexes.length; j++) {
      const index = indexes[j] as Index;
      if (index.lazy && awake[index.lazyId] !== stamp) continue; // no rule can complete through it
      const v = p.get(index.slot);
      if (v === undefined) continue;
      if (!index.array) {
        probe(index, v, p, out);
        continue;
      }
      const a = v as unknown[];
      for (let e = 0; e < a.length; e++) {
        const x = a[e];
        if (x !== undefined) probe(index, x, p, out);
      }
    }
    return hits;
  };

  /** Every rule, no index and no shared state: for calls re-entering from a fact getter. */
  const evaluateAll = (p: PreparedFacts, out: Uint8Array): number => {
    let n = 0;
    for (let k = 0; k < rules.length; k++) {
      const hit = (preds[k] as Pred)(p, -1);
      out[k] = hit ? 1 : 0;
      if (hit) n++;
    }
    return n;
  };

  // Raw facts are prepared into one recycled instance (no per-consignment slot
  // array). The index state (seen, stamp, hits, scratch) is shared, so a call
  // re-entering from a hostile fact getter takes the plain path instead.
  const scratch = new Prepared({});
  let busy = false;
  const evaluateInto = (facts: ConsignmentFacts | PreparedFacts, out: Uint8Array): number => {
    if (busy) return evaluateAll(facts instanceof Prepared ? facts : new Prepared(facts), out);
    busy = true;
    try {
      return evaluate(facts instanceof Prepared ? facts : scratch.reuse(facts), out);
    } finally {
      busy = false;
    }
  };

  return {
    rules,
    evaluateInto,
    matches(facts) {
      const out = new Uint8Array(rules.length);
      evaluateInto(facts, out);
      const res: number[] = [];
      for (let k = 0; k < out.length; k++) if (out[k] === 1) res.push(k);
      return res;
    },
    stats: {
      indexed: rules.length - unguarded.length,
      unindexed: unguarded.length,
      indexes: indexes.map((i) => ({ field: i.field, rules: i.rules.size, lazy: i.lazy })),
    },
  };
}
