import type { ArrayLit, BetweenExpr, BinaryExpr, CompareOp, Expr, ListRef, Literal, Operand, PresenceExpr, QuantifierExpr, TruthyExpr } from './ast.ts';
import { toRuleErrors, type Diagnostic, type RuleError, type RuleErrorCode, type Span } from './errors.ts';
import { PreparedFacts } from './facts.ts';
import {
  FIELDS,
  fieldTypeName,
  findField,
  formatDay,
  normalizeBoolean,
  normalizeDate,
  normalizeNumber,
  parseDateLiteral,
  type ConsignmentFacts,
  type FieldDef,
  type FieldType,
} from './fields.ts';
import { parseRule } from './parser.ts';
import { printExpr, printOperand } from './print.ts';
import { requiredLiteralSet } from './literal-set.ts';
import { compileSafeRegex, MAX_MATCH_INPUT, requiredLiteral } from './regex-safety.ts';
import { suggest } from './suggest.ts';

// Module-local copies of imported values used on hot paths (imported bindings
// are property getters when TypeScript is loaded as CommonJS, e.g. by tsx).
const Prepared = PreparedFacts;
const MATCH_INPUT = MAX_MATCH_INPUT;

// ---------------------------------------------------------------------------
// Public types

export type ListItem = string | number;
export type ListValues = ReadonlySet<ListItem> | readonly ListItem[];
/**
 * Resolves `list("name")` at compile time. A function (unknown → null/undefined),
 * or a Map / plain object of lists (these also give "did you mean" suggestions).
 */
export type ListResolver =
  | ((name: string) => ListValues | null | undefined)
  | ReadonlyMap<string, ListValues>
  | Readonly<Record<string, ListValues>>;

export interface CompileOptions {
  lists?: ListResolver;
  /** Longest accepted source (default 65 536 characters). */
  maxLength?: number;
  /** Deepest accepted nesting (default 64). */
  maxNesting?: number;
}

export interface CompiledRule {
  readonly source: string;
  /** The rule re-printed in canonical form (lower-case keywords, canonical field names). */
  readonly canonical: string;
  /** True when the consignment matches. Pass prepareFacts(f) when evaluating many rules on one consignment. */
  evaluate(facts: ConsignmentFacts | PreparedFacts): boolean;
  /**
   * The conditions that made the rule match, one line each with the values
   * that satisfied them (e.g. `route.transshipment in list("high-risk-ports") → PKKHI`).
   * Empty when the rule does not match.
   */
  explain(facts: ConsignmentFacts | PreparedFacts): string[];
  /** Canonical names of the fields read, sorted. */
  readonly fieldsUsed: readonly string[];
  /** Names of the lists used, in order of first use. */
  readonly listsUsed: readonly string[];
}

export type CompileResult = { ok: true; rule: CompiledRule } | { ok: false; errors: RuleError[] };

// ---------------------------------------------------------------------------
// Internal representation

type Pred = (p: PreparedFacts, i: number) => boolean;
type NumFn = (p: PreparedFacts, i: number) => number;
type Detail = (p: PreparedFacts) => string;
type Mode = 'scalar' | 'any' | 'elem';

/**
 * A necessary condition on one field, used by rule sets to skip rules
 * (see rule-set.ts). The field (for array fields: some element) must
 * - `values`: be one of the values (from `=`, `in`, bare boolean fields);
 * - `range`: lie in the range (from `<`, `<=`, `>`, `>=`, `between`);
 * - `prefix` / `suffix`: start / end with one of the strings (`startsWith`, `endsWith`);
 * - `substring`: contain one of the strings (the literal every match of a
 *   `matches` pattern must contain, see requiredLiteral()).
 */
export type Guard =
  | { readonly kind: 'values'; readonly slot: number; readonly array: boolean; readonly field: string; readonly values: readonly unknown[] }
  | {
      readonly kind: 'prefix' | 'suffix' | 'substring';
      readonly slot: number;
      readonly array: boolean;
      readonly field: string;
      readonly strings: readonly string[];
    }
  | {
      readonly kind: 'range';
      readonly slot: number;
      readonly array: boolean;
      readonly field: string;
      readonly lo: number;
      readonly hi: number;
      readonly loOpen: boolean;
      readonly hiOpen: boolean;
    };

const WEAK_GUARD_FIELDS = new Set(['mode', 'document.type']);

/** Higher is (heuristically) more selective. */
export function guardScore(g: Guard): number {
  let s: number;
  if (g.kind === 'range') s = 1.5;
  else if (g.kind === 'substring') s = Math.min(1.5, 0.25 * Math.min(...g.strings.map((x) => x.length))); // anywhere in the text: weaker than a prefix
  else if (g.kind !== 'values') s = Math.min(2, 0.5 + 0.25 * Math.min(...g.strings.map((x) => x.length)));
  else if (g.values.length === 1 && g.values[0] === true) s = 3;
  else s = WEAK_GUARD_FIELDS.has(g.field) ? 1 : 2;
  if (g.array) s -= 0.5;
  if ((g.kind === 'values' ? g.values.length : g.kind === 'range' ? 1 : g.strings.length) > 64) s -= 0.5;
  return s;
}

/** Score of a disjunction of guards: as weak as its weakest member, and weaker the more members. */
function guardSetScore(gs: readonly Guard[]): number {
  let min = Infinity;
  for (const g of gs) min = Math.min(min, guardScore(g));
  return min - 0.25 * (gs.length - 1);
}

interface CNode {
  readonly kind: 'and' | 'or' | 'leaf';
  readonly pred: Pred;
  /** Rough evaluation cost, used to evaluate cheap conditions first. */
  readonly cost: number;
  readonly children?: readonly CNode[];
  readonly text?: string;
  readonly detail?: Detail;
  /** When the node is true, at least one of these guards holds. */
  readonly guards?: readonly Guard[];
}

interface Built {
  pred: Pred;
  detail?: Detail;
  guards?: readonly Guard[];
}

/* Guards on an element inside a quantifier are guards on the array field: they
   only reach the rule through any/all/count (see quantifier()), where "some
   element satisfies" is exactly what they say. */

function guardOf(v: FieldVal, values: readonly unknown[]): Guard[] {
  return [{ kind: 'values', slot: v.def.slot, array: v.def.array, field: v.def.name, values }];
}

function rangeGuard(v: DynVal, lo: number, hi: number, loOpen: boolean, hiOpen: boolean): Guard[] | undefined {
  if (v.kind !== 'field') return undefined;
  return [{ kind: 'range', slot: v.def.slot, array: v.def.array, field: v.def.name, lo, hi, loOpen, hiOpen }];
}

