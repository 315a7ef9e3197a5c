/**
 * The lexer: source text → tokens (chevrotain). Lexical rules, as in `grammar/tilde.ebnf`:
 *
 * - whitespace (space, tab, CR, LF, form feed) and comments are skipped: `// …` to the end of the line and
 *   `/* … *\/` (block comments do not nest);
 * - an unterminated block comment (`/*` with no `*\/` before the end of the file) lexes as one
 *   {@link UnterminatedComment} token in the `unterminated` group, so the front end reports it (E0102)
 *   instead of seeing a stray `/` and `*`;
 * - names are ASCII: `[A-Za-z_][A-Za-z0-9_]*`; keywords are reserved and come before {@link Identifier}
 *   with `longer_alt`, so `models` is a name and `model` a keyword;
 * - numbers are decimal: `20`, `0.5`, `.5`, `1e-3`, `2.5E+4`. A trailing dot (`1.`) is not part of a number,
 *   and there is no sign: `-1` is unary minus applied to `1`;
 * - `I` is a keyword (the identity/unit scale), so it cannot be declared as a name.
 *
 * Token labels are the readable names used in messages ("expected `;`, found `data`").
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Spaces, tabs, line breaks; skipped. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f]+/, group: Lexer.SKIPPED, line_breaks: true });
/** `// …` to the end of the line; skipped. */
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
/** `/* … *\/`; skipped. */
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED, line_breaks: true });
/** `/*` that is never closed: runs to the end of the file; reported as E0102. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  group: 'unterminated',
  line_breaks: true,
});

/** A name: `[A-Za-z_][A-Za-z0-9_]*`. */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });

/** Makes a reserved word; `longer_alt` lets longer names that start with it lex as identifiers. */
function keyword(word: string): TokenType {
  return createToken({
    name: `Kw${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    label: `\`${word}\``,
  });
}

/** `model`. */
export const Model = keyword('model');
/** `dim`. */
export const Dim = keyword('dim');
/** `data`. */
export const Data = keyword('data');
/** `param`. */
export const Param = keyword('param');
/** `latent`. */
export const Latent = keyword('latent');
/** `net`. */
export const Net = keyword('net');
/** `global`. */
export const Global = keyword('global');
/** `let`. */
export const Let = keyword('let');
/** `factor` (a term added to the log joint). */
export const Factor = keyword('factor');
/** `guide`. */
export const Guide = keyword('guide');
/** `I`, the identity/unit scale shaped like the variable being sampled. */
export const Identity = keyword('I');
/** `for` (a loop over an integer range). */
export const For = keyword('for');
/** `in` (between a loop variable and its range). */
export const In = keyword('in');

/** Every reserved word, in the order the documentation lists them. */
export const KEYWORDS: readonly string[] = ['model', 'dim', 'data', 'param', 'latent', 'net', 'global', 'let', 'factor', 'guide', 'for', 'in', 'I'];

/** A decimal number literal (see the header for the accepted forms). */
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

/** Creates a punctuation token whose label is its text in backticks. */
function punct(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `\`${text}\`` });
}

/** `->` (layer sizes of a network). */
export const Arrow = punct('Arrow', '->');
/** `~`. */
export const Tilde = punct('Tilde', '~');
/** `=`. */
export const Equals = punct('Equals', '=');
/** `;`. */
export const Semi = punct('Semi', ';');
/** `:`. */
export const Colon = punct('Colon', ':');
/** `,`. */
export const Comma = punct('Comma', ',');
/** `(`. */
export const LParen = punct('LParen', '(');
/** `)`. */
export const RParen = punct('RParen', ')');
/** `{`. */
export const LCurly = punct('LCurly', '{');
/** `}`. */
export const RCurly = punct('RCurly', '}');
/** `[`. */
export const LBracket = punct('LBracket', '[');
/** `]`. */
export const RBracket = punct('RBracket', ']');
/** `+`. */
export const Plus = punct('Plus', '+');
/** `-`. */
export const Minus = punct('Minus', '-');
/** `*`. */
export const Star = punct('Star', '*');
/** `/`. */
export const Slash = punct('Slash', '/');
/** `@` (matrix product). */
export const At = punct('At', '@');
/** `^` (power). */
export const Caret = punct('Caret', '^');

/**
 * All token types in matching order: comments before `/`, `->` before `-`, keywords before
 * {@link Identifier}. The parser's vocabulary is this list.
 */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  Model,
  Dim,
  Data,
  Param,
  Latent,
  Net,
  Global,
  Let,
  Factor,
  Guide,
  Identity,
  For,
  In,
  Identifier,
  NumberLiteral,
  Arrow,
  Tilde,
  Equals,
  Semi,
  Colon,
  Comma,
  LParen,
  RParen,
  LCurly,
  RCurly,
  LBracket,
  RBracket,
  Plus,
  Minus,
  Star,
  Slash,
  At,
  Caret,
];

/** Opening delimiter → its closing delimiter (for "unclosed `{`" diagnostics). */
export const CLOSER_OF: ReadonlyMap<TokenType, TokenType> = new Map([
  [LParen, RParen],
  [LCurly, RCurly],
  [LBracket, RBracket],
]);

/**
 * The one lexer instance. Only offsets are tracked: line and column are computed when a diagnostic is
 * rendered (`SourceFile.position`).
 */
export const tildeLexer = new Lexer([...ALL_TOKENS], { positionTracking: 'onlyOffset', ensureOptimizations: true });
