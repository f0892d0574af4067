import type { Expr, Operand } from './ast.ts';
import { findField } from './fields.ts';

/** Quotes text as a rule string literal. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

export function formatNumber(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

export function printOperand(o: Operand): string {
  switch (o.kind) {
    case 'field':
      return findField(o.path)?.name ?? o.path;
    case 'number':
      return formatNumber(o.value);
    case 'string':
      return quote(o.value);
    case 'boolean':
      return o.value ? 'true' : 'false';
    case 'array':
      return '[' + o.items.map(printOperand).join(', ') + ']';
    case 'list':
      return `list(${quote(o.name)})`;
    case 'count':
      return `count(${printExpr(o.body)})`;
  }
}

const NEGATED: Record<string, string> = {
  '=': '!=',
  in: 'not in',
  startsWith: 'not startsWith',
  endsWith: 'not endsWith',
  contains: 'not contains',
  matches: 'not matches',
};

/** Canonical text of a rule tree: lower-case keywords, canonical field names, minimal parentheses. */
export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'and':
      return e.items.map((x) => (x.kind === 'or' ? `(${printExpr(x)})` : printExpr(x))).join(' and ');
    case 'or':
      return e.items.map(printExpr).join(' or ');
    case 'not': {
      const inner = e.expr;
      const simple = inner.kind === 'truthy' || inner.kind === 'quantifier' || inner.kind === 'not';
      return simple ? `not ${printExpr(inner)}` : `not (${printExpr(inner)})`;
    }
    case 'binary': {
      const op = e.negated ? (NEGATED[e.op] ?? e.op) : e.op;
      return `${printOperand(e.left)} ${op} ${printOperand(e.right)}`;
    }
    case 'between':
      return `${printOperand(e.left)} ${e.negated ? 'not between' : 'between'} ${printOperand(e.low)} and ${printOperand(e.high)}`;
    case 'presence':
      return `${printOperand(e.left)} is ${e.missing ? 'missing' : 'present'}`;
    case 'quantifier':
      return `${e.quantifier}(${printExpr(e.body)})`;
    case 'truthy':
      return printOperand(e.operand);
    case 'error':
      return '<error>';
  }
}
