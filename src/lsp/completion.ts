/**
 * Completion and go to definition. Completion offers what the registries hold — distributions,
 * functions, domains, network architectures, activations — and the keywords and the names the model
 * declares, with the likely kind first (a distribution after `~`, a domain after `:`, an architecture
 * after `net NAME =`). The lists are read from the tables, so a new registry row appears here by itself.
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { Span } from '../common/span.js';
import { DISTRIBUTION_NAMES, DISTRIBUTIONS } from '../registry/distributions.js';
import { DOMAIN_DESCRIPTIONS, DOMAIN_NAMES } from '../registry/domains.js';
import { FUNCTION_NAMES, FUNCTIONS } from '../registry/functions.js';
import { ACTIVATION_KINDS, ARCHITECTURE_KINDS } from '../registry/networks.js';
import { KEYWORDS } from '../syntax/tokens.js';
import { declarations, modelAt, wordAt, type Analysis } from './analysis.js';

/** What the text before the cursor makes likely. */
type Context = 'distribution' | 'domain' | 'architecture' | 'any';

function contextAt(text: string, offset: number): Context {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_]/.test(text[i - 1] as string)) i--;
  const before = text.slice(Math.max(0, i - 200), i).replace(/\s+$/, '');
  if (before.endsWith('~')) return 'distribution';
  if (/\bnet\s+[A-Za-z_][A-Za-z0-9_]*\s*=$/.test(before)) return 'architecture';
  if (before.endsWith(':')) return 'domain';
  return 'any';
}

/** Completion items at `offset`: every registry name, keyword and declared name, best guess first. */
export function completionsAt(analysis: Analysis, offset: number): CompletionItem[] {
  const context = contextAt(analysis.source.text, offset);
  const items = new Map<string, CompletionItem>();
  const add = (label: string, kind: CompletionItemKind, detail: string, preferred: boolean, documentation?: string): void => {
    if (items.has(label)) return;
    items.set(label, { label, kind, detail, sortText: `${preferred ? 0 : 1}${label}`, ...(documentation !== undefined ? { documentation } : {}) });
  };
  const model = modelAt(analysis.program, offset);
  for (const d of model !== undefined ? declarations(model) : []) {
    add(d.name, d.kind === 'net' ? CompletionItemKind.Module : d.kind === 'dim' ? CompletionItemKind.Constant : CompletionItemKind.Variable, `${d.kind === 'sample' ? 'latent' : d.kind} in model ${model?.name.name ?? ''}`, context === 'any');
  }
  for (const name of DISTRIBUTION_NAMES) add(name, CompletionItemKind.Class, 'distribution', context === 'distribution', DISTRIBUTIONS[name].summary);
  for (const name of DOMAIN_NAMES) add(name, CompletionItemKind.TypeParameter, 'domain', context === 'domain', DOMAIN_DESCRIPTIONS[name]);
  for (const name of ARCHITECTURE_KINDS) add(name, CompletionItemKind.Module, 'network architecture', context === 'architecture');
  for (const name of FUNCTION_NAMES) add(name, CompletionItemKind.Function, 'function', context === 'any', FUNCTIONS[name].doc);
  for (const name of ACTIVATION_KINDS) add(name, CompletionItemKind.EnumMember, 'activation', false);
  for (const k of KEYWORDS) add(k, CompletionItemKind.Keyword, 'keyword', false);
  return [...items.values()];
}

/** The span of the declaration of the name under `offset` in its model, if it is a declared name. */
export function definitionAt(analysis: Analysis, offset: number): Span | undefined {
  const word = wordAt(analysis.source.text, offset);
  const model = modelAt(analysis.program, offset);
  if (word === undefined || word.kind !== 'name' || model === undefined) return undefined;
  const decls = declarations(model).filter((d) => d.name === word.text);
  const inGuide = model.body.some((s) => s.kind === 'guide' && s.span.start <= offset && offset <= s.span.end);
  return (decls.find((d) => d.inGuide === inGuide) ?? decls[0])?.span;
}
