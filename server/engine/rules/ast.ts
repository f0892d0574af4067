import type { Span } from './errors.ts';

export type CompareOp = '=' | '<' | '<=' | '>' | '>=';
export type BinaryOp = CompareOp | 'in' | 'startsWith' | 'endsWith' | 'contains' | 'matches';
export type QuantifierKind = 'all' | 'any' | 'none';

export interface FieldRef {
  readonly kind: 'field';
  /** As written, e.g. `Goods.HS`. */
  readonly path: string;
  readonly span: Span;
}
export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  /** Source text, e.g. `0901` (kept for hints). */
  readonly raw: string;
  readonly span: Span;
}
export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
}
export interface BooleanLit {
  readonly kind: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}
export type Literal = NumberLit | StringLit | BooleanLit;
export interface ArrayLit {
  readonly kind: 'array';
  readonly items: readonly Literal[];
  readonly span: Span;
}
export interface ListRef {
  readonly kind: 'list';
  readonly name: string;
  readonly span: Span;
}
export interface CountExpr {
  readonly kind: 'count';
  readonly body: Expr;
  readonly span: Span;
}
export type Operand = FieldRef | Literal | ArrayLit | ListRef | CountExpr;

export interface AndExpr {
  readonly kind: 'and';
  readonly items: readonly Expr[];
  readonly span: Span;
}
export interface OrExpr {
  readonly kind: 'or';
  readonly items: readonly Expr[];
  readonly span: Span;
}
export interface NotExpr {
  readonly kind: 'not';
  readonly expr: Expr;
  readonly span: Span;
}
/** `left op right`; `negated` encodes `!=`, `not in`, `not startsWith`… */
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly negated: boolean;
  readonly left: Operand;
  readonly right: Operand;
  readonly opSpan: Span;
  readonly span: Span;
}
export interface BetweenExpr {
  readonly kind: 'between';
  readonly negated: boolean;
  readonly left: Operand;
  readonly low: Operand;
  readonly high: Operand;
  readonly span: Span;
}
export interface PresenceExpr {
  readonly kind: 'presence';
  /** true: `is missing`; false: `is present`. */
  readonly missing: boolean;
  readonly left: Operand;
  readonly span: Span;
}
export interface QuantifierExpr {
  readonly kind: 'quantifier';
  readonly quantifier: QuantifierKind;
  readonly body: Expr;
  readonly span: Span;
}
/** A bare operand used as a condition: a boolean field such as `indicators.newPair`. */
export interface TruthyExpr {
  readonly kind: 'truthy';
  readonly operand: Operand;
  readonly span: Span;
}
/** Placeholder for a part that failed to parse (an error was reported). */
export interface ErrorExpr {
  readonly kind: 'error';
  readonly span: Span;
}
export type Expr = AndExpr | OrExpr | NotExpr | BinaryExpr | BetweenExpr | PresenceExpr | QuantifierExpr | TruthyExpr | ErrorExpr;