function orderGuard(v: DynVal, op: Exclude<CompareOp, '='>, c: number): Guard[] | undefined {
  switch (op) {
    case '<':
      return rangeGuard(v, -Infinity, c, false, true);
    case '<=':
      return rangeGuard(v, -Infinity, c, false, false);
    case '>':
      return rangeGuard(v, c, Infinity, true, false);
    case '>=':
      return rangeGuard(v, c, Infinity, false, false);
  }
}

/** Cost estimate of a condition from its tree: scalar tests are cheap, arrays less so, regexes and quantifiers most. */
function leafCost(e: Expr): number {
  let cost = 1;
  const operand = (o: Operand): void => {
    if (o.kind === 'count') cost = Math.max(cost, 10);
    else if (o.kind === 'field' && findField(o.path)?.array === true) cost = Math.max(cost, 3);
  };
  switch (e.kind) {
    case 'quantifier':
      return 10;
    case 'binary':
      operand(e.left);
      operand(e.right);
      if (e.op === 'matches') cost += 6;
      else if (e.left.kind === 'field' && e.right.kind === 'field') cost += 2;
      return cost;
    case 'between':
      operand(e.left);
      return cost;
    case 'presence':
      operand(e.left);
      return cost;
    case 'truthy':
      operand(e.operand);
      return cost;
    default:
      return cost;
  }
}

/** Children ordered by cost (stable): evaluation of and/or is free of side effects, so order does not change results. */
function byCost(cs: readonly CNode[]): Pred[] {
  return cs
    .map((c, k) => ({ c, k }))
    .sort((a, b) => a.c.cost - b.c.cost || a.k - b.k)
    .map((x) => x.c.pred);
}

interface FieldVal {
  readonly kind: 'field';
  readonly def: FieldDef;
  readonly mode: Mode;
  readonly span: Span;
}
interface CountVal {
  readonly kind: 'count';
  readonly len: NumFn;
  readonly body: Pred;
  /** Guards of the body: some element satisfies one of them whenever the count is ≥ 1. */
  readonly guards?: readonly Guard[];
  readonly span: Span;
}
interface ConstVal {
  readonly kind: 'const';
  readonly lit: Literal;
  readonly span: Span;
}
interface ArrayVal {
  readonly kind: 'array';
  readonly node: ArrayLit;
  readonly span: Span;
}
interface ListVal {
  readonly kind: 'list';
  readonly node: ListRef;
  readonly values: ListValues;
  readonly span: Span;
}
type Val = FieldVal | CountVal | ConstVal | ArrayVal | ListVal;
type DynVal = FieldVal | CountVal;

/** Type information needed to convert a literal for comparison with a value. */
interface Target {
  readonly type: FieldType;
  readonly label: string;
  readonly normalize: (x: unknown) => unknown;
}

interface Scope {
  readonly collection: string;
  readonly lenSlot: number;
}

class CompileFailure extends Error {}

const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function cmp(op: CompareOp): (a: unknown, b: unknown) => boolean {
  switch (op) {
    case '=':
      return (a, b) => a === b;
    case '<':
      return (a, b) => (a as number) < (b as number);
    case '<=':
      return (a, b) => (a as number) <= (b as number);
    case '>':
      return (a, b) => (a as number) > (b as number);
    case '>=':
      return (a, b) => (a as number) >= (b as number);
  }
}

function isOrdered(t: FieldType): boolean {
  return t === 'number' || t === 'date';
}

function typeLabel(t: FieldType): string {
  return t === 'string' ? 'text' : t === 'boolean' ? 'true/false' : t;
}

function collectionOf(def: FieldDef): string {
  return def.collection ?? def.name;
}

// ---------------------------------------------------------------------------
// Closure builders

function slotGetter(v: FieldVal): (p: PreparedFacts, i: number) => unknown {
  const s = v.def.slot;
  if (v.mode === 'elem') return (p, i) => (p.get(s) as unknown[])[i];
  return (p) => p.get(s);
}

function dynGetter(v: DynVal): (p: PreparedFacts, i: number) => unknown {
  if (v.kind === 'field') return slotGetter(v);
  const { len, body } = v;
  return (p) => {
    const n = len(p, -1);
    let c = 0;
    for (let i = 0; i < n; i++) if (body(p, i)) c++;
    return c;
  };
}

/** Applies a test on one normalised value to a field or count with any-element semantics. */
function lift(v: DynVal, test: (x: unknown) => boolean): Pred {
  if (v.kind === 'count') {
    const get = dynGetter(v);
    return (p, i) => test(get(p, i));
  }
  const s = v.def.slot;
  switch (v.mode) {
    case 'scalar':
      return (p) => {
        const x = p.get(s);
        return x !== undefined && test(x);
      };
    case 'elem':
      return (p, i) => {
        const x = (p.get(s) as unknown[])[i];
        return x !== undefined && test(x);
      };
    case 'any':
      return (p) => {
        const a = p.get(s) as unknown[] | undefined;
        if (a === undefined) return false;
        for (let k = 0; k < a.length; k++) {
          const x = a[k];
          if (x !== undefined && test(x)) return true;
        }
        return false;
      };
  }
}

/** Negated operators: the value must be present, and no element may satisfy the test. */
function liftNegated(v: DynVal, test: (x: unknown) => boolean): Pred {
  if (v.kind === 'count') {
    const get = dynGetter(v);
    return (p, i) => !test(get(p, i));
  }
  const s = v.def.slot;
  switch (v.mode) {
    case 'scalar':
      return (p) => {
        const x = p.get(s);
        return x !== undefined && !test(x);
      };
    case 'elem':
      return (p, i) => {
        const x = (p.get(s) as unknown[])[i];
        return x !== undefined && !test(x);
      };
    case 'any':
      return (p) => {
        const a = p.get(s) as unknown[] | undefined;
        if (a === undefined) return false;
        let present = false;
        for (let k = 0; k < a.length; k++) {
          const x = a[k];
          if (x === undefined) continue;
          if (test(x)) return false;
          present = true;
        }
        return present;
      };
  }
}

/** Specialised `field = constant`. */
function liftEq(v: FieldVal, c: unknown): Pred {
  const s = v.def.slot;
  switch (v.mode) {
    case 'scalar':
      return (p) => p.get(s) === c;
    case 'elem':
      return (p, i) => (p.get(s) as unknown[])[i] === c;
    case 'any':
      return (p) => {
        const a = p.get(s) as unknown[] | undefined;
        if (a === undefined) return false;
        for (let k = 0; k < a.length; k++) if (a[k] === c) return true;
        return false;
      };
  }
}

