/**
 * The syntax stage's entry: source text → tokens → CST → AST, with located, coded diagnostics
 * (`E01xx`, see `syntax-messages.ts`). `parse*` functions return what they built together with every
 * problem they found and never throw for any input: a syntax error is a diagnostic, and the AST then holds
 * the constructs that parsed completely (possibly after a one-token repair by error recovery).
 *
 * Turning chevrotain's errors into diagnostics:
 * - lexer errors → E0101 (one per run of unlexable characters); an unterminated `/*` → E0102, and parser
 *   errors at the end of the file that it causes are dropped;
 * - a missing `;` → E0103 on the empty span right after the statement's last token;
 * - a missing closing delimiter at the end of the file, before a different closing delimiter, or (for a
 *   model's `}`) before the next `model` → E0104 on the empty span right after the last token before it
 *   (so it stays inside the unclosed construct), with a note at the unclosed opener;
 * - a statement keyword at the top level → E0106; anything else → E0105 "expected X, found Y";
 * - at most one parser error per offending token (recovery can report the same token more than once), and
 *   one E0105 per statement: a second unexpected token with no `;`, `{` or `}` since the first is the
 *   recovery's echo of the same slip (`z = Normal(0, 1);` is one mistake, not two);
 * - past the parser's limits (nesting depth, number of errors) parsing stops: E0108 / E0110, the errors
 *   found so far are kept and the program is empty.
 */
import type { IRecognitionException, IToken, TokenType } from 'chevrotain';
import { EOF } from 'chevrotain';
import type { Diagnostic } from '../common/diagnostic.js';
import { span, type SourceFile, type Span } from '../common/span.js';
import type { Program } from './ast.js';
import { CstToAst, tokenSpan } from './cst-to-ast.js';
import { decodeParserError, type ParserErrorInfo } from './parser-errors.js';
import { ParseAbortedError, tildeParser } from './parser.js';
import * as M from './syntax-messages.js';
import * as T from './tokens.js';

