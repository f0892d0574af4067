/**
 * Diagnostics of the rule compiler. Positions are 1-based; the end position is
 * exclusive (it points just after the last character), like editor markers.
 * Columns count UTF-16 code units, as browsers' editors do.
 */

export type RuleErrorCode =
  | 'E_EMPTY'
  | 'E_TOO_LONG'
  | 'E_TOO_DEEP'
  | 'E_TOO_MANY_ERRORS'
  | 'E_UNEXPECTED_CHAR'
  | 'E_UNTERMINATED_STRING'
  | 'E_BAD_ESCAPE'
  | 'E_BAD_NUMBER'
  | 'E_SYNTAX'
  | 'E_UNKNOWN_FIELD'
  | 'E_UNKNOWN_LIST'
  | 'E_LIST'
  | 'E_TYPE'
  | 'E_BAD_VALUE'
  | 'E_BAD_REGEX'
  | 'E_UNSAFE_REGEX'
  | 'E_QUANTIFIER'
  | 'E_INTERNAL';

export interface RuleError {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  code: RuleErrorCode;
}

/** Half-open range of UTF-16 offsets into the source. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Internal diagnostic before offsets are turned into line/column. */
export interface Diagnostic {
  readonly span: Span;
  readonly message: string;
  readonly code: RuleErrorCode;
}

/** Maps offsets to 1-based line/column (\n, \r\n and lone \r end a line). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 10) {
        this.starts.push(i + 1);
      } else if (c === 13) {
        if (source.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

export function toRuleErrors(source: string, diagnostics: readonly Diagnostic[]): RuleError[] {
  const index = new LineIndex(source);
  const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const seen = new Set<string>();
  const out: RuleError[] = [];
  for (const d of sorted) {
    const key = `${d.span.start}:${d.span.end}:${d.code}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const start = index.position(d.span.start);
    const end = index.position(Math.max(d.span.end, d.span.start));
    out.push({
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      message: d.message,
      code: d.code,
    });
  }
  return out;
}