/** Specialised `field in set`. */
function liftSet(v: FieldVal, set: ReadonlySet<unknown>): Pred {
  const s = v.def.slot;
  switch (v.mode) {
    case 'scalar':
      return (p) => set.has(p.get(s));
    case 'elem':
      return (p, i) => set.has((p.get(s) as unknown[])[i]);
    case 'any':
      return (p) => {
        const a = p.get(s) as unknown[] | undefined;
        if (a === undefined) return false;
        for (let k = 0; k < a.length; k++) if (set.has(a[k])) return true;
        return false;
      };
  }
}

/** Specialised single-value startsWith / endsWith / contains (no per-element test call). */
function liftStr(v: FieldVal, op: 'startsWith' | 'endsWith' | 'contains', c: string): Pred | null {
  const s = v.def.slot;
  if (v.mode === 'scalar') {
    switch (op) {
      case 'startsWith':
        return (p) => {
          const x = p.get(s) as string | undefined;
          return x !== undefined && x.startsWith(c);
        };
      case 'endsWith':
        return (p) => {
          const x = p.get(s) as string | undefined;
          return x !== undefined && x.endsWith(c);
        };
      case 'contains':
        return (p) => {
          const x = p.get(s) as string | undefined;
          return x !== undefined && x.includes(c);
        };
    }
  }
  if (v.mode === 'any') {
    switch (op) {
      case 'startsWith':
        return (p) => {
          const a = p.get(s) as (string | undefined)[] | undefined;
          if (a === undefined) return false;
          for (let k = 0; k < a.length; k++) {
            const x = a[k];
            if (x !== undefined && x.startsWith(c)) return true;
          }
          return false;
        };
      case 'endsWith':
        return (p) => {
          const a = p.get(s) as (string | undefined)[] | undefined;
          if (a === undefined) return false;
          for (let k = 0; k < a.length; k++) {
            const x = a[k];
            if (x !== undefined && x.endsWith(c)) return true;
          }
          return false;
        };
      case 'contains':
        return (p) => {
          const a = p.get(s) as (string | undefined)[] | undefined;
          if (a === undefined) return false;
          for (let k = 0; k < a.length; k++) {
            const x = a[k];
            if (x !== undefined && x.includes(c)) return true;
          }
          return false;
        };
    }
  }
  return null;
}

/** Specialised numeric/date ordering against a constant (undefined compares false). */
function liftOrder(v: FieldVal, op: Exclude<CompareOp, '='>, c: number): Pred | null {
  if (v.mode !== 'scalar') return null;
  const s = v.def.slot;
  switch (op) {
    case '<':
      return (p) => (p.get(s) as number) < c;
    case '<=':
      return (p) => (p.get(s) as number) <= c;
    case '>':
      return (p) => (p.get(s) as number) > c;
    case '>=':
      return (p) => (p.get(s) as number) >= c;
  }
}

function andOf(ps: readonly Pred[]): Pred {
  const [a, b, c] = ps;
  if (ps.length === 1 && a) return a;
  if (ps.length === 2 && a && b) return (p, i) => a(p, i) && b(p, i);
  if (ps.length === 3 && a && b && c) return (p, i) => a(p, i) && b(p, i) && c(p, i);
  return (p, i) => {
    for (let k = 0; k < ps.length; k++) if (!(ps[k] as Pred)(p, i)) return false;
    return true;
  };
}

function orOf(ps: readonly Pred[]): Pred {
  const [a, b, c] = ps;
  if (ps.length === 1 && a) return a;
  if (ps.length === 2 && a && b) return (p, i) => a(p, i) || b(p, i);
  if (ps.length === 3 && a && b && c) return (p, i) => a(p, i) || b(p, i) || c(p, i);
  return (p, i) => {
    for (let k = 0; k < ps.length; k++) if ((ps[k] as Pred)(p, i)) return true;
    return false;
  };
}

/** Tests for several prefixes / suffixes / substrings at once. */
function multiStringTest(op: 'startsWith' | 'endsWith' | 'contains', values: readonly string[]): (x: unknown) => boolean {
  const first = values[0] ?? '';
  if (values.length === 1) {
    if (op === 'startsWith') return (x) => (x as string).startsWith(first);
    if (op === 'endsWith') return (x) => (x as string).endsWith(first);
    return (x) => (x as string).includes(first);
  }
  if (op === 'contains' || values.length <= 6) {
    const vs = [...values];
    const n = vs.length;
    if (op === 'startsWith') {
      return (x) => {
        for (let k = 0; k < n; k++) if ((x as string).startsWith(vs[k] as string)) return true;
        return false;
      };
    }
    if (op === 'endsWith') {
      return (x) => {
        for (let k = 0; k < n; k++) if ((x as string).endsWith(vs[k] as string)) return true;
        return false;
      };
    }
    return (x) => {
      for (let k = 0; k < n; k++) if ((x as string).includes(vs[k] as string)) return true;
      return false;
    };
  }
  // Many prefixes/suffixes (e.g. a list of HS headings): one set lookup per distinct length.
  const set = new Set(values);
  const lengths = [...new Set(values.map((v) => v.length))].sort((a, b) => a - b);
  if (op === 'startsWith') {
    return (x) => {
      const s = x as string;
      for (const n of lengths) {
        if (n > s.length) return false;
        if (set.has(s.slice(0, n))) return true;
      }
      return false;
    };
  }
  return (x) => {
    const s = x as string;
    for (const n of lengths) {
      if (n > s.length) return false;
      if (set.has(s.slice(s.length - n))) return true;
    }
    return false;
  };
}

// ---------------------------------------------------------------------------
// Explanations

function shortText(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.length > 60 ? t.slice(0, 59) + '…' : t;
}

function showValue(def: FieldDef, raw: unknown, norm: unknown): string {
  if (def.type === 'date') return formatDay(norm as number);
  if (typeof raw === 'string') return shortText(raw);
  return String(norm);
}

function rawOf(def: FieldDef, p: PreparedFacts): unknown {
  try {
    return def.get(p.raw);
  } catch {
    return undefined;
  }
}

