import { rulePredicate, ruleGuards, type CompiledRule, type Guard } from './compile.ts';
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
  readonly rule: number;
}

/** Rules by prefix (or suffix) string, and the distinct string lengths to try. */
interface Affixes {
  readonly map: Map<string, number[]>;
  lengths: number[];
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
        prefixes: { map: new Map(), lengths: [] },
        suffixes: { map: new Map(), lengths: [] },
        rules: new Set(),
      };
      bySlot.set(g.slot, index);
    }
    return index;
  };
  rules.forEach((rule, k) => {
    const guards = ruleGuards(rule);
    if (guards === null || guards.length === 0) {
      unguarded.push(k);
      return;
    }
    for (const g of guards) {
      const index = indexFor(g);
      index.rules.add(k);
      switch (g.kind) {
        case 'range':
          index.ranges.push({ lo: g.lo, hi: g.hi, loOpen: g.loOpen, hiOpen: g.hiOpen, rule: k });
          break;
        case 'values':
          for (const v of g.values) addTo(index.values, v, k);
          break;
        case 'prefix':
        case 'suffix': {
          const affixes = g.kind === 'prefix' ? index.prefixes : index.suffixes;
          for (const str of g.strings) addTo(affixes.map, str, k);
          break;
        }
      }
    }
  });
  for (const index of bySlot.values()) {
    for (const a of [index.prefixes, index.suffixes]) a.lengths = [...new Set([...a.map.keys()].map((x) => x.length))].sort((x, y) => x - y);
  }
  const indexes = [...bySlot.values()];
  const un = Int32Array.from(unguarded);
  const seen = new Uint32Array(rules.length);
  let stamp = 0;

  // No closures are created per call (tsx/esbuild would also wrap each in a naming helper).
  const evaluateInto = (facts: ConsignmentFacts | PreparedFacts, out: Uint8Array): number => {
    const p = facts instanceof Prepared ? facts : new Prepared(facts);
    out.fill(0, 0, rules.length);
    // A rule can be reached through several guards (or-branches, array elements): run it once.
    if (++stamp === 0xffffffff) {
      seen.fill(0);
      stamp = 1;
    }
    const st = stamp;
    let hits = 0;
    for (let j = 0; j < un.length; j++) {
      const k = un[j] as number;
      if ((preds[k] as Pred)(p, -1)) {
        out[k] = 1;
        hits++;
      }
    }
    for (let j = 0; j < indexes.length; j++) {
      const index = indexes[j] as Index;
      const v = p.get(index.slot);
      if (v === undefined) continue;
      const n = index.array ? (v as unknown[]).length : 1;
      for (let e = 0; e < n; e++) {
        const x = index.array ? (v as unknown[])[e] : v;
        if (x === undefined) continue;
        const list = index.values.get(x);
        if (list !== undefined) {
          for (let m = 0; m < list.length; m++) {
            const k = list[m] as number;
            if (seen[k] === st) continue;
            seen[k] = st;
            if ((preds[k] as Pred)(p, -1)) {
              out[k] = 1;
              hits++;
            }
          }
        }
        if (typeof x === 'string') {
          for (let side = 0; side < 2; side++) {
            const affixes = side === 0 ? index.prefixes : index.suffixes;
            const lengths = affixes.lengths;
            for (let q = 0; q < lengths.length; q++) {
              const len = lengths[q] as number;
              if (len > x.length) break;
              const hit = affixes.map.get(side === 0 ? x.slice(0, len) : x.slice(x.length - len));
              if (hit === undefined) continue;
              for (let m = 0; m < hit.length; m++) {
                const k = hit[m] as number;
                if (seen[k] === st) continue;
                seen[k] = st;
                if ((preds[k] as Pred)(p, -1)) {
                  out[k] = 1;
                  hits++;
                }
              }
            }
          }
          continue;
        }
        const ranges = index.ranges;
        if (ranges.length === 0 || typeof x !== 'number') continue;
        for (let m = 0; m < ranges.length; m++) {
          const r = ranges[m] as Range;
          if (!((r.loOpen ? x > r.lo : x >= r.lo) && (r.hiOpen ? x < r.hi : x <= r.hi))) continue;
          const k = r.rule;
          if (seen[k] === st) continue;
          seen[k] = st;
          if ((preds[k] as Pred)(p, -1)) {
            out[k] = 1;
            hits++;
          }
        }
      }
    }
    return hits;
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
