import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tildeLexer } from '../../src/syntax/tokens.js';
import type { NetLayer } from '../../src/syntax/ast.js';
import { body, expr, parse, show } from './helpers.js';

describe('lexer', () => {
  it('reads numbers in every documented form and leaves `1.` and signs out of the literal', () => {
    const images = (s: string) => tildeLexer.tokenize(s).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
    expect(images('20 0.5 .5 1e-3 2.5E+4')).toEqual(['NumberLiteral:20', 'NumberLiteral:0.5', 'NumberLiteral:.5', 'NumberLiteral:1e-3', 'NumberLiteral:2.5E+4']);
    expect(images('-1')).toEqual(['Minus:-', 'NumberLiteral:1']);
    expect(tildeLexer.tokenize('1.').errors).toHaveLength(1);
  });

  it('keeps keywords reserved but lets longer names start with them', () => {
    const names = (s: string) => tildeLexer.tokenize(s).tokens.map((t) => t.tokenType.name);
    expect(names('model models I Iota data_x guide')).toEqual(['KwModel', 'Identifier', 'KwI', 'Identifier', 'Identifier', 'KwGuide']);
  });

  it('skips line and block comments', () => {
    const names = (s: string) => tildeLexer.tokenize(s).tokens.map((t) => t.image);
    expect(names('a // b c\n d /* e \n f */ g')).toEqual(['a', 'd', 'g']);
  });
});

describe('statements', () => {
  const src = `model vae {
  dim Z = 2 * K;
  data x: Binary[784];
  param c: Positive;
  latent z: Real[Z, 2];
  latent k: Category(10)[3];
  net decoder: MLP(Z -> 400 -> 784, hidden = relu, out = sigmoid);
  net lin: Linear(Z -> 1);
  z ~ Normal(0, I);
  global w ~ Normal(0, 1);
  let h = decoder(z);
  x ~ Bernoulli(logits: h);
  guide {
    z ~ Normal(enc(x), softplus(s(x)));
  }
}
model prior { z ~ Normal(0, 1); }`;
  const p = parse(src);
  const s = body(p);

  it('parses every statement form without diagnostics', () => {
    expect(p.diagnostics).toEqual([]);
    expect(p.program.models.map((m) => m.name.name)).toEqual(['vae', 'prior']);
    expect(s.map((x) => x.kind)).toEqual(['dim', 'data', 'param', 'latent', 'latent', 'net', 'net', 'sample', 'sample', 'let', 'sample', 'guide']);
  });

  it('builds declarations and types', () => {
    const [dim, data, param, latent, cat] = s;
    expect(dim?.kind === 'dim' && show(dim.value)).toBe('(2 * K)');
    expect(data?.kind === 'data' && [data.name.name, data.type.domain.name, data.type.shape.map(show)]).toEqual(['x', 'Binary', ['784']]);
    expect(param?.kind === 'param' && [param.type.domain.name, param.type.shape.length, param.type.domainArgs.length]).toEqual(['Positive', 0, 0]);
    expect(latent?.kind === 'latent' && latent.type.shape.map(show)).toEqual(['Z', '2']);
    expect(cat?.kind === 'latent' && [cat.type.domainArgs.map(show), cat.type.shape.map(show)]).toEqual([['10'], ['3']]);
  });

  const chain = (l: NetLayer) => l.args.filter((a) => a.kind === 'chain').flatMap((a) => a.items.map((v) => (v.kind === 'expr' ? show(v.expr) : v.name.name)));
  const opts = (l: NetLayer) => l.args.flatMap((a) => (a.kind === 'option' && a.value.kind === 'expr' ? [`${a.name.name}=${show(a.value.expr)}`] : []));
  it('builds networks with layers and options', () => {
    const net = s[5];
    expect(net?.kind).toBe('net');
    if (net?.kind !== 'net') return;
    expect([net.name.name, net.layer.name.name, chain(net.layer)]).toEqual(['decoder', 'MLP', ['Z', '400', '784']]);
    expect(opts(net.layer)).toEqual(['hidden=relu', 'out=sigmoid']);
    expect(p.at(net.layer.args[2]?.span ?? net.span)).toBe('out = sigmoid');
    const lin = s[6];
    expect(lin?.kind === 'net' && [lin.layer.name.name, chain(lin.layer), opts(lin.layer).length]).toEqual(['Linear', ['Z', '1'], 0]);
  });

  it('builds a Sequential of nested layers with expression options', () => {
    const q = parse(`model m { dim Z = 2; net d: Sequential(Linear(Z -> 1568), relu, Reshape(32, 7, 7), ConvTranspose2d(32 -> 1, kernel = 4, stride = 2 * 1, padding = 1), sigmoid); }`);
    const net = body(q)[1];
    expect(q.diagnostics).toEqual([]);
    if (net?.kind !== 'net') throw new Error('no net');
    const items = net.layer.args.map((a) => (a.kind === 'chain' && a.items.length === 1 ? a.items[0] : undefined));
    expect(items.map((v) => (v?.kind === 'layer' ? v.name.name : v?.kind === 'expr' ? show(v.expr) : '?'))).toEqual(['Linear', 'relu', 'Reshape', 'ConvTranspose2d', 'sigmoid']);
    const conv = items[3];
    expect(conv?.kind === 'layer' && opts(conv)).toEqual(['kernel=4', 'stride=(2 * 1)', 'padding=1']);
  });

  it('builds samples (global flag, named arguments) and guides', () => {
    const [z, w] = [s[7], s[8]];
    expect(z?.kind === 'sample' && [z.global, z.target.name, show(z.dist)]).toEqual([false, 'z', 'Normal(0, I)']);
    expect(w?.kind === 'sample' && [w.global, p.at(w.span)]).toEqual([true, 'global w ~ Normal(0, 1);']);
    const x = s[10];
    expect(x?.kind === 'sample' && x.dist.args[0]?.name?.name).toBe('logits');
    const g = s[11];
    expect(g?.kind).toBe('guide');
    if (g?.kind !== 'guide') return;
    expect(p.at(g.keywordSpan)).toBe('guide');
    expect(p.at(g.span)).toMatch(/^guide \{[\s\S]*\}$/);
    expect(g.body.map((b) => b.kind === 'sample' && show(b.dist))).toEqual(['Normal(enc(x), softplus(s(x)))']);
  });

  it('gives every statement the span of its text, `;` included', () => {
    expect(s.slice(0, 3).map((x) => p.at(x.span))).toEqual(['dim Z = 2 * K;', 'data x: Binary[784];', 'param c: Positive;']);
    expect(p.at(s[5]?.span ?? { start: 0, end: 0 })).toBe('net decoder: MLP(Z -> 400 -> 784, hidden = relu, out = sigmoid);');
    const m = p.program.models[1];
    expect(m && p.at(m.span)).toBe('model prior { z ~ Normal(0, 1); }');
    expect(m && p.at(m.name.span)).toBe('prior');
  });
});