/** ` → value(s)` of a field; with a test, only the elements that satisfy it. */
function fieldDetail(v: FieldVal, test?: (x: unknown) => boolean): Detail {
  const def = v.def;
  return (p) => {
    const norm = p.get(def.slot);
    if (norm === undefined) return '';
    const raw = rawOf(def, p);
    if (!def.array) return ` → ${showValue(def, raw, norm)}`;
    const arr = norm as unknown[];
    const parts: string[] = [];
    let extra = 0;
    for (let k = 0; k < arr.length; k++) {
      const x = arr[k];
      if (x === undefined || (test !== undefined && !test(x))) continue;
      if (parts.length < 5) parts.push(showValue(def, Array.isArray(raw) ? raw[k] : raw, x));
      else extra++;
    }
    if (parts.length === 0) return '';
    return ` → ${parts.join(', ')}${extra > 0 ? ` (+${extra} more)` : ''}`;
  };
}

function countDetail(v: CountVal): Detail {
  const get = dynGetter(v);
  return (p) => ` → count ${String(get(p, -1))}`;
}

function explainNode(n: CNode, p: PreparedFacts, out: string[]): boolean {
  switch (n.kind) {
    case 'and':
      if (!n.pred(p, -1)) return false;
      for (const c of n.children ?? []) explainNode(c, p, out);
      return true;
    case 'or': {
      let any = false;
      for (const c of n.children ?? []) if (explainNode(c, p, out)) any = true;
      return any;
    }
    case 'leaf':
      if (!n.pred(p, -1)) return false;
      out.push((n.text ?? '') + (n.detail?.(p) ?? ''));
      return true;
  }
}

// ---------------------------------------------------------------------------
// The compiler

function lookupList(resolver: ListResolver | undefined, name: string): ListValues | null | undefined {
  if (resolver === undefined) return undefined;
  if (typeof resolver === 'function') return resolver(name);
  if (resolver instanceof Map) return (resolver as ReadonlyMap<string, ListValues>).get(name);
  const rec = resolver as Readonly<Record<string, ListValues>>;
  return Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : undefined;
}

function listNames(resolver: ListResolver | undefined): string[] {
  if (resolver === undefined || typeof resolver === 'function') return [];
  if (resolver instanceof Map) return [...(resolver as ReadonlyMap<string, ListValues>).keys()];
  return Object.keys(resolver);
}

class Compiler {
  readonly fieldsUsed = new Set<string>();
  readonly listsUsed: string[] = [];
  private scope: Scope | null = null;
  private readonly listCache = new Map<string, ListValues | null>();

  constructor(
    private readonly diags: Diagnostic[],
    private readonly lists: ListResolver | undefined,
  ) {}

  private error(span: Span, message: string, code: RuleErrorCode): void {
    this.diags.push({ span, message, code });
  }
  private fail(span: Span, message: string, code: RuleErrorCode): never {
    this.error(span, message, code);
    throw new CompileFailure(message);
  }

  // -- expressions -----------------------------------------------------------

  expr(e: Expr): CNode | null {
    switch (e.kind) {
      case 'and':
      case 'or': {
        const children = e.items.map((x) => this.expr(x));
        if (children.some((c) => c === null)) return null;
        const cs = children as CNode[];
        const preds = byCost(cs);
        const cost = cs.reduce((a, c) => a + c.cost, 0);
        let guards: readonly Guard[] | undefined;
        if (e.kind === 'and') {
          // any one member's guards are necessary for the conjunction: take the most selective
          for (const c of cs) {
            if (c.guards !== undefined && (guards === undefined || guardSetScore(c.guards) > guardSetScore(guards))) guards = c.guards;
          }
        } else if (cs.every((c) => c.guards !== undefined)) {
          // a disjunction needs one of its members' guards
          guards = cs.flatMap((c) => c.guards ?? []);
          if (guards.length > 16) guards = undefined;
        }
        return { kind: e.kind, pred: e.kind === 'and' ? andOf(preds) : orOf(preds), cost, children: cs, ...(guards ? { guards } : {}) };
      }
      case 'not': {
        const inner = this.expr(e.expr);
        if (inner === null) return null;
        const q = inner.pred;
        return { kind: 'leaf', pred: (p, i) => !q(p, i), cost: inner.cost, text: printExpr(e) };
      }
      case 'error':
        return null;
      default:
        return this.leaf(e);
    }
  }

  private leaf(e: BinaryExpr | BetweenExpr | PresenceExpr | QuantifierExpr | TruthyExpr): CNode | null {
    try {
      let built: Built;
      switch (e.kind) {
        case 'binary':
          built = this.binary(e);
          break;
        case 'between':
          built = this.between(e);
          break;
        case 'presence':
          built = this.presence(e);
          break;
        case 'truthy':
          built = this.truthy(e);
          break;
        case 'quantifier':
          built = this.quantifier(e);
          break;
      }
      return {
        kind: 'leaf',
        pred: built.pred,
        cost: leafCost(e),
        text: printExpr(e),
        ...(built.detail ? { detail: built.detail } : {}),
        ...(built.guards ? { guards: built.guards } : {}),
      };
    } catch (err) {
      if (err instanceof CompileFailure) return null;
      throw err;
    }
  }

  // -- operands --------------------------------------------------------------

  /** Compiles an operand; failures are reported and rethrown as CompileFailure. */
  private operand(o: Operand): Val {
    switch (o.kind) {
      case 'field':
        return this.field(o.path, o.span);
      case 'number':
      case 'string':
      case 'boolean':
        return { kind: 'const', lit: o, span: o.span };
      case 'array':
        if (o.items.length === 0) this.fail(o.span, 'An empty array never matches', 'E_BAD_VALUE');
        return { kind: 'array', node: o, span: o.span };
      case 'list':
        return { kind: 'list', node: o, values: this.list(o), span: o.span };
      case 'count': {
        const q = this.quantBody(o.body, o.span, 'count');
        return { kind: 'count', len: q.len, body: q.body, span: o.span, ...(q.guards ? { guards: q.guards } : {}) };
      }
    }
  }

  private operands(...os: Operand[]): Val[] {
    // Compile all so that every error is reported, then fail if any did.
    let failed = false;
    const out: Val[] = [];
    for (const o of os) {
      try {
        out.push(this.operand(o));
      } catch (e) {
        if (!(e instanceof CompileFailure)) throw e;
        failed = true;
      }
    }
    if (failed) throw new CompileFailure('operand');
    return out;
  }

  private field(path: string, span: Span): FieldVal {
    const def = findField(path);
    if (def === undefined) this.fail(span, unknownFieldMessage(path), 'E_UNKNOWN_FIELD');
    this.fieldsUsed.add(def.name);
    let mode: Mode = 'scalar';
    if (def.array) mode = this.scope !== null && this.scope.collection === collectionOf(def) ? 'elem' : 'any';
    return { kind: 'field', def, mode, span };
  }

