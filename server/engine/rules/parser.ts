import type { ArrayLit, BinaryOp, Expr, Literal, Operand, QuantifierKind } from './ast.ts';
import { LineIndex, type Diagnostic, type RuleErrorCode, type Span } from './errors.ts';
import { tokenize, type Token } from './lexer.ts';

/** Longest accepted rule source, in UTF-16 code units (64 KiB). */
export const MAX_SOURCE_LENGTH = 65_536;
/** Deepest accepted nesting of parentheses, `not`, quantifiers and count(). */
export const MAX_NESTING = 64;
/** Parsing stops after this many errors. */
export const MAX_ERRORS = 50;

export interface ParseResult {
  /** The rule's tree, with `error` nodes where parts failed; null when nothing usable was parsed. */
  readonly expr: Expr | null;
  readonly diagnostics: Diagnostic[];
}

/** Words that cannot start a field path (case-insensitive). */
const RESERVED = new Set([
  'and', 'or', 'not', 'in', 'between', 'is', 'missing', 'present', 'true', 'false',
  'startswith', 'endswith', 'contains', 'matches',
]);
const WORD_OPS: Record<string, BinaryOp> = {
  in: 'in',
  startswith: 'startsWith',
  endswith: 'endsWith',
  contains: 'contains',
  matches: 'matches',
};
const OP_HINTS: Record<string, string> = {
  starts: 'startsWith',
  begins: 'startsWith',
  beginswith: 'startsWith',
  ends: 'endsWith',
  includes: 'contains',
  has: 'contains',
  like: 'contains or matches',
  match: 'matches',
  regex: 'matches',
  equals: '=',
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  isnt: 'is not',
  null: 'is missing',
};
const QUANTIFIERS = new Set<string>(['all', 'any', 'none']);

