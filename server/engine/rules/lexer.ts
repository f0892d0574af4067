import type { Diagnostic, Span } from './errors.ts';

export type TokenKind = 'word' | 'number' | 'string' | 'op' | '(' | ')' | '[' | ']' | ',' | '.' | '-' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** word: as written; op: canonical operator (`==` → `=`, `<>` → `!=`). */
  readonly text: string;
  /** Decoded string or numeric value. */
  readonly value?: string | number;
}

const MAX_LEXER_ERRORS = 50;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/**
 * Splits a rule into tokens. Never throws: problems are appended to `diags`
 * and lexing goes on, so that the parser can report further errors.
 * Comments run from `#` or `//` to the end of the line.
 */
export function tokenize(src: string, diags: Diagnostic[]): Token[] {
  const tokens: Token[] = [];
  let errors = 0;
  const err = (span: Span, message: string, code: Diagnostic['code']): void => {
    if (errors++ < MAX_LEXER_ERRORS) diags.push({ span, message, code });
  };
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    // comments
    if (c === 35 /* # */ || (c === 47 /* / */ && src.charCodeAt(i + 1) === 47)) {
      while (i < n && src.charCodeAt(i) !== 10 && src.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      tokens.push({ kind: 'word', start, end: i, text: src.slice(start, i) });
      continue;
    }
    if (isDigit(c)) {
      i++;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) === 46 /* . */ && isDigit(src.charCodeAt(i + 1))) {
        i += 2;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
      const e = src.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        if (src.charCodeAt(j) === 43 || src.charCodeAt(j) === 45) j++;
        if (isDigit(src.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(src.charCodeAt(i))) i++;
        }
      }
      let bad = false;
      while (i < n && (isIdentPart(src.charCodeAt(i)) || (src.charCodeAt(i) === 46 && isDigit(src.charCodeAt(i + 1))))) {
        bad = true;
        i++;
      }
      const text = src.slice(start, i);
      if (bad) {
        err({ start, end: i }, `Malformed number "${text}" (text values need quotes: "${text}")`, 'E_BAD_NUMBER');
        tokens.push({ kind: 'string', start, end: i, text, value: text });
      } else {
        tokens.push({ kind: 'number', start, end: i, text, value: Number(text) });
      }
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      i = lexString(src, i, c, tokens, err);
      continue;
    }
    if (c === 0x201c || c === 0x201d || c === 0x00ab || c === 0x00bb || c === 0x2018 || c === 0x2019) {
      err({ start, end: i + 1 }, 'Typographic quote: use straight double quotes "…" around text', 'E_UNEXPECTED_CHAR');
      // Recover: read up to the matching closing typographic quote as a string.
      const close = c === 0x201c ? 0x201d : c === 0x00ab ? 0x00bb : c === 0x2018 ? 0x2019 : c;
      let j = i + 1;
      while (j < n && src.charCodeAt(j) !== close && src.charCodeAt(j) !== 10) j++;
      const value = src.slice(i + 1, j);
      i = j < n && src.charCodeAt(j) === close ? j + 1 : j;
      tokens.push({ kind: 'string', start, end: i, text: src.slice(start, i), value });
      continue;
    }
    const next = src.charCodeAt(i + 1);
    switch (c) {
      case 40:
        tokens.push({ kind: '(', start, end: ++i, text: '(' });
        continue;
      case 41:
        tokens.push({ kind: ')', start, end: ++i, text: ')' });
        continue;
      case 91:
        tokens.push({ kind: '[', start, end: ++i, text: '[' });
        continue;
      case 93:
        tokens.push({ kind: ']', start, end: ++i, text: ']' });
        continue;
      case 44:
        tokens.push({ kind: ',', start, end: ++i, text: ',' });
        continue;
      case 46:
        tokens.push({ kind: '.', start, end: ++i, text: '.' });
        continue;
      case 45:
        tokens.push({ kind: '-', start, end: ++i, text: '-' });
        continue;
      case 61: // = ==
        i += next === 61 ? 2 : 1;
        tokens.push({ kind: 'op', start, end: i, text: '=' });
        continue;
      case 33: // != or !
        if (next === 61) {
          i += 2;
          tokens.push({ kind: 'op', start, end: i, text: '!=' });
        } else {
          i++;
          err({ start, end: i }, "Use 'not' instead of '!'", 'E_UNEXPECTED_CHAR');
          tokens.push({ kind: 'word', start, end: i, text: 'not' });
        }
        continue;
      case 60: // < <= <>
        if (next === 61) {
          i += 2;
          tokens.push({ kind: 'op', start, end: i, text: '<=' });
        } else if (next === 62) {
          i += 2;
          tokens.push({ kind: 'op', start, end: i, text: '!=' });
        } else {
          i++;
          tokens.push({ kind: 'op', start, end: i, text: '<' });
        }
        continue;
      case 62: // > >=
        i += next === 61 ? 2 : 1;
        tokens.push({ kind: 'op', start, end: i, text: i - start === 2 ? '>=' : '>' });
        continue;
      case 38: // &&
      case 124: {
        // ||
        const word = c === 38 ? 'and' : 'or';
        i += next === c ? 2 : 1;
        err({ start, end: i }, `Use '${word}' instead of '${src.slice(start, i)}'`, 'E_UNEXPECTED_CHAR');
        tokens.push({ kind: 'word', start, end: i, text: word });
        continue;
      }
      default: {
        // A run of unexpected characters is one error (surrogate pairs included).
        while (i < n) {
          const d = src.charCodeAt(i);
          if (isSpace(d) || isIdentStart(d) || isDigit(d) || '()[],."\'=<>!-#&|'.includes(src[i] ?? '')) break;
          i++;
        }
        if (i === start) i++;
        const text = src.slice(start, i);
        err({ start, end: i }, `Unexpected character${i - start > 1 ? 's' : ''} "${text.length > 20 ? text.slice(0, 20) + '…' : text}"`, 'E_UNEXPECTED_CHAR');
      }
    }
  }
  tokens.push({ kind: 'eof', start: n, end: n, text: '' });
  return tokens;
}

