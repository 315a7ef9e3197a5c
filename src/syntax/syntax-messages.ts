/**
 * The catalogue of syntax diagnostics (codes `E01xx`). Each code has one named constructor here, so the
 * wording lives in one place (stanc3's `Semantic_error.ml` style), and {@link SYNTAX_CODES} describes
 * every code for the global catalogue and docs/diagnostics.md. Messages say what was expected and what was
 * found, with code in backticks.
 */
import type { Diagnostic, RelatedNote } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { MAX_NESTING, MAX_PARSER_ERRORS } from './parser.js';

/** One entry of a diagnostic catalogue. */
export interface DiagnosticCodeInfo {
  /** The stable code, e.g. `E0103`. */
  readonly code: string;
  /** A few words naming the problem. */
  readonly title: string;
  /** One line: what triggers it and how to fix it. */
  readonly explanation: string;
}

/** Every syntax code, in numeric order. */
export const SYNTAX_CODES: readonly DiagnosticCodeInfo[] = [
  {
    code: 'E0101',
    title: 'unexpected character',
    explanation: 'A character that cannot start any token (names are ASCII letters, digits and `_`; there are no strings); delete it.',
  },
  {
    code: 'E0102',
    title: 'unterminated block comment',
    explanation: 'A `/*` comment is never closed with `*/`, so it swallows the rest of the file; close it.',
  },
  {
    code: 'E0103',
    title: 'missing `;`',
    explanation: 'Every statement ends with `;`; the error points just after the statement that lacks it.',
  },
  {
    code: 'E0104',
    title: 'unclosed delimiter',
    explanation: 'A `{`, `(` or `[` is not closed before the end of the file or before a different closing delimiter; a note shows where it was opened.',
  },
  {
    code: 'E0105',
    title: 'unexpected token',
    explanation: 'The parser found a token that cannot come at this point; the message lists what could.',
  },
  {
    code: 'E0106',
    title: 'statement not allowed here',
    explanation: 'Statements belong inside `model NAME { … }`, and a `guide` block cannot contain another `guide` block.',
  },
  {
    code: 'E0107',
    title: 'no model',
    explanation: 'The file holds no `model NAME { … }` block (it is empty or only comments).',
  },
  {
    code: 'E0108',
    title: 'nesting too deep',
    explanation: `Expressions or blocks nest more than ${MAX_NESTING} levels deep; split the expression with \`let\` bindings.`,
  },
  {
    code: 'E0109',
    title: 'number out of range',
    explanation: 'A number literal is too large to represent as a 64-bit float (it would be infinite).',
  },
  {
    code: 'E0110',
    title: 'too many syntax errors',
    explanation: `After ${MAX_PARSER_ERRORS} syntax errors the parser stops; fix the first ones (later ones are often consequences) and check again.`,
  },
];

/** Longest piece of source text quoted in a message before it is cut with `…`. */
const MAX_QUOTE = 40;

/**
 * Quotes source text for a message: in backticks, cut to 40 characters, with control and
 * other invisible characters written as `U+XXXX` so a message never carries raw control codes to a
 * terminal.
 */
export function quote(text: string): string {
  const cut = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text;
  if (!/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/.test(cut)) {
    // Text that itself holds a backtick is fenced with two, as Markdown does.
    return cut.includes('`') ? `\`\` ${cut} \`\`` : `\`${cut}\``;
  }
  const codes = [...cut].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
  return `character ${codes.join(' ')}`;
}

const CHARACTER_HELP: Readonly<Record<string, string>> = {
  '"': 'Tilde has no string literals',
  "'": 'Tilde has no string literals',
  '.': 'a number is written `0.5` or `.5`, with digits after the dot',
  '<': 'Tilde has no comparison operators',
  '>': 'Tilde has no comparison operators; networks write layer sizes with `->`',
  '!': 'Tilde has no logical operators',
  '&': 'Tilde has no logical operators',
  '|': 'Tilde has no logical operators',
  '#': 'comments start with `//` or are enclosed in `/* … */`',
};

/** E0101: characters that start no token. */
export function unexpectedCharacter(span: Span, text: string): Diagnostic {
  const help = CHARACTER_HELP[text[0] ?? ''];
  return {
    code: 'E0101',
    severity: 'error',
    message: `unexpected ${text.length > 1 ? 'characters' : 'character'} ${quote(text)}: expected a name, a number, an operator or punctuation`,
    span,
    label: 'not part of any token',
    ...(help === undefined ? {} : { help }),
  };
}