class SyntaxFail extends Error {}
class Fatal extends Error {}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'the end of the rule';
    case 'word':
      return `'${t.text}'`;
    case 'string':
      return `text ${t.text.length > 30 ? t.text.slice(0, 30) + '…' : t.text}`;
    case 'number':
      return `number ${t.text}`;
    default:
      return `'${t.text}'`;
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly toks: readonly Token[],
    private readonly diags: Diagnostic[],
    private readonly lines: LineIndex,
    private readonly maxDepth: number,
  ) {}

  // -- token helpers --------------------------------------------------------

  private peek(k = 0): Token {
    const t = this.toks[Math.min(this.pos + k, this.toks.length - 1)];
    if (t === undefined) throw new Fatal('no tokens');
    return t;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isWord(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'word' && t.text.toLowerCase() === w;
  }
  private report(span: Span, message: string, code: RuleErrorCode = 'E_SYNTAX'): void {
    this.diags.push({ span, message, code });
    if (this.diags.length >= MAX_ERRORS) {
      this.diags.push({ span, message: `Too many errors; stopped after ${MAX_ERRORS}`, code: 'E_TOO_MANY_ERRORS' });
      throw new Fatal('too many errors');
    }
  }
  private fail(t: Token, message: string): never {
    this.report({ start: t.start, end: t.end }, message);
    throw new SyntaxFail(message);
  }
  private where(offset: number): string {
    const p = this.lines.position(offset);
    return `line ${p.line}, column ${p.column}`;
  }
  private enter(depth: number, t: Token): number {
    if (depth + 1 > this.maxDepth) {
      this.diags.push({
        span: { start: t.start, end: t.end },
        message: `Rule is nested too deeply (more than ${this.maxDepth} levels of parentheses, not, all/any/none/count)`,
        code: 'E_TOO_DEEP',
      });
      throw new Fatal('too deep');
    }
    return depth + 1;
  }
  private closeParen(open: Token, what: string): Token {
    const t = this.peek();
    if (t.kind === ')') return this.next();
    return this.fail(t, `Expected ')' to close the '(' of ${what} at ${this.where(open.start)}, found ${describe(t)}`);
  }

  // -- grammar --------------------------------------------------------------

  parseRule(): Expr | null {
    const first = this.peek();
    if (first.kind === 'eof') {
      this.report({ start: first.start, end: first.end }, 'The rule is empty', 'E_EMPTY');
      return null;
    }
    let expr: Expr | null = null;
    try {
      expr = this.parseOr(0);
      while (this.peek().kind !== 'eof') {
        const t = this.peek();
        const before = this.pos;
        if (t.kind === ')') {
          this.report({ start: t.start, end: t.end }, "Unmatched ')'");
          this.next();
        } else {
          this.report({ start: t.start, end: t.end }, `Expected 'and', 'or' or the end of the rule, found ${describe(t)}`);
          if (t.kind === 'op' || t.kind === ',' || t.kind === ']' || t.kind === '.') this.next();
        }
        if (this.peek().kind === 'eof') break;
        if (this.isWord('and') || this.isWord('or')) this.next();
        this.parseOr(0); // only for further diagnostics
        if (this.pos === before) this.next();
      }
    } catch (e) {
      if (e instanceof Fatal) return null;
      throw e;
    }
    return expr;
  }

  private parseOr(depth: number): Expr {
    const first = this.parseAnd(depth);
    if (!this.isWord('or')) return first;
    const items: Expr[] = [first];
    while (this.isWord('or')) {
      this.next();
      items.push(this.parseAnd(depth));
    }
    return { kind: 'or', items, span: spanOf(items) };
  }

  private parseAnd(depth: number): Expr {
    const first = this.parseUnary(depth);
    if (!this.isWord('and')) return first;
    const items: Expr[] = [first];
    while (this.isWord('and')) {
      this.next();
      items.push(this.parseUnary(depth));
    }
    return { kind: 'and', items, span: spanOf(items) };
  }

  private parseUnary(depth: number): Expr {
    if (this.isWord('not')) {
      const t = this.next();
      const inner = this.parseUnary(this.enter(depth, t));
      return { kind: 'not', expr: inner, span: { start: t.start, end: inner.span.end } };
    }
    const start = this.pos;
    try {
      return this.parsePredicate(depth);
    } catch (e) {
      if (!(e instanceof SyntaxFail)) throw e;
      const from = this.toks[start] ?? this.peek();
      this.synchronize();
      const to = this.toks[Math.max(start, this.pos - 1)] ?? from;
      return { kind: 'error', span: { start: from.start, end: Math.max(from.end, to.end) } };
    }
  }

  /** Skips to the next `and`/`or`/`)` outside brackets opened while skipping. */
  private synchronize(): void {
    let level = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (level === 0 && (t.kind === ')' || this.isWord('and') || this.isWord('or'))) return;
      if (t.kind === '(' || t.kind === '[') level++;
      else if ((t.kind === ')' || t.kind === ']') && level > 0) level--;
      this.next();
    }
  }

  private parsePredicate(depth: number): Expr {
    const t = this.peek();
    if (t.kind === '(') {
      this.next();
      const inner = this.parseOr(this.enter(depth, t));
      this.closeParen(t, 'this group');
      return inner;
    }
    if (t.kind === 'word' && QUANTIFIERS.has(t.text.toLowerCase()) && this.peek(1).kind === '(') {
      this.next();
      const open = this.next();
      const body = this.parseOr(this.enter(depth, t));
      const close = this.closeParen(open, `${t.text}(…)`);
      return {
        kind: 'quantifier',
        quantifier: t.text.toLowerCase() as QuantifierKind,
        body,
        span: { start: t.start, end: close.end },
      };
    }
    const left = this.parseOperand(depth);
    const op = this.peek();
    if (op.kind === 'op') {
      this.next();
      const right = this.parseOperand(depth);
      const negated = op.text === '!=';
      return {
        kind: 'binary',
        op: (negated ? '=' : op.text) as BinaryOp,
        negated,
        left,
        right,
        opSpan: { start: op.start, end: op.end },
        span: { start: left.span.start, end: right.span.end },
      };
    }
    if (op.kind !== 'word') return { kind: 'truthy', operand: left, span: left.span };
    let word = op.text.toLowerCase();
    let negated = false;
    const opStart = op.start;
    if (word === 'not') {
      const after = this.peek(1);
      const w2 = after.kind === 'word' ? after.text.toLowerCase() : '';
      if (w2 in WORD_OPS || w2 === 'between') {
        this.next();
        negated = true;
        word = w2;
      } else {
        this.fail(op, `Expected 'in', 'between', 'startsWith', 'endsWith', 'contains' or 'matches' after 'not' here, found ${describe(after)}`);
      }
    }
    const wop = WORD_OPS[word];
    if (wop !== undefined) {
      const opTok = this.next();
      const right = this.parseOperand(depth);
      return {
        kind: 'binary',
        op: wop,
        negated,
        left,
        right,
        opSpan: { start: opStart, end: opTok.end },
        span: { start: left.span.start, end: right.span.end },
      };
    }
    if (word === 'between') {
      this.next();
      const low = this.parseOperand(depth);
      if (!this.isWord('and')) this.fail(this.peek(), `Expected 'and' in 'between … and …', found ${describe(this.peek())}`);
      this.next();
      const high = this.parseOperand(depth);
      return { kind: 'between', negated, left, low, high, span: { start: left.span.start, end: high.span.end } };
    }
    if (word === 'is') {
      this.next();
      let not = false;
      if (this.isWord('not')) {
        this.next();
        not = true;
      }
      const w = this.peek();
      const ww = w.kind === 'word' ? w.text.toLowerCase() : '';
      if (ww === 'missing' || ww === 'present') {
        this.next();
        return { kind: 'presence', missing: (ww === 'missing') !== not, left, span: { start: left.span.start, end: w.end } };
      }
      const hint = ww === 'null' || ww === 'empty' ? ` ('is ${ww}' is written 'is missing')` : '';
      this.fail(w, `Expected 'missing' or 'present' after 'is', found ${describe(w)}${hint}`);
    }
    if (word === 'and' || word === 'or') return { kind: 'truthy', operand: left, span: left.span };
    const hint = OP_HINTS[word];
    this.fail(
      op,
      hint !== undefined
        ? `Unknown operator '${op.text}': did you mean ${hint}?`
        : `Expected an operator (=, !=, <, <=, >, >=, in, not in, between, startsWith, endsWith, contains, matches, is missing) or 'and'/'or', found ${describe(op)}`,
    );
  }

  private parseLiteral(): Literal | null {
    const t = this.peek();
    if (t.kind === 'number') {
      this.next();
      return { kind: 'number', value: t.value as number, raw: t.text, span: { start: t.start, end: t.end } };
    }
    if (t.kind === '-' && this.peek(1).kind === 'number') {
      this.next();
      const num = this.next();
      return { kind: 'number', value: -(num.value as number), raw: '-' + num.text, span: { start: t.start, end: num.end } };
    }
    if (t.kind === 'string') {
      this.next();
      return { kind: 'string', value: t.value as string, span: { start: t.start, end: t.end } };
    }
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true' || w === 'false') {
        this.next();
        return { kind: 'boolean', value: w === 'true', span: { start: t.start, end: t.end } };
      }
    }
    return null;
  }

  private parseOperand(depth: number): Operand {
    const lit = this.parseLiteral();
    if (lit !== null) return lit;
    const t = this.peek();
    if (t.kind === '[') return this.parseArray();
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (this.peek(1).kind === '(') {
        if (w === 'list') {
          this.next();
          const open = this.next();
          const name = this.peek();
          if (name.kind !== 'string') {
            this.fail(name, `The list name must be quoted text, e.g. list("high-risk-ports"), found ${describe(name)}`);
          }
          this.next();
          const close = this.closeParen(open, 'list(…)');
          return { kind: 'list', name: name.value as string, span: { start: t.start, end: close.end } };
        }
        if (w === 'count') {
          this.next();
          const open = this.next();
          const body = this.parseOr(this.enter(depth, t));
          const close = this.closeParen(open, 'count(…)');
          return { kind: 'count', body, span: { start: t.start, end: close.end } };
        }
        if (QUANTIFIERS.has(w)) {
          this.fail(t, `${t.text}(…) is a condition, not a value; to compare a number of items use count(…)`);
        }
        this.fail(t, `Unknown function '${t.text}': the functions are list, count, all, any and none`);
      }
      if (RESERVED.has(w)) this.fail(t, `Expected a field or a value, found the keyword '${t.text}'`);
      return this.parsePath();
    }
    return this.fail(t, `Expected a field or a value, found ${describe(t)}`);
  }

  private parsePath(): Operand {
    const first = this.next();
    let path = first.text;
    let end = first.end;
    while (this.peek().kind === '.') {
      this.next();
      const seg = this.peek();
      if (seg.kind !== 'word') this.fail(seg, `Expected a field name after '.', found ${describe(seg)}`);
      this.next();
      path += '.' + seg.text;
      end = seg.end;
    }
    return { kind: 'field', path, span: { start: first.start, end } };
  }

  private parseArray(): ArrayLit {
    const open = this.next();
    const items: Literal[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === ']') {
        this.next();
        return { kind: 'array', items, span: { start: open.start, end: t.end } };
      }
      const lit = this.parseLiteral();
      if (lit === null) {
        this.fail(t, `Expected text, a number, true/false or ']' in the array opened at ${this.where(open.start)}, found ${describe(t)}`);
      }
      items.push(lit);
      const sep = this.peek();
      if (sep.kind === ',') this.next();
      else if (sep.kind !== ']') this.fail(sep, `Expected ',' or ']' in the array opened at ${this.where(open.start)}, found ${describe(sep)}`);
    }
  }
}

function spanOf(items: readonly Expr[]): Span {
  const first = items[0];
  const last = items[items.length - 1];
  return { start: first?.span.start ?? 0, end: last?.span.end ?? 0 };
}

export interface ParseOptions {
  maxLength?: number;
  maxNesting?: number;
}

/** Parses a rule. Never throws; every problem found is in `diagnostics`. */
export function parseRule(source: string, options: ParseOptions = {}): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const maxLength = options.maxLength ?? MAX_SOURCE_LENGTH;
  if (source.length > maxLength) {
    diagnostics.push({
      span: { start: 0, end: 0 },
      message: `The rule is too long (${source.length} characters; at most ${maxLength})`,
      code: 'E_TOO_LONG',
    });
    return { expr: null, diagnostics };
  }
  const tokens = tokenize(source, diagnostics);
  const parser = new Parser(tokens, diagnostics, new LineIndex(source), options.maxNesting ?? MAX_NESTING);
  const expr = parser.parseRule();
  return { expr, diagnostics };
}
