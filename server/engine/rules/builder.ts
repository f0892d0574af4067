import type { Expr, Literal, Operand } from './ast.ts';
import { findField } from './fields.ts';
import { parseRule } from './parser.ts';
import { formatNumber, quote } from './print.ts';

/**
 * The structured "form builder" view of simple rules: a flat list of
 * `field operator value` conditions joined by one `and` or `or`.
 */
export type BuilderOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'startsWith'
  | 'not startsWith'
  | 'endsWith'
  | 'not endsWith'
  | 'contains'
  | 'not contains'
  | 'matches'
  | 'not matches'
  | 'between'
  | 'not between'
  | 'is missing'
  | 'is present';

export type BuilderScalar = string | number | boolean;
/**
 * - a single value (`=`, `<`, `startsWith`, `matches`…);
 * - an array of values or `{ list: "name" }` (`in`, and any-of for `startsWith`/`endsWith`/`contains`);
 * - `{ from, to }` for `between`;
 * - nothing for `is missing` / `is present`.
 */
export type BuilderValue = BuilderScalar | readonly BuilderScalar[] | { readonly list: string } | { readonly from: BuilderScalar; readonly to: BuilderScalar };

export interface BuilderCondition {
  field: string;
  operator: BuilderOperator;
  value?: BuilderValue;
}

export interface BuilderSpec {
  join: 'and' | 'or';
  conditions: BuilderCondition[];
}

const OPERATORS = new Set<string>([
  '=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'startsWith', 'not startsWith', 'endsWith', 'not endsWith',
  'contains', 'not contains', 'matches', 'not matches', 'between', 'not between', 'is missing', 'is present',
]);
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const LINE_WIDTH = 120;

function scalarText(v: unknown, where: string): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`${where}: numbers must be finite`);
    return formatNumber(v);
  }
  throw new TypeError(`${where}: expected text, a number or true/false`);
}

function isList(v: unknown): v is { list: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { list?: unknown }).list === 'string';
}
function isRange(v: unknown): v is { from: BuilderScalar; to: BuilderScalar } {
  return typeof v === 'object' && v !== null && 'from' in v && 'to' in v;
}

function conditionText(c: BuilderCondition, index: number): string {
  const where = `condition ${index + 1}`;
  if (typeof c !== 'object' || c === null) throw new TypeError(`${where}: not an object`);
  if (typeof c.field !== 'string' || !PATH.test(c.field)) throw new TypeError(`${where}: bad field "${String(c.field)}"`);
  if (!OPERATORS.has(c.operator)) throw new TypeError(`${where}: unknown operator "${String(c.operator)}"`);
  const op = c.operator;
  const v: unknown = c.value;
  if (op === 'is missing' || op === 'is present') return `${c.field} ${op}`;
  if (op === 'between' || op === 'not between') {
    if (!isRange(v)) throw new TypeError(`${where}: 'between' needs { from, to }`);
    return `${c.field} ${op} ${scalarText(v.from, where)} and ${scalarText(v.to, where)}`;
  }
  if (isList(v)) return `${c.field} ${op} list(${quote(v.list)})`;
  if (Array.isArray(v)) return `${c.field} ${op} [${v.map((x) => scalarText(x, where)).join(', ')}]`;
  return `${c.field} ${op} ${scalarText(v, where)}`;
}

/**
 * Writes the rule text for a form-builder spec. Conditions go on one line, or
 * one per line when long. Throws TypeError on a malformed spec (a programming
 * error in the caller); values are not checked against the schema — compile
 * the text to get positioned errors.
 */
export function builderToRule(spec: BuilderSpec): string {
  if (spec.join !== 'and' && spec.join !== 'or') throw new TypeError(`join must be 'and' or 'or'`);
  const parts = spec.conditions.map(conditionText);
  const one = parts.join(` ${spec.join} `);
  if (one.length <= LINE_WIDTH) return one;
  return parts.join(`\n${spec.join} `);
}

function literalValue(l: Literal): BuilderScalar {
  return l.value;
}

function valueOf(o: Operand): BuilderValue | undefined {
  switch (o.kind) {
    case 'number':
    case 'string':
    case 'boolean':
      return literalValue(o);
    case 'array':
      return o.items.map(literalValue);
    case 'list':
      return { list: o.name };
    default:
      return undefined;
  }
}

function fieldName(o: Operand): string | undefined {
  if (o.kind !== 'field') return undefined;
  return findField(o.path)?.name;
}

function condition(e: Expr): BuilderCondition | null {
  switch (e.kind) {
    case 'binary': {
      const field = fieldName(e.left);
      const value = valueOf(e.right);
      if (field === undefined || value === undefined) return null;
      const op = (e.op === '=' ? (e.negated ? '!=' : '=') : e.negated ? `not ${e.op}` : e.op) as BuilderOperator;
      const isMulti = Array.isArray(value) || isList(value);
      if (isMulti && !['in', 'not in', 'startsWith', 'not startsWith', 'endsWith', 'not endsWith', 'contains', 'not contains'].includes(op)) return null;
      return { field, operator: op, value };
    }
    case 'between': {
      const field = fieldName(e.left);
      if (field === undefined) return null;
      const from = valueOf(e.low);
      const to = valueOf(e.high);
      if (from === undefined || to === undefined || typeof from === 'object' || typeof to === 'object') return null;
      return { field, operator: e.negated ? 'not between' : 'between', value: { from, to } };
    }
    case 'presence': {
      const field = fieldName(e.left);
      return field === undefined ? null : { field, operator: e.missing ? 'is missing' : 'is present' };
    }
    case 'truthy': {
      const field = fieldName(e.operand);
      return field === undefined ? null : { field, operator: '=', value: true };
    }
    default:
      return null;
  }
}

/**
 * The form-builder spec of a rule, or null when the rule does not parse or
 * is not a flat list of simple conditions joined by a single and/or
 * (parentheses mixing and/or, `not (…)`, quantifiers, field-to-field
 * comparisons and unknown fields are not representable).
 */
export function ruleToBuilder(source: string): BuilderSpec | null {
  if (typeof source !== 'string') return null;
  const parsed = parseRule(source);
  if (parsed.expr === null || parsed.diagnostics.length > 0) return null;
  const root = parsed.expr;
  let join: 'and' | 'or' = 'and';
  let items: readonly Expr[] = [root];
  if (root.kind === 'and' || root.kind === 'or') {
    join = root.kind;
    // flatten same-kind groups: a and (b and c)
    const flat: Expr[] = [];
    const stack: Expr[] = [...root.items].reverse();
    while (stack.length > 0) {
      const x = stack.pop() as Expr;
      if (x.kind === join) stack.push(...[...x.items].reverse());
      else flat.push(x);
    }
    items = flat;
  }
  const conditions: BuilderCondition[] = [];
  for (const item of items) {
    const c = condition(item);
    if (c === null) return null;
    conditions.push(c);
  }
  return { join, conditions };
}