/** E0102: a `/*` that is never closed; `span` covers the opening `/*`. */
export function unterminatedComment(span: Span): Diagnostic {
  return {
    code: 'E0102',
    severity: 'error',
    message: 'unterminated block comment: expected `*/`, found end of file',
    span,
    label: 'comment starts here',
    help: 'close the comment with `*/` (block comments do not nest)',
  };
}

/**
 * E0103: a statement without its `;`. `span` is the empty span right after the statement's last token;
 * `found` describes the token that came instead.
 */
export function missingSemicolon(span: Span, found: string): Diagnostic {
  return {
    code: 'E0103',
    severity: 'error',
    message: `expected \`;\` after this statement, found ${found}`,
    span,
    label: 'expected `;` here',
    help: 'every statement ends with `;`',
  };
}

/**
 * E0104: an opening delimiter not closed. `span` is where the closer was expected, `opener` the opening
 * delimiter's span (shown as a note), `context` names what it opened (`the \`model\` block`), if known.
 */
export function unclosedDelimiter(span: Span, open: string, close: string, found: string, opener: Span | undefined, context?: string): Diagnostic {
  const notes: RelatedNote[] = opener === undefined ? [] : [{ span: opener, message: `\`${open}\` opened here${context === undefined ? '' : ` (${context})`}` }];
  return {
    code: 'E0104',
    severity: 'error',
    message: `unclosed \`${open}\`: expected \`${close}\`, found ${found}`,
    span,
    label: `expected \`${close}\``,
    notes,
  };
}

/** E0105: a token that cannot come here; `expected` is already readable ("`,` or `)`"). */
export function unexpectedToken(span: Span, expected: string, found: string, help?: string): Diagnostic {
  return {
    code: 'E0105',
    severity: 'error',
    message: `expected ${expected}, found ${found}`,
    span,
    label: 'unexpected here',
    ...(help === undefined ? {} : { help }),
  };
}

/** E0106: a declaration or statement outside any model (`span`: its first token). */
export function statementOutsideModel(span: Span, keyword: string): Diagnostic {
  return {
    code: 'E0106',
    severity: 'error',
    message: `a \`${keyword}\` statement is not allowed at the top level: expected \`model\`, found \`${keyword}\``,
    span,
    label: 'outside any model',
    help: 'statements go inside a `model NAME { … }` block',
  };
}

/** E0106: a `guide` block inside another (`span`: the inner `guide` keyword; `outer`: the outer one). */
export function nestedGuide(span: Span, outer: Span): Diagnostic {
  return {
    code: 'E0106',
    severity: 'error',
    message: 'a `guide` block is not allowed inside another `guide` block',
    span,
    label: 'nested `guide`',
    notes: [{ span: outer, message: 'the enclosing `guide` block starts here' }],
    help: 'move these statements into the enclosing `guide` block',
  };
}

/** E0107: no `model` block at all (`span`: the end of the file). */
export function noModel(span: Span): Diagnostic {
  return {
    code: 'E0107',
    severity: 'error',
    message: 'expected a `model` block, found end of file',
    span,
    label: 'this file has no model',
    help: 'a Tilde file holds one or more `model NAME { … }` blocks',
  };
}

/** E0108: nesting past {@link MAX_NESTING}; parsing stops at `span`. */
export function nestingTooDeep(span: Span): Diagnostic {
  return {
    code: 'E0108',
    severity: 'error',
    message: `expressions or blocks are nested more than ${MAX_NESTING} levels deep; parsing stopped here`,
    span,
    label: `nesting level ${MAX_NESTING + 1}`,
    help: 'split the expression into `let` bindings',
  };
}

/** E0109: a number literal that overflows to infinity. */
export function numberOutOfRange(span: Span, text: string): Diagnostic {
  return {
    code: 'E0109',
    severity: 'error',
    message: `number literal ${quote(text)} is too large: expected a finite 64-bit float`,
    span,
    label: 'overflows to infinity',
  };
}

/** E0110: the parser stopped after {@link MAX_PARSER_ERRORS} errors, at `span`. */
export function tooManyErrors(span: Span): Diagnostic {
  return {
    code: 'E0110',
    severity: 'error',
    message: `too many syntax errors (${MAX_PARSER_ERRORS}); parsing stopped here`,
    span,
    label: 'parsing stopped here',
    help: 'fix the first errors (later ones are often consequences of them) and check again',
  };
}
