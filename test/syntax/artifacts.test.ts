/**
 * The files in grammar/ must match the parser: the generated ones byte for byte (regenerate with
 * `npm run grammar`), and the hand-written EBNF production by production.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { ISerializedGast } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';
import { FUNCTION_NAMES } from '../../src/registry/functions.js';
import { chevrotainRoot, DIAGRAM_ASSETS, emitDiagramsHtml, emitTextMateGrammar } from '../../src/syntax/emit-grammar-artifacts.js';
import { tildeParser } from '../../src/syntax/parser.js';

const GRAMMAR = fileURLToPath(new URL('../../grammar/', import.meta.url));
const read = (p: string): string => readFileSync(join(GRAMMAR, p), 'utf8');
const STALE = 'out of date with the parser or registries: run `npm run grammar` and commit grammar/';

describe('generated grammar artifacts', () => {
  it('diagrams.html is what the parser generates now', () => {
    expect(read('diagrams.html') === emitDiagramsHtml(), `grammar/diagrams.html is ${STALE}`).toBe(true);
  });

  it('tilde.tmLanguage.json is what the registries generate now', () => {
    expect(read('tilde.tmLanguage.json') === emitTextMateGrammar(), `grammar/tilde.tmLanguage.json is ${STALE}`).toBe(true);
  });

  it('the diagram page loads only local copies of the installed chevrotain assets', () => {
    const html = read('diagrams.html');
    const refs = [...html.matchAll(/(?:src|href)='([^']+)'/g)].map((m) => m[1]);
    expect(refs.length).toBe(5);
    for (const r of refs) expect(r).toMatch(/^\.\/diagrams\//);
    for (const a of DIAGRAM_ASSETS) {
      expect(read(a.to) === readFileSync(join(chevrotainRoot(), a.from), 'utf8'), `grammar/${a.to} is ${STALE}`).toBe(true);
    }
  });

  it('the copied scripts draw one diagram per parser rule', () => {
    const context = vm.createContext({});
    for (const f of ['vendor/railroad-diagrams.js', 'src/diagrams_builder.js']) vm.runInContext(read(join('diagrams', f)), context);
    const builder = (context as { diagrams_builder?: { buildSyntaxDiagramsText: (g: unknown) => string } }).diagrams_builder;
    const text = builder?.buildSyntaxDiagramsText(tildeParser.getSerializedGastProductions()) ?? '';
    expect((text.match(/<svg class="railroad-diagram"/g) ?? []).length).toBe(tildeParser.getSerializedGastProductions().length);
  });

  it('the TextMate grammar names every distribution and function and its patterns compile', () => {
    const tm = JSON.parse(read('tilde.tmLanguage.json')) as unknown;
    const text = JSON.stringify(tm);
    for (const n of [...DISTRIBUTION_NAMES, ...FUNCTION_NAMES]) expect(text).toContain(n);
    const patterns: string[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x !== null && typeof x === 'object') {
        for (const [k, v] of Object.entries(x)) {
          if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') patterns.push(v);
          else walk(v);
        }
      }
    };
    walk(tm);
    expect(patterns.length).toBeGreaterThan(10);
    for (const p of patterns) expect(() => new RegExp(p)).not.toThrow();
  });
});

/** Splits the EBNF into productions: name → the literals and names its right-hand side mentions. */
function ebnfProductions(text: string): Map<string, Set<string>> {
  const items: { kind: 'name' | 'lit' | 'def'; text: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      items.push({ kind: 'lit', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '[') {
      // A character class: skip to its closing bracket (a `]` right after `[` or `[^` is literal).
      let j = i + 1;
      if (text[j] === '^') j++;
      j = text.indexOf(']', j + 1);
      i = j + 1;
    } else if (text.startsWith('::=', i)) {
      const last = items.pop();
      if (last?.kind === 'name') items.push({ kind: 'def', text: last.text });
      i += 3;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0] ?? c;
      items.push({ kind: 'name', text: m });
      i += m.length;
    } else {
      i++;
    }
  }
  const out = new Map<string, Set<string>>();
  let current: Set<string> | undefined;
  for (const it of items) {
    if (it.kind === 'def') out.set(it.text, (current = new Set()));
    else current?.add(it.kind === 'lit' ? `'${it.text}'` : it.text);
  }
  return out;
}

/** The literals, token classes and rules a serialized parser rule mentions, in EBNF spelling. */
function parserRuleSymbols(rule: ISerializedGast): Set<string> {
  const out = new Set<string>();
  const walk = (g: ISerializedGast): void => {
    const node = g as ISerializedGast & { name?: string; label?: string; definition?: ISerializedGast[] };
    if (node.type === 'NonTerminal' && node.name) out.add(node.name);
    if (node.type === 'Terminal' && node.name) {
      out.add(node.name === 'Identifier' || node.name === 'NumberLiteral' ? node.name : `'${(node.label ?? '').replaceAll('`', '')}'`);
    }
    for (const d of node.definition ?? []) walk(d);
  };
  for (const d of (rule as ISerializedGast & { definition: ISerializedGast[] }).definition) walk(d);
  return out;
}

describe('grammar/tilde.ebnf', () => {
  const productions = ebnfProductions(read('tilde.ebnf'));
  const rules = tildeParser.getSerializedGastProductions() as (ISerializedGast & { name: string })[];

  it('has exactly the parser rules as its syntactic (lower-case) productions', () => {
    const syntactic = [...productions.keys()].filter((n) => /^[a-z]/.test(n)).sort();
    expect(syntactic).toEqual(rules.map((r) => r.name).sort());
  });

  it.each(rules.map((r) => [r.name, r] as const))('production %s mentions the same symbols as the parser rule', (name, rule) => {
    expect([...(productions.get(name) ?? [])].sort()).toEqual([...parserRuleSymbols(rule)].sort());
  });

  it('defines every token class it uses', () => {
    for (const t of ['Identifier', 'NumberLiteral', 'Keyword', 'Comment', 'WhiteSpace']) expect(productions.has(t)).toBe(true);
  });
});
