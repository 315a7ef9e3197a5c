/**
 * Where a JSON text stops being JSON (RFC 8259), for messages: `JSON.parse`'s own errors give a position
 * only for some mistakes ("Unexpected token ']', "[1,…" is not valid JSON" has none) and quote the input,
 * line breaks included. This scanner finds the offset of the first error without recursion, so a file
 * nested a million levels deep is a located error too, and says what was expected there.
 */

/** The first syntax error of a JSON text: its offset and what was expected there. */
export interface JsonSyntaxError {
  /** UTF-16 offset of the offending character (the text's length at an unexpected end). */
  readonly offset: number;
  /** What was expected, e.g. "`,` or `]`", "a value". */
  readonly expected: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** The first syntax error of `text`, or undefined if it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  // The stack holds the open containers: `[` or `{`.
  const stack: string[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const token = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const fail = (expected: string): JsonSyntaxError => ({ offset: i, expected });
  // `value`: a value is expected next; otherwise one just ended.
  let state: 'value' | 'after' | 'key' | 'first-key' | 'first-value' = 'value';
  for (;;) {
    skip();
    const c = text[i];
    if (state === 'value' || state === 'first-value') {
      if (state === 'first-value' && c === ']') {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (c === '[') {
        stack.push('[');
        i++;
        state = 'first-value';
        continue;
      }
      if (c === '{') {
        stack.push('{');
        i++;
        state = 'first-key';
        continue;
      }
      if (!(token(STRING) || token(NUMBER) || token(LITERAL))) return fail(state === 'first-value' ? 'a value or `]`' : 'a value');
      state = 'after';
      continue;
    }
    if (state === 'key' || state === 'first-key') {
      if (state === 'first-key' && c === '}') {
        stack.pop();
        i++;
        state = 'after';
        continue;
      }
      if (!token(STRING)) return fail(state === 'first-key' ? 'a key in double quotes or `}`' : 'a key in double quotes');
      skip();
      if (text[i] !== ':') return fail('`:` after the key');
      i++;
      state = 'value';
      continue;
    }
    // state === 'after'
    const open = stack[stack.length - 1];
    if (open === undefined) return i === text.length ? undefined : fail('the end of the file after the top-level value');
    const close = open === '[' ? ']' : '}';
    if (c === ',') {
      i++;
      state = open === '[' ? 'value' : 'key';
    } else if (c === close) {
      stack.pop();
      i++;
    } else {
      return fail(`\`,\` or \`${close}\``);
    }
  }
}