describe('expressions', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['a * b / c @ d', '(((a * b) / c) @ d)'],
    ['a @ b + c', '((a @ b) + c)'],
    ['-x ^ 2', '(-(x ^ 2))'],
    ['2 ^ -x', '(2 ^ (-x))'],
    ['a ^ b ^ c', '(a ^ (b ^ c))'],
    ['- - x', '(-(-x))'],
    ['-a * b', '((-a) * b)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['f(x)[0] ^ 2', '(f(x)[0] ^ 2)'],
    ['x[2:10]', 'x[2:10]'],
    ['x[:3]', 'x[:3]'],
    ['x[4:]', 'x[4:]'],
    ['x[:]', 'x[:]'],
    ['W[0, 1:3]', 'W[0, 1:3]'],
    ['x[0][1]', 'x[0][1]'],
    ['concat(a, b, c)', 'concat(a, b, c)'],
    ['f()', 'f()'],
    ['Bernoulli(logits: f(z))', 'Bernoulli(logits: f(z))'],
    ['1e-3 * .5', '(1e-3 * .5)'],
    ['I', 'I'],
  ])('%s ⇒ %s', (source, expected) => {
    expect(show(expr(source).e)).toBe(expected);
  });

  it('widens spans over parentheses without adding a node', () => {
    const { e, p } = expr('(a + b) * c');
    expect(e.kind).toBe('binary');
    if (e.kind !== 'binary') return;
    expect(p.at(e.left.span)).toBe('(a + b)');
    expect(e.left.kind).toBe('binary');
    expect(p.at(e.span)).toBe('(a + b) * c');
    expect(p.at(e.opSpan)).toBe('*');
  });

  it('spans calls, arguments, indexes and unary minus', () => {
    const { e, p } = expr('-f(x, n: y + 1)[0, 1:2]');
    expect(p.at(e.span)).toBe('-f(x, n: y + 1)[0, 1:2]');
    if (e.kind !== 'unary' || e.operand.kind !== 'index') throw new Error(show(e));
    const idx = e.operand;
    expect(p.at(idx.target.span)).toBe('f(x, n: y + 1)');
    expect(idx.items.map((i) => p.at(i.span))).toEqual(['0', '1:2']);
    if (idx.target.kind !== 'call') throw new Error('call');
    expect(idx.target.args.map((a) => p.at(a.span))).toEqual(['x', 'n: y + 1']);
    expect(p.at(idx.target.callee.span)).toBe('f');
  });

  it('keeps the text of number literals', () => {
    const { e } = expr('2.5E+4');
    expect(e.kind === 'number' && [e.value, e.text]).toEqual([25000, '2.5E+4']);
  });
});

