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
 * (`goods.hs startsWith "0901"`); for `a or b` the guards of both sides; for
 * any(…), all(…) and count(…) ≥ 1 those of the condition inside. The consignment's field is looked up once in an index
 * shared by all rules guarded on that field. Rules without guards always run.
 * For a top-level `a and b …` the guards of the two most selective members are
 * both indexed, and the rule runs only when both hold.
 */
export interface RuleSet {
  readonly rules: readonly CompiledRule[];
  /** Writes 1 (match) or 0 for every rule into `out` (length ≥ rules.length); returns the number of matches. */
  evaluateInto(facts: ConsignmentFacts | PreparedFacts, out: Uint8Array): number;
  /** Indices of the matching rules, ascending. */
  matches(facts: ConsignmentFacts | PreparedFacts): number[];
  /** How the rules were indexed. */
  readonly stats: { readonly indexed: number; readonly unindexed: number; readonly indexes: readonly { field: string; rules: number }[] };
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

/** One prefix (or suffix) string and the rules guarded by it. */
interface Affix {
  readonly str: string;
  readonly rules: number[];
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
  readonly ranges: Range[];
  readonly prefixes: Affixes;
  readonly suffixes: Affixes;
  readonly rules: Set<number>;
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
        ranges: [],
        prefixes: { byChar: new Map() },
        suffixes: { byChar: new Map() },
        rules: new Set(),
      };
      bySlot.set(g.slot, index);
    }
    return index;
  };
  // Index entries are "rule k, guard group g" = 2k + g. A rule with two groups
  // (two independent necessary conditions, e.g. both sides of an `and`) only
  // runs once both have fired for the consignment.
  const groupsOf = new Uint8Array(rules.length);
  rules.forEach((rule, k) => {
    const groups = ruleGuardGroups(rule);
    // An empty prefix / suffix would hold for every string: such a rule must always run.
    const emptyAffix = (g: Guard): boolean => (g.kind === 'prefix' || g.kind === 'suffix') && g.strings.some((x) => x.length === 0);
    const usable = (groups ?? []).filter((gs) => gs.length > 0 && !gs.some(emptyAffix)).slice(0, 2);
    if (usable.length === 0) {
      unguarded.push(k);
      return;
    }
    groupsOf[k] = usable.length;
    usable.forEach((guards, gi) => {
      const e = 2 * k + gi;
      for (const g of guards) {
        const index = indexFor(g);
        index.rules.add(k);
        switch (g.kind) {
          case 'range':
            index.ranges.push({ lo: g.lo, hi: g.hi, loOpen: g.loOpen, hiOpen: g.hiOpen, rule: e });
            break;
          case 'values':
            for (const v of g.values) addTo(index.values, v, e);
            break;
          case 'prefix':
          case 'suffix': {
            const suffix = g.kind === 'suffix';
            for (const str of g.strings) addAffix(suffix ? index.suffixes : index.prefixes, str, e, suffix);
            break;
          }
        }
      }
    });
  });
  const indexes = [...bySlot.values()];
  const un = Int32Array.from(unguarded);
  const seen = new Uint32Array(rules.length);
  const seenEntry = new Uint32Array(2 * rules.length);
  const half = new Uint32Array(rules.length);
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
      return;
    }
    run(k, p, out);
  };
  const runAll = (list: readonly number[], p: PreparedFacts, out: Uint8Array): void => {
    for (let m = 0; m < list.length; m++) fire(list[m] as number, p, out);
  };

  // No closures are created per call (tsx/esbuild would also wrap each in a naming helper).
  const evaluate = (p: PreparedFacts, out: Uint8Array): number => {
    out.fill(0, 0, rules.length);
    if (++stamp === 0xffffffff) {
      seen.fill(0);
      seenEntry.fill(0);
      half.fill(0);
      stamp = 1;
    }
    hits = 0;
    for (let j = 0; j < un.length; j++) run(un[j] as number, p, out);
    for (let j = 0; j < indexes.length; j++) {
      const index = indexes[j] as Index;
      const v = p.get(index.slot);
      if (v === undefined) continue;
      const n = index.array ? (v as unknown[]).length : 1;
      for (let e = 0; e < n; e++) {
        const x = index.array ? (v as unknown[])[e] : v;
        if (x === undefined) continue;
        // (size checks: hashing a long string for an empty map is not free)
        if (index.values.size > 0) {
          const list = index.values.get(x);
          if (list !== undefined) runAll(list, p, out);
        }
        if (typeof x === 'string') {
          if (x.length === 0) continue;
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
          continue;
        }
        const ranges = index.ranges;
        if (ranges.length === 0 || typeof x !== 'number') continue;
        for (let m = 0; m < ranges.length; m++) {
          const r = ranges[m] as Range;
          if ((r.loOpen ? x > r.lo : x >= r.lo) && (r.hiOpen ? x < r.hi : x <= r.hi)) fire(r.rule, p, out);
        }
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
      indexes: indexes.map((i) => ({ field: i.field, rules: i.rules.size })),
    },
  };
}
