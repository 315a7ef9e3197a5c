/**
 * The language server's features on their own (no transport): hovers on models with and without
 * errors, completion context and registry coverage, definitions inside and outside a guide block, the
 * explain text, and the playground's URL encoding of a model.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lsp/analysis.js';
import { completionsAt, definitionAt } from '../../src/lsp/completion.js';
import { hoverAt } from '../../src/lsp/hover.js';
import { explainDocument } from '../../src/lsp/server.js';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';
import { DOMAIN_NAMES } from '../../src/registry/domains.js';
import { ARCHITECTURE_KINDS as NET_KINDS } from '../../src/registry/networks.js';
import { decodeModel, encodeModel } from '../../playground/src/share.js';

const GUIDED = `model m {
  data x: Real;
  latent s: Positive;
  s ~ Gamma(2, 1);
  x ~ Normal(0, s);
  guide {
    param a: Positive;
    s ~ Gamma(a, 1);
  }
}
`;

const sorted = (items: { label: string; sortText?: string }[]) => [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);

describe('hover', () => {
  it('on a model with errors still names what a declared name is, without a plan', () => {
    const text = 'model m {\n  data x: Real;\n  z ~ Normal(0, 1);\n  x ~ Normal(z, undefinedName);\n}\n';
    const a = analyze('m.tilde', text);
    expect(a.compiled.size).toBe(0);
    expect(hoverAt(a, text.indexOf('z ~'))?.markdown).toBe('**latent** `z` (the model has errors, so no types or plan)');
    expect(hoverAt(a, text.indexOf('model'))).toBeUndefined();
  });

  it('on a param, a function and a domain', () => {
    const a = analyze('m.tilde', GUIDED);
    expect(hoverAt(a, GUIDED.indexOf('Positive'))?.markdown).toBe('**domain** `Positive`: a real number > 0');
    expect(hoverAt(a, GUIDED.indexOf('s ~ Gamma(2'))?.markdown).toContain('guide: q(s) = Gamma, written in the guide block');
  });
});

describe('completion', () => {
  it('puts domains first after a colon and architectures after `net NAME =`, and always offers every row', () => {
    const text = 'model m {\n  data x: \n  net d = \n}\n';
    const a = analyze('m.tilde', text);
    const afterColon = sorted(completionsAt(a, text.indexOf('x: ') + 3));
    expect(afterColon.slice(0, DOMAIN_NAMES.length).sort()).toEqual([...DOMAIN_NAMES].sort());
    const afterNet = sorted(completionsAt(a, text.indexOf('d = ') + 4));
    expect(afterNet.slice(0, NET_KINDS.length).sort()).toEqual([...NET_KINDS].sort());
    for (const n of DISTRIBUTION_NAMES) expect(afterNet).toContain(n);
  });
});

describe('definition', () => {
  it('finds the model declaration outside the guide and the guide one inside it', () => {
    const a = analyze('m.tilde', GUIDED);
    const latentDecl = GUIDED.indexOf('s: Positive');
    expect(definitionAt(a, GUIDED.indexOf('0, s)') + 3)).toEqual({ start: latentDecl, end: latentDecl + 1 });
    const param = GUIDED.indexOf('a: Positive');
    expect(definitionAt(a, GUIDED.indexOf('Gamma(a') + 6)).toEqual({ start: param, end: param + 1 });
    expect(definitionAt(a, GUIDED.indexOf('Normal'))).toBeUndefined();
  });
});

describe('explain', () => {
  it('renders the errors when nothing compiles', () => {
    const a = analyze('bad.tilde', 'model m {\n  x ~ Nope(0, 1);\n}\n');
    expect(explainDocument(a)).toMatch(/^bad\.tilde:2:\d+: error\[E0\d+\]/);
  });
});

describe('the playground URL', () => {
  it('round-trips a model with non-ASCII text through #model=', () => {
    const source = 'model m { // ‖ é ✓\n}\n';
    const hash = encodeModel(source);
    expect(hash).toMatch(/^#model=[A-Za-z0-9_-]+$/);
    expect(decodeModel(hash)).toBe(source);
    expect(decodeModel('#other')).toBeUndefined();
    expect(decodeModel('#model=%%%')).toBeUndefined();
  });
});

describe('tilde lsp', () => {
  it('needs --stdio (its only transport)', async () => {
    const { tilde } = await import('../helpers/cli.js');
    const r = await tilde('lsp');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: tilde lsp needs --stdio (the language server speaks LSP over standard input and output)\n');
  });
});