function lexString(
  src: string,
  start: number,
  quote: number,
  tokens: Token[],
  err: (span: Span, message: string, code: Diagnostic['code']) => void,
): number {
  const n = src.length;
  let i = start + 1;
  let out = '';
  let chunk = i;
  for (;;) {
    if (i >= n || src.charCodeAt(i) === 10 || src.charCodeAt(i) === 13) {
      out += src.slice(chunk, i);
      err({ start, end: i }, 'Unterminated text: missing closing quote', 'E_UNTERMINATED_STRING');
      tokens.push({ kind: 'string', start, end: i, text: src.slice(start, i), value: out });
      return i;
    }
    const c = src.charCodeAt(i);
    if (c === quote) {
      out += src.slice(chunk, i);
      i++;
      tokens.push({ kind: 'string', start, end: i, text: src.slice(start, i), value: out });
      return i;
    }
    if (c === 92 /* \ */) {
      out += src.slice(chunk, i);
      const e = src[i + 1];
      let len = 2;
      switch (e) {
        case '"':
        case "'":
        case '\\':
        case '/':
          out += e;
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'u': {
          const hex = src.slice(i + 2, i + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) {
            out += String.fromCharCode(parseInt(hex, 16));
            len = 6;
          } else {
            err({ start: i, end: i + 2 }, 'Bad \\u escape: expected 4 hex digits, e.g. \\u00e9', 'E_BAD_ESCAPE');
          }
          break;
        }
        default:
          if (e === undefined || e === '\n' || e === '\r') {
            len = 1;
          } else {
            // Keep the backslash: regex patterns like "\d" are the common case.
            out += '\\' + e;
          }
      }
      i += len;
      chunk = i;
      continue;
    }
    i++;
  }
}