  private list(node: ListRef): ListValues {
    const name = node.name;
    let values = this.listCache.get(name);
    if (values === undefined) {
      try {
        values = lookupList(this.lists, name) ?? null;
      } catch (e) {
        this.fail(node.span, `List "${name}" could not be loaded: ${e instanceof Error ? e.message : String(e)}`, 'E_LIST');
      }
      if (values !== null && !(values instanceof Set) && !Array.isArray(values)) {
        this.fail(node.span, `List "${name}" is not a set or an array`, 'E_LIST');
      }
      this.listCache.set(name, values);
    }
    if (values === null) {
      const s = suggest(name, listNames(this.lists));
      this.fail(node.span, `Unknown list "${name}"${s.length > 0 ? `. Did you mean ${s.map((x) => `"${x}"`).join(' or ')}?` : ''}`, 'E_UNKNOWN_LIST');
    }
    if (!this.listsUsed.includes(name)) this.listsUsed.push(name);
    return values;
  }

  /** Literal → normalised value of the target's type (reports and fails on mismatch). */
  private convert(lit: Literal, t: Target): unknown {
    switch (t.type) {
      case 'string': {
        if (lit.kind === 'number') {
          this.fail(lit.span, `${t.label} is text: write the value in quotes, "${lit.raw}"`, 'E_TYPE');
        }
        if (lit.kind !== 'string') this.fail(lit.span, `${t.label} is text; ${lit.value} is true/false`, 'E_TYPE');
        const v = t.normalize(lit.value);
        if (v === undefined) this.fail(lit.span, `Empty text never matches; to test for no value use "${t.label} is missing"`, 'E_BAD_VALUE');
        return v;
      }
      case 'number':
        if (lit.kind !== 'number') {
          const hint = lit.kind === 'string' && normalizeNumber(lit.value) !== undefined ? `: write ${lit.value.trim()} without quotes` : '';
          this.fail(lit.span, `${t.label} is a number${hint}`, 'E_TYPE');
        }
        return lit.value;
      case 'boolean':
        if (lit.kind !== 'boolean') this.fail(lit.span, `${t.label} is true/false`, 'E_TYPE');
        return lit.value;
      case 'date': {
        if (lit.kind !== 'string') this.fail(lit.span, `${t.label} is a date: write it as "YYYY-MM-DD"`, 'E_TYPE');
        const d = parseDateLiteral(lit.value);
        if (d === undefined) this.fail(lit.span, `"${lit.value}" is not a date: write it as "YYYY-MM-DD"`, 'E_BAD_VALUE');
        return d;
      }
    }
  }

  private target(v: DynVal): Target {
    if (v.kind === 'count') return { type: 'number', label: 'count(…)', normalize: normalizeNumber };
    return { type: v.def.type, label: v.def.name, normalize: v.def.normalizeScalar };
  }

  private typeOf(v: DynVal): FieldType {
    return v.kind === 'count' ? 'number' : v.def.type;
  }

  /** Converts the items of an array literal or a named list for comparison with `t`. */
  private members(v: ArrayVal | ListVal, t: Target): unknown[] {
    const out: unknown[] = [];
    if (v.kind === 'array') {
      let failed = false;
      for (const item of v.node.items) {
        try {
          out.push(this.convert(item, t));
        } catch (e) {
          if (!(e instanceof CompileFailure)) throw e;
          failed = true;
        }
      }
      if (failed) throw new CompileFailure('array');
      return out;
    }
    for (const item of v.values) {
      let x: unknown;
      if (t.type === 'string') x = t.normalize(item);
      else if (t.type === 'number') x = normalizeNumber(item);
      else if (t.type === 'boolean') x = normalizeBoolean(item);
      else x = typeof item === 'string' ? (parseDateLiteral(item) ?? normalizeDate(item)) : normalizeDate(item);
      if (x === undefined) {
        if (typeof item === 'string' && item.trim() === '') continue;
        this.fail(v.span, `List "${v.node.name}" has the item "${String(item)}", which is not ${t.type === 'string' ? 'text' : `a ${typeLabel(t.type)}`} like ${t.label}`, 'E_LIST');
      }
      out.push(x);
    }
    return out;
  }

  private requireDyn(v: Val, what: string, allowCount = true): DynVal {
    if (v.kind === 'field' || (allowCount && v.kind === 'count')) return v;
    this.fail(v.span, `The left side of ${what} must be a field${allowCount ? ' or count(…)' : ''}`, 'E_TYPE');
  }

  // -- conditions ------------------------------------------------------------

  private binary(e: BinaryExpr): Built {
    const [l, r] = this.operands(e.left, e.right) as [Val, Val];
    switch (e.op) {
      case 'in':
        return this.membership(e, l, r);
      case 'startsWith':
      case 'endsWith':
      case 'contains':
      case 'matches':
        return this.stringOp(e, e.op, l, r);
      default:
        return this.compare(e, e.op, l, r);
    }
  }

  private compare(e: BinaryExpr, op0: CompareOp, l0: Val, r0: Val): Built {
    let l = l0;
    let r = r0;
    let op = op0;
    const opText = e.negated ? '!=' : op0;
    if (l.kind === 'array' || l.kind === 'list' || r.kind === 'array' || r.kind === 'list') {
      this.fail(e.opSpan, `To compare with ${r.kind === 'list' || l.kind === 'list' ? 'a list' : 'an array'} use 'in'${e.negated ? " ('not in')" : ''}`, 'E_TYPE');
    }
    if (l.kind === 'const' && r.kind === 'const') this.fail(e.span, 'This compares two fixed values; one side must be a field', 'E_TYPE');
    if (l.kind === 'const') {
      [l, r] = [r, l];
      op = FLIP[op];
    }
    const dl = l as DynVal;
    const type = this.typeOf(dl);
    if (op !== '=' && !isOrdered(type)) {
      this.fail(e.opSpan, `'${opText}' needs numbers or dates; ${this.target(dl).label} is ${typeLabel(type)}`, 'E_TYPE');
    }
    const detail = dl.kind === 'count' ? countDetail(dl) : undefined;
    if (r.kind === 'const') {
      const c = this.convert(r.lit, this.target(dl));
      if (e.negated) {
        const pred = liftNegated(dl, (x) => x === c);
        return { pred, detail: detail ?? fieldDetail(dl as FieldVal) };
      }
      if (dl.kind === 'count') {
        const k = c as number;
        const atLeastOne = op === '>' ? k >= 0 : op === '>=' || op === '=' ? k >= 1 : false;
        const guards = atLeastOne ? dl.guards : undefined;
        return { pred: this.countCompare(dl, op, k), detail: countDetail(dl), ...(guards ? { guards } : {}) };
      }
      if (op === '=') {
        return { pred: liftEq(dl, c), detail: fieldDetail(dl, (x) => x === c), guards: guardOf(dl, [c]) };
      }
      const test = cmp(op);
      const pred = liftOrder(dl, op, c as number) ?? lift(dl, (x) => test(x, c));
      const guards = orderGuard(dl, op, c as number);
      return { pred, detail: fieldDetail(dl, (x) => test(x, c)), ...(guards ? { guards } : {}) };
    }
    // field/count against field/count
    const dr = r as DynVal;
    const tr = this.typeOf(dr);
    if (tr !== type) {
      this.fail(e.span, `Cannot compare ${this.target(dl).label} (${typeLabel(type)}) with ${this.target(dr).label} (${typeLabel(tr)})`, 'E_TYPE');
    }
    const pred = this.pairwise(dl, dr, cmp(op));
    return { pred: e.negated ? this.presentAndNot(dl, dr, pred) : pred, ...(detail ? { detail } : {}) };
  }

