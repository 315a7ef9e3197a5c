/**
 * Tilde highlighting for CodeMirror 6: a stream tokenizer whose word lists are the registries' (the
 * same lists the TextMate grammar is generated from), so a new distribution or function is coloured
 * without touching this file.
 */
import { HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';
import { DOMAIN_NAMES } from '../../src/registry/domains.js';
import { FUNCTION_NAMES } from '../../src/registry/functions.js';
import { ACTIVATION_KINDS, ARCHITECTURE_KINDS } from '../../src/registry/networks.js';
import { KEYWORDS } from '../../src/syntax/tokens.js';

const words = (list: readonly string[]): ReadonlySet<string> => new Set(list);
const KEYWORD = words(KEYWORDS);
const DISTRIBUTION = words(DISTRIBUTION_NAMES);
const DOMAIN = words(DOMAIN_NAMES);
const FUNCTION = words([...new Set([...FUNCTION_NAMES, ...ACTIVATION_KINDS])]);
const ARCHITECTURE = words(ARCHITECTURE_KINDS);

interface State {
  inComment: boolean;
}

/** The Tilde stream language. */
export const tildeLanguage = StreamLanguage.define<State>({
  name: 'tilde',
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo('*/')) {
        stream.pos += 2;
        state.inComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.inComment = true;
      return 'comment';
    }
    if (stream.match(/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/)) return 'number';
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      if (KEYWORD.has(w)) return 'keyword';
      if (DISTRIBUTION.has(w)) return 'className';
      if (DOMAIN.has(w)) return 'typeName';
      if (ARCHITECTURE.has(w)) return 'namespace';
      if (FUNCTION.has(w)) return 'variableName.function';
      return 'variableName';
    }
    if (stream.match('->') || stream.match(/^[~=+\-*/^@]/)) return 'operator';
    stream.next();
    return 'punctuation';
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
});

const style = HighlightStyle.define([
  { tag: tags.keyword, color: '#7c3aed', fontWeight: '600' },
  { tag: tags.className, color: '#0369a1', fontWeight: '600' },
  { tag: tags.typeName, color: '#047857' },
  { tag: tags.namespace, color: '#b45309' },
  { tag: tags.function(tags.variableName), color: '#9d174d' },
  { tag: tags.number, color: '#b91c1c' },
  { tag: tags.comment, color: '#6b7280', fontStyle: 'italic' },
  { tag: tags.operator, color: '#374151', fontWeight: '600' },
]);

/** Tilde's language and its highlighting, for an editor's extensions. */
export function tilde(): Extension {
  return [tildeLanguage, syntaxHighlighting(style)];
}
