/**
 * The parser's error message provider, and its decoder. Chevrotain builds a message when it records a
 * parse error; rather than prose, the provider stores the structured facts (which exception, the token
 * types that would have been accepted, the rule) as JSON in that message, and {@link decodeParserError}
 * reads them back, so `parse.ts` can build coded diagnostics with readable "expected …" lists.
 */
import { EOF, type IParserErrorMessageProvider, type IRecognitionException, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

/** The facts behind one recorded parser error, as decoded from its message. */
export interface ParserErrorInfo {
  /** Which chevrotain exception it was. */
  readonly kind: 'mismatch' | 'no-viable-alt' | 'early-exit' | 'not-all-input';
  /** Token types that would have been accepted (the first token of each possible continuation). */
  readonly expected: readonly TokenType[];
  /** The grammar rule that failed. */
  readonly rule: string;
}

interface EncodedInfo {
  readonly kind: ParserErrorInfo['kind'];
  readonly expected: readonly string[];
  readonly rule: string;
}

const encode = (info: EncodedInfo): string => JSON.stringify(info);

/** The first token of each path, deduplicated, by name. */
function firstTokens(paths: readonly (readonly TokenType[])[]): string[] {
  const names = new Set<string>();
  for (const p of paths) {
    const t = p[0];
    if (t !== undefined) names.add(t.name);
  }
  return [...names];
}

/** The message provider the parser is configured with (see the module header). */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => encode({ kind: 'mismatch', expected: [expected.name], rule: ruleName }),
  buildNotAllInputParsedMessage: ({ ruleName }) => encode({ kind: 'not-all-input', expected: [T.Model.name], rule: ruleName }),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    encode({ kind: 'no-viable-alt', expected: firstTokens(expectedPathsPerAlt.flat()), rule: ruleName }),
  buildEarlyExitMessage: ({ expectedIterationPaths, ruleName }) =>
    encode({ kind: 'early-exit', expected: firstTokens(expectedIterationPaths), rule: ruleName }),
};

const TOKEN_BY_NAME: ReadonlyMap<string, TokenType> = new Map([...T.ALL_TOKENS, EOF].map((t) => [t.name, t]));

/**
 * Reads back the facts our message provider stored in a recorded parser error. Never throws: an
 * undecodable message (which would be a bug) yields an `unexpected token` with nothing expected.
 */
export function decodeParserError(e: IRecognitionException): ParserErrorInfo {
  try {
    const raw = JSON.parse(e.message) as EncodedInfo;
    const expected = raw.expected.map((n) => TOKEN_BY_NAME.get(n)).filter((t): t is TokenType => t !== undefined);
    return { kind: raw.kind, expected, rule: raw.rule };
  } catch {
    return { kind: 'no-viable-alt', expected: [], rule: '' };
  }
}