  /** `count(…) op k`, stopping as soon as the answer is known for `>=`/`>`. */
  private countCompare(v: CountVal, op: CompareOp, k: number): Pred {
    const { len, body } = v;
    if (op === '>=' || op === '>') {
      const need = op === '>=' ? Math.ceil(k) : Math.floor(k) + 1;
      if (need <= 0) return () => true;
      return (p) => {
        const n = len(p, -1);
        if (n < need) return false;
        let c = 0;
        for (let i = 0; i < n; i++) if (body(p, i) && ++c >= need) return true;
        return false;
      };
    }
    const get = dynGetter(v);
    const test = cmp(op);
    return (p, i) => test(get(p, i), k);
  }

  /** Any element of a compared with any element of b. */
  private pairwise(a: DynVal, b: DynVal, test: (x: unknown, y: unknown) => boolean): Pred {
    const ga = dynGetter(a);
    const gb = dynGetter(b);
    const ma = a.kind === 'field' && a.mode === 'any';
    const mb = b.kind === 'field' && b.mode === 'any';
    return (p, i) => {
      const x = ga(p, i);
      const y = gb(p, i);
      if (x === undefined || y === undefined) return false;
      const nx = ma ? (x as unknown[]).length : 1;
      const ny = mb ? (y as unknown[]).length : 1;
      for (let a = 0; a < nx; a++) {
        const u = ma ? (x as unknown[])[a] : x;
        if (u === undefined) continue;
        for (let b = 0; b < ny; b++) {
          const w = mb ? (y as unknown[])[b] : y;
          if (w !== undefined && test(u, w)) return true;
        }
      }
      return false;
    };
  }

  /** For negated field-vs-field operators: both sides present and the positive test false. */
  private presentAndNot(a: DynVal, b: DynVal, positive: Pred): Pred {
    const pa = a.kind === 'field' ? this.presencePred(a, false) : () => true;
    const pb = b.kind === 'field' ? this.presencePred(b, false) : () => true;
    return (p, i) => pa(p, i) && pb(p, i) && !positive(p, i);
  }

  private membership(e: BinaryExpr, l: Val, r: Val): Built {
    if (r.kind === 'array' || r.kind === 'list') {
      const dl = this.requireDyn(l, "'in'");
      const set = new Set(this.members(r, this.target(dl)));
      const test = (x: unknown): boolean => set.has(x);
      const detail = dl.kind === 'field' ? fieldDetail(dl, test) : countDetail(dl);
      if (e.negated) return { pred: liftNegated(dl, test), detail: dl.kind === 'field' ? fieldDetail(dl) : detail };
      if (dl.kind === 'count') return { pred: lift(dl, test), detail };
      return { pred: liftSet(dl, set), detail, guards: guardOf(dl, [...set]) };
    }
    if (r.kind === 'field' && r.mode === 'any') {
      if (l.kind === 'const') {
        const c = this.convert(l.lit, this.target(r));
        const test = (x: unknown): boolean => x === c;
        if (e.negated) return { pred: liftNegated(r, test), detail: fieldDetail(r, test) };
        return { pred: liftEq(r, c), detail: fieldDetail(r, test), guards: guardOf(r, [c]) };
      }
      const dl = this.requireDyn(l, "'in'");
      if (this.typeOf(dl) !== r.def.type) {
        this.fail(e.span, `Cannot look for ${this.target(dl).label} (${typeLabel(this.typeOf(dl))}) in ${r.def.name} (${fieldTypeName(r.def)})`, 'E_TYPE');
      }
      const pred = this.pairwise(dl, r, (x, y) => x === y);
      return { pred: e.negated ? this.presentAndNot(dl, r, pred) : pred };
    }
    this.fail(r.span, "The right side of 'in' must be a list(…), an array [\"…\", …] or an array field such as route.countries", 'E_TYPE');
  }