/** What the syntax stage produces: the AST (complete constructs only) and the syntax diagnostics. */
export interface ParseResult {
  /**
   * The program. When there are errors it holds the models and statements that parsed, some of them
   * repaired by chevrotain's single-token insertion/deletion (`Normal(0 1)` reads as `Normal(0)`), and
   * leaves out the rest; later stages should not run on a program with syntax errors.
   */
  readonly program: Program;
  /** Syntax diagnostics (codes `E01xx`), sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses one source file. Never throws for any input text. */
export function parseProgram(file: SourceFile): ParseResult {
  const text = file.text;
  const diagnostics: Diagnostic[] = [];
  const lexed = T.tildeLexer.tokenize(text);
  for (const e of lexed.errors) {
    diagnostics.push(M.unexpectedCharacter(span(e.offset, e.offset + e.length), text.slice(e.offset, e.offset + e.length)));
  }
  const unterminated = (lexed.groups['unterminated'] ?? [])[0];
  if (unterminated !== undefined) diagnostics.push(M.unterminatedComment(span(unterminated.startOffset, unterminated.startOffset + 2)));

  const tokens = lexed.tokens;
  const builder = new CstToAst(text.length);
  let program: Program;
  if (tokens.length === 0) {
    if (diagnostics.length === 0) diagnostics.push(M.noModel(span(text.length, text.length)));
    program = builder.program(undefined);
  } else {
    tildeParser.input = tokens;
    tildeParser.resetNesting();
    let errors = tildeParser.errors;
    try {
      program = builder.program(tildeParser.program());
      errors = tildeParser.errors;
    } catch (e) {
      if (!(e instanceof ParseAbortedError)) throw e;
      const at = endOrTokenSpan(e.token, tokens);
      diagnostics.push(e.reason === 'nesting' ? M.nestingTooDeep(at) : M.tooManyErrors(at));
      program = builder.program(undefined);
      // Parsing stopped midway; chevrotain then also reports the rest of the input as unparsed.
      errors = tildeParser.errors.filter((x) => x.name !== 'NotAllInputParsedException');
    }
    diagnostics.push(...parserDiagnostics(errors, tokens, unterminated !== undefined));
    diagnostics.push(...builder.diagnostics);
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return { program, diagnostics };
}

const isEof = (t: IToken): boolean => t.tokenType === EOF || !Number.isFinite(t.startOffset);

/** The token's span, or the empty span right after the last real token for end of file. */
function endOrTokenSpan(t: IToken, tokens: readonly IToken[]): Span {
  if (!isEof(t)) return tokenSpan(t);
  const last = tokens[tokens.length - 1];
  const end = last === undefined ? 0 : last.startOffset + last.image.length;
  return span(end, end);
}

/** How a found token is named in messages. */
function describeFound(t: IToken): string {
  return isEof(t) ? 'end of file' : M.quote(t.image);
}

const EXPRESSION_STARTS: readonly TokenType[] = [T.NumberLiteral, T.Identity, T.Identifier, T.LParen, T.Minus];
const STATEMENT_STARTS: readonly TokenType[] = [T.Dim, T.Data, T.Param, T.Latent, T.Net, T.Global, T.Identifier, T.Let, T.Guide, T.For];
const STATEMENT_KEYWORDS: ReadonlyMap<TokenType, string> = new Map(
  [T.Dim, T.Data, T.Param, T.Latent, T.Net, T.Global, T.Let, T.Guide, T.For].map((t) => [t, t.LABEL?.replaceAll('`', '') ?? t.name]),
);

/** Joins descriptions as "A", "A or B", "A, B or C". */
function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? 'nothing';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** Readable "expected …" text: groups of tokens that start an expression or a statement are named as such. */
export function describeExpected(expected: readonly TokenType[], rule: string): string {
  let rest = [...new Set(expected)];
  const parts: string[] = [];
  const group = (members: readonly TokenType[], name: string): void => {
    if (members.every((m) => rest.includes(m))) {
      rest = rest.filter((t) => !members.includes(t));
      parts.push(name);
    }
  };
  // A body may continue with another statement wherever its `}` was expected.
  if ((rule === 'modelDecl' || rule === 'guideBlock' || rule === 'forStmt') && rest.length === 1 && rest[0] === T.RCurly) rest.unshift(...STATEMENT_STARTS);
  if (rule === 'callArgs' && rest.length === 1 && rest[0] === T.RParen) rest.unshift(T.Comma);
  if ((rule === 'indexSuffix' || rule === 'typeExpr') && rest.length === 1 && rest[0] === T.RBracket) rest.unshift(T.Comma);
  if (rule === 'typeExpr' && rest.length === 1 && rest[0] === T.RParen) rest.unshift(T.Comma);
  if (rule === 'netDecl' && rest.length === 1 && rest[0] === T.RParen) rest.unshift(T.Arrow, T.Comma);
  group(STATEMENT_STARTS, 'a statement');
  group(EXPRESSION_STARTS, 'an expression');
  for (const t of rest) parts.push(t === EOF ? 'end of file' : (t.LABEL ?? t.name));
  return orList(parts);
}

const OPENER_OF: ReadonlyMap<TokenType, TokenType> = new Map([...T.CLOSER_OF].map(([o, c]) => [c, o]));
const CLOSERS: readonly TokenType[] = [T.RParen, T.RCurly, T.RBracket];

/** The innermost opener of type `open` still unclosed before token index `until`. */
function unclosedOpener(tokens: readonly IToken[], until: number, open: TokenType): IToken | undefined {
  const stack: IToken[] = [];
  for (let i = 0; i < until && i < tokens.length; i++) {
    const t = tokens[i] as IToken;
    if (T.CLOSER_OF.has(t.tokenType)) stack.push(t);
    else if (OPENER_OF.has(t.tokenType)) {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.tokenType === OPENER_OF.get(t.tokenType)) stack.pop();
    }
  }
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i]?.tokenType === open) return stack[i];
  return undefined;
}

/** What an opener at `index` opened, for the note ("the `model` block"). */
function openerContext(tokens: readonly IToken[], index: number): string | undefined {
  const before = tokens[index - 1];
  const twoBefore = tokens[index - 2];
  if (tokens[index]?.tokenType !== T.LCurly) return undefined;
  if (before?.tokenType === T.Guide) return 'the `guide` block';
  if (twoBefore?.tokenType === T.Model && before !== undefined) return `the \`model ${before.image}\` block`;
  return undefined;
}

/** Index of a token in the stream by offset (binary search); `tokens.length` for end of file. */
function indexOf(tokens: readonly IToken[], t: IToken): number {
  if (isEof(t)) return tokens.length;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid]?.startOffset ?? Infinity) < t.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The real token before `found` in the stream. (Not the exception's `previousToken`: after in-repetition
 * recovery that is the last token skipped, not the one before the error.)
 */
function tokenBefore(tokens: readonly IToken[], found: IToken): IToken | undefined {
  return tokens[indexOf(tokens, found) - 1];
}

/** The empty span right after the token before `found` (or at `found` if it is the first token). */
function afterPrevious(tokens: readonly IToken[], found: IToken, foundSpan: Span): Span {
  const prev = tokenBefore(tokens, found);
  const at = prev !== undefined ? prev.startOffset + prev.image.length : foundSpan.start;
  return span(at, at);
}