describe('shipped programs', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const files = [join(root, 'examples'), join(root, 'test', 'corpus', 'good')]
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.tilde')).map((f) => join(d, f)));

  it.each(files)('%s parses without syntax diagnostics', (path) => {
    const p = parse(readFileSync(path, 'utf8'));
    expect(p.diagnostics.map((d) => d.message)).toEqual([]);
    expect(p.program.models.length).toBeGreaterThan(0);
  });
});

describe('syntax errors', () => {
  const codes = (src: string) => parse(src).diagnostics.map((d) => d.code);

  it('reports a missing `;` on the empty span right after the statement', () => {
    const p = parse('model m {\n  dim Z = 20\n  data x: Real;\n}');
    expect(p.diagnostics).toHaveLength(1);
    const d = p.diagnostics[0];
    expect(d?.code).toBe('E0103');
    expect(d?.span.start).toBe(d?.span.end);
    expect(p.file.position(d?.span.start ?? -1)).toEqual({ line: 2, column: 13 });
    expect(d?.message).toBe('expected `;` after this statement, found `data`');
    // Recovery inserted the `;`: both statements are in the AST.
    expect(body(p).map((s) => s.kind)).toEqual(['dim', 'data']);
  });

  it('reports several errors in one file and keeps the statements that parsed', () => {
    const p = parse('model m {\n  dim Z = 20\n  x ~ Normal(0 1);\n  data y: Real;\n  z ~ Normal(0, 1)\n  let h = ;\n  w ~ Normal(0, 1);\n}');
    expect(p.diagnostics.map((d) => `${d.code}@${p.file.position(d.span.start).line}`)).toEqual(['E0103@2', 'E0105@3', 'E0103@5', 'E0105@6']);
    expect(p.diagnostics[1]?.message).toBe('expected `,` or `)`, found `1`');
    expect(p.diagnostics[3]?.message).toBe('expected an expression, found `;`');
    // `x ~ Normal(0 1)` was repaired by deleting the stray `1`; `let h = ;` had nothing to keep.
    expect(body(p).map((s) => (s.kind === 'sample' ? `${s.target.name} ~ ${show(s.dist)}` : s.kind))).toEqual([
      'dim',
      'x ~ Normal(0)',
      'data',
      'z ~ Normal(0, 1)',
      'w ~ Normal(0, 1)',
    ]);
  });

  it('names where an unclosed `{` was opened', () => {
    const p = parse('model m {\n  data x: Real;\n  x ~ Normal(0, 1);\n');
    expect(p.diagnostics).toHaveLength(1);
    const d = p.diagnostics[0];
    expect([d?.code, d?.message]).toEqual(['E0104', 'unclosed `{`: expected `}`, found end of file']);
    expect(d?.notes?.map((n) => [n.message, p.at(n.span), p.file.position(n.span.start)])).toEqual([
      ['`{` opened here (the `model m` block)', '{', { line: 1, column: 9 }],
    ]);
    expect(p.at({ start: (d?.span.start ?? 0) - 1, end: d?.span.start ?? 0 })).toBe(';');
  });

  it('reports an unclosed `(` before a different closer, and a `{` left open before the next model', () => {
    const p = parse('model a { x ~ Normal(0, 1 }\nmodel b { y ~ Normal(0, 1);\nmodel c { }');
    expect(p.diagnostics.map((d) => d.message)).toEqual(['unclosed `(`: expected `)`, found `}`', 'unclosed `{`: expected `}`, found `model`']);
    expect(p.diagnostics.map((d) => p.at(d.notes?.[0]?.span ?? d.span))).toEqual(['(', '{']);
    expect(p.diagnostics[1]?.notes?.[0]?.message).toBe('`{` opened here (the `model b` block)');
    // Both point right after the last token inside the unclosed construct.
    expect(p.diagnostics.map((d) => [d.span.end - d.span.start, p.file.slice({ start: d.span.start - 1, end: d.span.start })])).toEqual([
      [0, '1'],
      [0, ';'],
    ]);
    expect(p.program.models.map((m) => m.name.name)).toEqual(['a', 'b', 'c']);
  });

  it('rejects statements outside a model and a guide inside a guide (E0106)', () => {
    const top = parse('dim Z = 3;\nmodel m { }');
    expect(top.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['E0106', 'a `dim` statement is not allowed at the top level: expected `model`, found `dim`'],
    ]);
    expect(top.program.models).toHaveLength(1);
    const nested = parse('model m { guide { guide { z ~ N(0, 1); } } }');
    expect(nested.diagnostics.map((d) => [d.code, nested.at(d.span), nested.at(d.notes?.[0]?.span ?? d.span)])).toEqual([['E0106', 'guide', 'guide']]);
    expect(nested.diagnostics[0]?.span.start).toBe(18);
    expect(nested.diagnostics[0]?.notes?.[0]?.span.start).toBe(10);
  });

  it('reports an empty file or one with only comments (E0107)', () => {
    expect(codes('')).toEqual(['E0107']);
    expect(codes('  // nothing\n/* here */\n')).toEqual(['E0107']);
  });

  it('reports unexpected characters and unterminated comments', () => {
    const p = parse('model m { x ~ N(0, 1); # $$ }');
    expect(p.diagnostics.map((d) => [d.code, p.at(d.span), d.message])).toEqual([
      ['E0101', '#', 'unexpected character `#`: expected a name, a number, an operator or punctuation'],
      ['E0101', '$$', 'unexpected characters `$$`: expected a name, a number, an operator or punctuation'],
    ]);
    const c = parse('model m { /* x ~ N(0, 1); }');
    expect(c.diagnostics.map((d) => [d.code, c.at(d.span)])).toEqual([['E0102', '/*']]);
    // Control characters are never quoted raw; a backtick is fenced with two.
    expect(parse('model m { \u0007 }').diagnostics[0]?.message).toContain('U+0007');
    expect(parse('model m { ` }').diagnostics[0]?.message).toContain('unexpected character `` ` ``');
  });

  it('says `I` and keywords are reserved when a name was expected', () => {
    const p = parse('model m { dim I = 3; }');
    expect(p.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([
      ['E0105', 'expected a name, found `I`', '`I` is a reserved word and cannot be used as a name'],
    ]);
  });

  it('explains a `;` after a guide block', () => {
    const p = parse('model m { guide { z ~ N(0, 1); }; z ~ N(0, 1); }');
    expect(p.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([
      ['E0105', 'expected a statement or `}`, found `;`', 'a `guide { … }` block is not followed by `;`'],
    ]);
    expect(body(p).map((s) => s.kind)).toEqual(['guide', 'sample']);
  });

  it('suggests `model` for a misspelt keyword at the top level', () => {
    const p = parse('modle m { }');
    expect(p.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([['E0105', 'expected `model`, found `modle`', 'did you mean `model`?']]);
  });

  it('reports number literals that overflow (E0109)', () => {
    const p = parse('model m { let a = 1e999; }');
    expect(p.diagnostics.map((d) => [d.code, p.at(d.span)])).toEqual([['E0109', '1e999']]);
  });

  it('stops after 50 parser errors with E0110', () => {
    const p = parse(`model m {\n${'x ^ 1;\n'.repeat(200)}}`);
    expect(p.diagnostics.filter((d) => d.code === 'E0105')).toHaveLength(50);
    const last = p.diagnostics[p.diagnostics.length - 1];
    expect([last?.code, p.file.position(last?.span.start ?? 0).line]).toEqual(['E0110', 52]);
  });

  it('caps nesting with E0108 instead of overflowing the stack', () => {
    const deep = parse(`model m { let a = ${'('.repeat(5000)}1${')'.repeat(5000)}; }`);
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['E0108']);
    expect(deep.program.models).toEqual([]);
    expect(parse(`model m { let a = ${'-'.repeat(50_000)}1; }`).diagnostics.map((d) => d.code)).toEqual(['E0108']);
    const guides = parse(`model m { ${'guide { '.repeat(3000)}${'} '.repeat(3000)}}`);
    expect(guides.diagnostics.map((d) => d.code)).toContain('E0108');
    // Below the cap, deep but legal nesting parses.
    const ok = parse(`model m { let a = ${'('.repeat(150)}1${')'.repeat(150)}; }`);
    expect(ok.diagnostics).toEqual([]);
  });
});