  private stringOp(e: BinaryExpr, op: 'startsWith' | 'endsWith' | 'contains' | 'matches', l: Val, r: Val): Built {
    if (l.kind !== 'field') this.fail(l.span, `The left side of '${op}' must be a text field`, 'E_TYPE');
    if (l.def.type !== 'string') this.fail(e.opSpan, `'${op}' works on text; ${l.def.name} is ${typeLabel(l.def.type)}`, 'E_TYPE');
    const t = this.target(l);
    let test: (x: unknown) => boolean;
    let literalGuards: Guard[] | undefined;
    if (op === 'matches') {
      if (r.kind !== 'const' || r.lit.kind !== 'string') this.fail(r.span, "The right side of 'matches' must be a pattern in quotes", 'E_TYPE');
      const check = compileSafeRegex(r.lit.value);
      if (!check.ok) this.fail(r.span, check.message, check.code);
      const re = check.regex;
      // Values are lower-cased: a substring every match must contain rules most values out without running the regex.
      // (The test checks it on the whole value, so "some element contains it" is a necessary condition: a guard.)
      const lit = requiredLiteral(r.lit.value);
      // Otherwise one of the words of a group like `(used|old)` (see requiredLiteralSet).
      const lits = lit !== null ? [lit] : requiredLiteralSet(r.lit.value);
      if (lits !== null && !e.negated) literalGuards = [{ kind: 'substring', slot: l.def.slot, array: l.def.array, field: l.def.name, strings: lits }];
      test =
        lit === null
          ? (x) => {
              const s = x as string;
              return re.test(s.length > MATCH_INPUT ? s.slice(0, MATCH_INPUT) : s);
            }
          : (x) => {
              const s = x as string;
              return s.includes(lit) && re.test(s.length > MATCH_INPUT ? s.slice(0, MATCH_INPUT) : s);
            };
    } else {
      let values: unknown[];
      if (r.kind === 'const') values = [this.convert(r.lit, t)];
      else if (r.kind === 'array' || r.kind === 'list') values = this.members(r, t);
      else this.fail(r.span, `The right side of '${op}' must be text in quotes, an array or a list(…)`, 'E_TYPE');
      if (values.length === 0) return { pred: e.negated ? liftNegated(l, () => false) : () => false };
      test = multiStringTest(op, values as string[]);
      if (!e.negated) {
        const guards: Guard[] | undefined =
          op === 'contains' ? undefined : [{ kind: op === 'startsWith' ? 'prefix' : 'suffix', slot: l.def.slot, array: l.def.array, field: l.def.name, strings: values as string[] }];
        const fast = values.length === 1 ? liftStr(l, op, values[0] as string) : null;
        return { pred: fast ?? lift(l, test), detail: fieldDetail(l, test), ...(guards ? { guards } : {}) };
      }
    }
    return { pred: e.negated ? liftNegated(l, test) : lift(l, test), detail: fieldDetail(l, e.negated ? undefined : test), ...(literalGuards ? { guards: literalGuards } : {}) };
  }

  private between(e: BetweenExpr): Built {
    const [l, lo, hi] = this.operands(e.left, e.low, e.high) as [Val, Val, Val];
    const dl = this.requireDyn(l, "'between'");
    const type = this.typeOf(dl);
    if (!isOrdered(type)) this.fail(e.span, `'between' needs numbers or dates; ${this.target(dl).label} is ${typeLabel(type)}`, 'E_TYPE');
    if (lo.kind !== 'const') this.fail(lo.span, "The bounds of 'between' must be fixed values", 'E_TYPE');
    if (hi.kind !== 'const') this.fail(hi.span, "The bounds of 'between' must be fixed values", 'E_TYPE');
    const t = this.target(dl);
    const a = this.convert(lo.lit, t) as number;
    const b = this.convert(hi.lit, t) as number;
    if (a > b) this.fail({ start: lo.span.start, end: hi.span.end }, `The lower bound is greater than the upper bound`, 'E_BAD_VALUE');
    const test = (x: unknown): boolean => (x as number) >= a && (x as number) <= b;
    const detail = dl.kind === 'field' ? fieldDetail(dl, e.negated ? undefined : test) : countDetail(dl);
    if (e.negated) return { pred: liftNegated(dl, test), detail };
    const guards = dl.kind === 'count' ? (a >= 1 ? dl.guards : undefined) : rangeGuard(dl, a, b, false, false);
    return { pred: lift(dl, test), detail, ...(guards ? { guards } : {}) };
  }

  private presencePred(v: FieldVal, missing: boolean): Pred {
    const s = v.def.slot;
    let isMissing: Pred;
    switch (v.mode) {
      case 'scalar':
        isMissing = (p) => p.get(s) === undefined;
        break;
      case 'elem':
        isMissing = (p, i) => (p.get(s) as unknown[])[i] === undefined;
        break;
      case 'any':
        isMissing = (p) => {
          const a = p.get(s) as unknown[] | undefined;
          if (a === undefined) return true;
          for (let k = 0; k < a.length; k++) if (a[k] !== undefined) return false;
          return true;
        };
        break;
    }
    return missing ? isMissing : (p, i) => !isMissing(p, i);
  }

  private presence(e: PresenceExpr): Built {
    const [l] = this.operands(e.left) as [Val];
    if (l.kind !== 'field') this.fail(l.span, "'is missing' / 'is present' apply to a field", 'E_TYPE');
    return { pred: this.presencePred(l, e.missing), ...(e.missing ? {} : { detail: fieldDetail(l) }) };
  }

  private truthy(e: TruthyExpr): Built {
    const [v] = this.operands(e.operand) as [Val];
    if (v.kind !== 'field') {
      this.fail(v.span, `${printOperand(e.operand)} alone is not a condition: compare it with something, e.g. goods.hs startsWith "0901"`, 'E_TYPE');
    }
    if (v.def.type !== 'boolean') {
      const ex = v.def.type === 'string' ? `${v.def.name} = "…"` : v.def.type === 'date' ? `${v.def.name} < "2025-01-01"` : `${v.def.name} > 0`;
      this.fail(v.span, `${v.def.name} is ${typeLabel(v.def.type)}, not true/false: compare it, e.g. ${ex}`, 'E_TYPE');
    }
    return { pred: liftEq(v, true), guards: guardOf(v, [true]) };
  }

  private quantifier(e: QuantifierExpr): Built {
    const { len, body, guards } = this.quantBody(e.body, e.span, e.quantifier);
    let pred: Pred;
    switch (e.quantifier) {
      case 'any':
        pred = (p) => {
          const n = len(p, -1);
          for (let i = 0; i < n; i++) if (body(p, i)) return true;
          return false;
        };
        break;
      case 'none':
        pred = (p) => {
          const n = len(p, -1);
          for (let i = 0; i < n; i++) if (body(p, i)) return false;
          return true;
        };
        break;
      case 'all':
        pred = (p) => {
          const n = len(p, -1);
          if (n === 0) return false;
          for (let i = 0; i < n; i++) if (!body(p, i)) return false;
          return true;
        };
        break;
    }
    const detail: Detail = (p) => {
      const n = len(p, -1);
      const hit: number[] = [];
      for (let i = 0; i < n; i++) if (body(p, i)) hit.push(i + 1);
      if (e.quantifier === 'none') return '';
      if (e.quantifier === 'all') return ` → all ${n} item${n === 1 ? '' : 's'}`;
      return ` → item${hit.length === 1 ? '' : 's'} ${hit.slice(0, 10).join(', ')}${hit.length > 10 ? '…' : ''} of ${n}`;
    };
    // any/all: some element satisfies the body, so one of the body's guards holds
    return { pred, detail, ...(guards && e.quantifier !== 'none' ? { guards } : {}) };
  }