/** Converts chevrotain's recorded errors into coded diagnostics (see the header). */
function parserDiagnostics(errors: readonly IRecognitionException[], tokens: readonly IToken[], hasUnterminatedComment: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  let lastUnexpected: IToken | undefined;
  for (const e of errors) {
    const found = e.token;
    const key = isEof(found) ? -1 : found.startOffset;
    if (seen.has(key)) continue;
    seen.add(key);
    if (isEof(found) && hasUnterminatedComment) continue;
    const d = toDiagnostic(e, decodeParserError(e), tokens);
    if (d.code === 'E0105' && lastUnexpected !== undefined && sameStatement(tokens, lastUnexpected, found)) continue;
    lastUnexpected = d.code === 'E0105' ? found : undefined;
    out.push(d);
  }
  return out;
}

/** Whether no `;`, `{` or `}` lies between two tokens (from `a` up to, not including, `b`). */
function sameStatement(tokens: readonly IToken[], a: IToken, b: IToken): boolean {
  if (isEof(b)) return false;
  for (let i = indexOf(tokens, a); i < indexOf(tokens, b); i++) {
    const t = tokens[i]?.tokenType;
    if (t === T.Semi || t === T.LCurly || t === T.RCurly) return false;
  }
  return true;
}

function toDiagnostic(e: IRecognitionException, info: ParserErrorInfo, tokens: readonly IToken[]): Diagnostic {
  const found = e.token;
  const foundSpan = endOrTokenSpan(found, tokens);
  const foundText = describeFound(found);
  const expected = info.expected;

  if (info.kind === 'mismatch' && expected.length === 1 && expected[0] === T.Semi) {
    return M.missingSemicolon(afterPrevious(tokens, found, foundSpan), foundText);
  }

  const closer = expected.find((t) => CLOSERS.includes(t));
  const open = closer === undefined ? undefined : OPENER_OF.get(closer);
  const atEnd = isEof(found);
  const otherCloser = CLOSERS.includes(found.tokenType) && found.tokenType !== closer;
  const nextModel = closer === T.RCurly && found.tokenType === T.Model;
  if (closer !== undefined && open !== undefined && (atEnd || otherCloser || nextModel)) {
    const index = indexOf(tokens, found);
    const opener = unclosedOpener(tokens, index, open);
    // Right after the last token before the one found, so the error stays inside the unclosed construct.
    const where = atEnd ? foundSpan : afterPrevious(tokens, found, foundSpan);
    const context = opener === undefined ? undefined : openerContext(tokens, indexOf(tokens, opener));
    return M.unclosedDelimiter(where, open.LABEL?.replaceAll('`', '') ?? '', closer.LABEL?.replaceAll('`', '') ?? '', foundText, opener && tokenSpan(opener), context);
  }

  if (info.rule === 'program') {
    const next = tokens[indexOf(tokens, found) + 1];
    const keyword = STATEMENT_KEYWORDS.get(found.tokenType) ?? (found.tokenType === T.Identifier && next?.tokenType === T.Tilde ? '~' : undefined);
    if (keyword !== undefined) return M.statementOutsideModel(foundSpan, keyword);
    const help = found.tokenType === T.Identifier && closeTo(found.image.toLowerCase(), 'model') ? 'did you mean `model`?' : undefined;
    return M.unexpectedToken(foundSpan, '`model`', foundText, help);
  }

  return M.unexpectedToken(foundSpan, describeExpected(expected, info.rule), foundText, unexpectedTokenHelp(info, found, tokenBefore(tokens, found)));
}

/** A hint for common slips: a reserved word used as a name, a `;` after a `guide { … }` block. */
function unexpectedTokenHelp(info: ParserErrorInfo, found: IToken, prev: IToken | undefined): string | undefined {
  const label = found.tokenType.LABEL ?? '';
  if (info.expected.includes(T.Identifier) && /^`[A-Za-z]+`$/.test(label)) return `${label} is a reserved word and cannot be used as a name`;
  if (found.tokenType === T.Semi && prev?.tokenType === T.RCurly) return 'a `guide { … }` block is not followed by `;`';
  if (found.tokenType === T.Equals && info.expected.includes(T.Tilde) && prev?.tokenType === T.Identifier) {
    return `write \`${prev.image} ~ …\` to sample it, or \`let ${prev.image} = …\` to name a value`;
  }
  if (found.tokenType === T.Equals && info.expected.includes(T.RParen) && prev?.tokenType === T.Identifier) {
    return `a named argument is written with \`:\`: \`${prev.image}: …\``;
  }
  return undefined;
}

/** Whether two short words are within edit distance 2 (for "did you mean `model`?"). */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return (prev[b.length] ?? 99) <= 2;
}