  /** Compiles the body of all/any/none/count with its elements bound to one collection. */
  private quantBody(bodyExpr: Expr, span: Span, name: string): { len: NumFn; body: Pred; guards?: readonly Guard[] } {
    if (this.scope !== null) this.fail(span, `${name}(…) cannot be nested inside another all/any/none/count`, 'E_QUANTIFIER');
    const collections = new Map<string, FieldDef>();
    collectArrayFields(bodyExpr, collections, 0);
    if (collections.size === 0) {
      this.fail(span, `${name}(…) needs an array field inside, such as goods.hs or route.countries`, 'E_QUANTIFIER');
    }
    if (collections.size > 1) {
      const names = [...collections.values()].map((d) => d.name).join(', ');
      this.fail(span, `${name}(…) mixes fields of different lists of items (${names}); use one of them per ${name}(…)`, 'E_QUANTIFIER');
    }
    const [collection, def] = [...collections.entries()][0] as [string, FieldDef];
    this.scope = { collection, lenSlot: def.slot };
    try {
      const node = this.expr(bodyExpr);
      if (node === null) throw new CompileFailure('quantifier body');
      const slot = def.slot;
      const len: NumFn = (p) => {
        const a = p.get(slot) as unknown[] | undefined;
        return a === undefined ? 0 : a.length;
      };
      return { len, body: node.pred, ...(node.guards ? { guards: node.guards } : {}) };
    } finally {
      this.scope = null;
    }
  }
}

/** Array fields referenced in a quantifier body, by collection (nested quantifiers excluded). */
function collectArrayFields(e: Expr, out: Map<string, FieldDef>, depth: number): void {
  if (depth > 200) return;
  const visit = (o: Operand): void => {
    if (o.kind !== 'field') return;
    const def = findField(o.path);
    if (def?.array === true && !out.has(collectionOf(def))) out.set(collectionOf(def), def);
  };
  switch (e.kind) {
    case 'and':
    case 'or':
      for (const x of e.items) collectArrayFields(x, out, depth + 1);
      return;
    case 'not':
      collectArrayFields(e.expr, out, depth + 1);
      return;
    case 'binary':
      visit(e.left);
      visit(e.right);
      return;
    case 'between':
      visit(e.left);
      return;
    case 'presence':
      visit(e.left);
      return;
    case 'truthy':
      visit(e.operand);
      return;
    case 'quantifier':
    case 'error':
      return;
  }
}

export function unknownFieldMessage(path: string): string {
  const names = FIELDS.map((f) => f.name);
  const s = suggest(path, names);
  let msg = `Unknown field "${path}"`;
  if (s.length > 0) msg += `. Did you mean ${s.join(' or ')}?`;
  const dot = path.indexOf('.');
  if (dot > 0) {
    const group = path.slice(0, dot).toLowerCase();
    const members = FIELDS.filter((f) => f.name.toLowerCase().startsWith(group + '.')).map((f) => f.name.slice(dot + 1));
    if (members.length > 0 && s.length === 0) msg += `. Fields of ${path.slice(0, dot)}: ${members.join(', ')}`;
  }
  return msg;
}

// ---------------------------------------------------------------------------
// Entry point

/**
 * Internal: guards of a rule compiled by {@link compileRule} — whenever the
 * rule matches, at least one of them holds. null when there are none.
 */
export function ruleGuards(rule: CompiledRule): readonly Guard[] | null {
  if (!(rule instanceof Rule)) return null;
  return rule.root.guards ?? null;
}

/**
 * Internal: up to two independent necessary conditions of a rule, each a set
 * of guards of which one holds whenever the rule matches: for a top-level
 * `a and b and …` the guard sets of the two most selective members (the first
 * is {@link ruleGuards}'), otherwise the rule's guards alone. null when none.
 */
export function ruleGuardGroups(rule: CompiledRule): readonly (readonly Guard[])[] | null {
  if (!(rule instanceof Rule)) return null;
  const root = rule.root;
  if (root.kind === 'and' && root.children !== undefined) {
    const sets = root.children.flatMap((c) => (c.guards !== undefined ? [c.guards] : []));
    // stable sort: on ties the earlier member first, as in ruleGuards()
    if (sets.length > 0) return sets.sort((a, b) => guardSetScore(b) - guardSetScore(a)).slice(0, 2);
  }
  return root.guards !== undefined ? [root.guards] : null;
}

/** Internal: the rule's predicate over prepared facts (call with i = -1), or null for objects not made by compileRule. */
export function rulePredicate(rule: CompiledRule): ((p: PreparedFacts, i: number) => boolean) | null {
  return rule instanceof Rule ? rule.root.pred : null;
}

class Rule implements CompiledRule {
  constructor(
    readonly source: string,
    readonly canonical: string,
    readonly root: CNode,
    readonly fieldsUsed: readonly string[],
    readonly listsUsed: readonly string[],
  ) {}

  evaluate(facts: ConsignmentFacts | PreparedFacts): boolean {
    const p = facts instanceof Prepared ? facts : new Prepared(facts);
    return this.root.pred(p, -1);
  }

  explain(facts: ConsignmentFacts | PreparedFacts): string[] {
    const p = facts instanceof Prepared ? facts : new Prepared(facts);
    const out: string[] = [];
    explainNode(this.root, p, out);
    return out;
  }
}

/**
 * Compiles a risk-profile rule to closures. Never throws: problems are
 * returned as errors with 1-based positions.
 */
export function compileRule(source: string, options: CompileOptions = {}): CompileResult {
  if (typeof source !== 'string') {
    return { ok: false, errors: [{ line: 1, column: 1, message: 'The rule must be text', code: 'E_SYNTAX' }] };
  }
  try {
    const parsed = parseRule(source, {
      ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}),
      ...(options.maxNesting !== undefined ? { maxNesting: options.maxNesting } : {}),
    });
    const diags = parsed.diagnostics;
    if (parsed.expr === null) return { ok: false, errors: toRuleErrors(source, diags) };
    const compiler = new Compiler(diags, options.lists);
    const root = compiler.expr(parsed.expr);
    if (diags.length > 0 || root === null) {
      if (diags.length === 0) diags.push({ span: { start: 0, end: source.length }, message: 'The rule could not be compiled', code: 'E_INTERNAL' });
      return { ok: false, errors: toRuleErrors(source, diags) };
    }
    const rule = new Rule(source, printExpr(parsed.expr), root, Object.freeze([...compiler.fieldsUsed].sort()), Object.freeze([...compiler.listsUsed]));
    return { ok: true, rule };
  } catch (e) {
    return {
      ok: false,
      errors: [{ line: 1, column: 1, message: `Internal error while compiling the rule: ${e instanceof Error ? e.message : String(e)}`, code: 'E_INTERNAL' }],
    };
  }
}
