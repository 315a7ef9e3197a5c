/**
 * Concrete syntax tree → abstract syntax tree: a visitor over the CST that the parser (`parser.ts`) builds,
 * one method per grammar rule, keeping the span of every node.
 *
 * - Parentheses widen the span of the expression they enclose but leave no node of their own.
 * - The CST may come from error recovery: tokens inserted by recovery have no position and chevrotain's
 *   re-synced nodes may lack children. The AST holds only complete constructs: a statement (or model)
 *   with a missing required part is left out — its syntax error has already been reported — and a list
 *   item that failed to parse is dropped. (A construct repaired by single-token insertion or deletion is
 *   complete, so it stays.) Nothing here throws on a partial tree.
 * - It also reports the syntax rules the grammar leaves to this stage: a `guide` block inside another
 *   (E0106) and number literals that overflow (E0109).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Diagnostic } from '../common/diagnostic.js';
import { span, type Span } from '../common/span.js';
import type * as A from './ast.js';
import { nestedGuide, numberOutOfRange } from './syntax-messages.js';

function isNode(e: CstElement): e is CstNode {
  return 'children' in e;
}

/** Whether a token was really in the source (not inserted by error recovery, which leaves NaN offsets). */
function isReal(t: IToken): boolean {
  return Number.isFinite(t.startOffset) && t.isInsertedInRecovery !== true;
}

/** The real tokens stored under `key` in a node. */
function tokens(n: CstNode, key: string): IToken[] {
  const out: IToken[] = [];
  for (const e of n.children[key] ?? []) if (!isNode(e) && isReal(e)) out.push(e);
  return out;
}

/** The first real token stored under `key`. */
function token(n: CstNode, key: string): IToken | undefined {
  const list = n.children[key];
  if (list === undefined) return undefined;
  for (const e of list) if (!isNode(e) && isReal(e)) return e;
  return undefined;
}

/** The first child node stored under `key`. */
function node(n: CstNode, key: string): CstNode | undefined {
  const list = n.children[key];
  if (list === undefined) return undefined;
  for (const e of list) if (isNode(e)) return e;
  return undefined;
}

/** The child nodes stored under `key`. */
function nodes(n: CstNode, key: string): CstNode[] {
  const out: CstNode[] = [];
  for (const e of n.children[key] ?? []) if (isNode(e)) out.push(e);
  return out;
}

/** The span of a real token. */
export function tokenSpan(t: IToken): Span {
  return span(t.startOffset, t.startOffset + t.image.length);
}

/** The smallest span covering every given token or span (missing parts are skipped). */
function cover(...parts: readonly (IToken | Span | undefined)[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const p of parts) {
    if (p === undefined) continue;
    const s = 'image' in p ? (isReal(p) ? tokenSpan(p) : undefined) : p;
    if (s === undefined) continue;
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  return start === Infinity ? span(0, 0) : span(start, end);
}

function ident(t: IToken): A.Ident {
  return { name: t.image, span: tokenSpan(t) };
}

/** Keeps the items that were built; partial lists come only from already-reported syntax errors. */
function built<T>(items: readonly (T | undefined)[]): T[] {
  return items.filter((x): x is T => x !== undefined);
}

/** Builds the AST of one parse; create one per parse (it collects that parse's diagnostics). */
export class CstToAst {
  /** Diagnostics found while building (E0106 nested guide, E0109 number out of range). */
  readonly diagnostics: Diagnostic[] = [];

  /** @param textLength - length of the source text, for the program's span */
  constructor(private readonly textLength: number) {}

  /** `program` → {@link A.Program}. */
  program(n: CstNode | undefined): A.Program {
    const models = n === undefined ? [] : built(nodes(n, 'modelDecl').map((m) => this.modelDecl(m)));
    return { kind: 'program', models, span: span(0, this.textLength) };
  }

  private modelDecl(n: CstNode): A.ModelDecl | undefined {
    const name = token(n, 'name');
    const body = this.statements(nodes(n, 'statement'), undefined);
    if (name === undefined) return undefined;
    return { kind: 'model', name: ident(name), body, span: cover(token(n, 'KwModel'), name, token(n, 'RCurly'), ...body.map((s) => s.span)) };
  }

  /** Builds a body; `guide` is the span of the enclosing `guide` keyword, if inside a guide. */
  private statements(ns: readonly CstNode[], guide: Span | undefined): A.Statement[] {
    return built(ns.map((s) => this.statement(s, guide)));
  }

  private statement(n: CstNode, guide: Span | undefined): A.Statement | undefined {
    let child: CstNode | undefined;
    for (const key in n.children) child ??= node(n, key);
    if (child === undefined) return undefined;
    switch (child.name) {
      case 'dimDecl':
      case 'letStmt': {
        const name = token(child, 'name');
        const value = this.expression(node(child, 'expression'));
        const indices = this.targetIndex(child);
        if (name === undefined || value === undefined || indices === null) return undefined;
        const sp = cover(child.name === 'dimDecl' ? token(child, 'KwDim') : token(child, 'KwLet'), name, value.span, token(child, 'Semi'));
        if (child.name === 'dimDecl') return { kind: 'dim', name: ident(name), value, span: sp };
        return { kind: 'let', name: ident(name), ...(indices === undefined ? {} : { indices }), value, span: sp };
      }
      case 'forStmt':
        return this.forStmt(child, guide);
      case 'dataDecl':
        return this.typedDecl(child, 'data', 'KwData');
      case 'paramDecl':
        return this.typedDecl(child, 'param', 'KwParam');
      case 'latentDecl':
        return this.typedDecl(child, 'latent', 'KwLatent');
      case 'netDecl':
        return this.netDecl(child);
      case 'sampleStmt':
        return this.sampleStmt(child);
      case 'factorStmt': {
        const kw = token(child, 'KwFactor');
        const value = this.expression(node(child, 'expression'));
        if (kw === undefined || value === undefined) return undefined;
        return { kind: 'factor', value, keywordSpan: tokenSpan(kw), span: cover(kw, value.span, token(child, 'Semi')) };
      }
      case 'guideBlock':
        return this.guideBlock(child, guide);
      default:
        return undefined;
    }
  }

  private typedDecl(n: CstNode, kind: 'data' | 'param' | 'latent', keyword: string): A.DataDecl | A.ParamDecl | A.LatentDecl | undefined {
    const name = token(n, 'name');
    const type = this.typeExpr(node(n, 'typeExpr'));
    if (name === undefined || type === undefined) return undefined;
    return { kind, name: ident(name), type, span: cover(token(n, keyword), name, type.span, token(n, 'Semi')) };
  }

  private typeExpr(n: CstNode | undefined): A.TypeExpr | undefined {
    if (n === undefined) return undefined;
    const domain = token(n, 'domain');
    if (domain === undefined) return undefined;
    const domainArgs = built(nodes(n, 'domainArg').map((e) => this.expression(e)));
    const shape = built(nodes(n, 'size').map((e) => this.expression(e)));
    const sp = cover(domain, token(n, 'RParen'), token(n, 'RBracket'), ...domainArgs.map((e) => e.span), ...shape.map((e) => e.span));
    return { domain: ident(domain), domainArgs, shape, span: sp };
  }

  private netDecl(n: CstNode): A.NetDecl | undefined {
    const name = token(n, 'name');
    const layerNode = node(n, 'netLayer');
    const layer = layerNode === undefined ? undefined : this.netLayer(layerNode);
    if (name === undefined || layer === undefined) return undefined;
    return { kind: 'net', name: ident(name), layer, span: cover(token(n, 'KwNet'), name, layer.span, token(n, 'Semi')) };
  }

  private netLayer(n: CstNode): A.NetLayer | undefined {
    const kind = token(n, 'kind');
    if (kind === undefined) return undefined;
    const args = built(nodes(n, 'netArg').map((a) => this.netArg(a)));
    return { kind: 'layer', name: ident(kind), args, span: cover(kind, token(n, 'RParen'), ...args.map((a) => a.span)) };
  }

  private netArg(n: CstNode): A.NetArg | undefined {
    const option = token(n, 'option');
    if (option !== undefined) {
      const v = node(n, 'value');
      const value = v === undefined ? undefined : this.netValue(v);
      return value === undefined ? undefined : { kind: 'option', name: ident(option), value, span: cover(option, value.span) };
    }
    const items = built(nodes(n, 'item').map((v) => this.netValue(v)));
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return undefined;
    return { kind: 'chain', items, span: cover(first.span, last.span) };
  }

  private netValue(n: CstNode): A.NetValue | undefined {
    const layer = node(n, 'netLayer');
    if (layer !== undefined) return this.netLayer(layer);
    const e = node(n, 'expression');
    const expr = e === undefined ? undefined : this.expression(e);
    return expr === undefined ? undefined : { kind: 'expr', expr, span: expr.span };
  }

  private sampleStmt(n: CstNode): A.SampleStmt | undefined {
    const global = token(n, 'KwGlobal');
    const target = token(n, 'target');
    const dist = this.call(token(n, 'dist'), node(n, 'callArgs'));
    const indices = this.targetIndex(n);
    if (target === undefined || dist === undefined || indices === null) return undefined;
    return {
      kind: 'sample', global: global !== undefined, target: ident(target), ...(indices === undefined ? {} : { indices }), dist,
      span: cover(global, target, dist.span, token(n, 'Semi')),
    };
  }

  /** The `[…]` after a statement's target: undefined when absent, null when it failed to parse. */
  private targetIndex(n: CstNode): A.Expr[] | undefined | null {
    const t = node(n, 'targetIndex');
    if (t === undefined) return undefined;
    const items = nodes(t, 'index').map((e) => this.expression(e));
    if (items.length === 0 || items.some((i) => i === undefined)) return null;
    return built(items);
  }

  private forStmt(n: CstNode, guide: Span | undefined): A.ForStmt | undefined {
    const keyword = token(n, 'KwFor');
    const variable = token(n, 'variable');
    const start = this.expression(node(n, 'start'));
    const end = this.expression(node(n, 'end'));
    if (keyword === undefined || variable === undefined || start === undefined || end === undefined) return undefined;
    const body = this.statements(nodes(n, 'statement'), guide);
    return {
      kind: 'for', variable: ident(variable), start, end, body, keywordSpan: tokenSpan(keyword),
      span: cover(keyword, token(n, 'RCurly'), ...body.map((s) => s.span)),
    };
  }

  private guideBlock(n: CstNode, outer: Span | undefined): A.GuideBlock | undefined {
    const keyword = token(n, 'KwGuide');
    if (keyword === undefined) return undefined;
    const keywordSpan = tokenSpan(keyword);
    if (outer !== undefined) {
      this.diagnostics.push(nestedGuide(keywordSpan, outer));
      return undefined;
    }
    const body = this.statements(nodes(n, 'statement'), keywordSpan);
    return { kind: 'guide', body, keywordSpan, span: cover(keyword, token(n, 'RCurly'), ...body.map((s) => s.span)) };
  }

  // ---- expressions ---------------------------------------------------------------------------------

  /** Folds `operand (op operand)*` left-associatively; undefined if any part is missing. */
  private leftAssoc(n: CstNode, operandKey: string, operand: (c: CstNode) => A.Expr | undefined): A.Expr | undefined {
    const operands = nodes(n, operandKey).map(operand);
    const ops = tokens(n, 'op');
    let acc = operands[0];
    if (acc === undefined || operands.length !== ops.length + 1) return undefined;
    for (let i = 0; i < ops.length; i++) {
      const right = operands[i + 1];
      const op = ops[i];
      if (right === undefined || op === undefined) return undefined;
      acc = { kind: 'binary', op: op.image as A.BinaryOp, left: acc, right, opSpan: tokenSpan(op), span: cover(acc.span, right.span) };
    }
    return acc;
  }

  private expression(n: CstNode | undefined): A.Expr | undefined {
    return n === undefined ? undefined : this.leftAssoc(n, 'term', (t) => this.leftAssoc(t, 'unary', (u) => this.unary(u)));
  }

  private unary(n: CstNode | undefined): A.Expr | undefined {
    if (n === undefined) return undefined;
    const minus = token(n, 'Minus');
    if (minus !== undefined) {
      const operand = this.unary(node(n, 'unary'));
      return operand === undefined ? undefined : { kind: 'unary', op: '-', operand, span: cover(minus, operand.span) };
    }
    let base = this.primary(node(n, 'primary'));
    for (const suffix of nodes(n, 'indexSuffix')) {
      if (base === undefined) return undefined;
      const items = nodes(suffix, 'indexItem').map((i) => this.indexItem(i));
      const close = token(suffix, 'RBracket');
      if (items.length === 0 || items.some((i) => i === undefined)) return undefined;
      base = { kind: 'index', target: base, items: built(items), span: cover(base.span, close, ...built(items).map((i) => i.span)) };
    }
    const caret = token(n, 'Caret');
    if (base === undefined || caret === undefined) return base;
    const exponent = this.unary(node(n, 'exponent'));
    if (exponent === undefined) return undefined;
    return { kind: 'binary', op: '^', left: base, right: exponent, opSpan: tokenSpan(caret), span: cover(base.span, exponent.span) };
  }

  private indexItem(n: CstNode): A.IndexItem | undefined {
    const colon = token(n, 'Colon');
    const startNode = node(n, 'start');
    const endNode = node(n, 'end');
    const start = this.expression(startNode);
    const end = this.expression(endNode);
    if ((startNode !== undefined && start === undefined) || (endNode !== undefined && end === undefined)) return undefined;
    if (colon === undefined) {
      return start === undefined ? undefined : { kind: 'at', index: start, span: start.span };
    }
    return { kind: 'slice', ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }), span: cover(start?.span, colon, end?.span) };
  }

  private primary(n: CstNode | undefined): A.Expr | undefined {
    if (n === undefined) return undefined;
    const num = token(n, 'NumberLiteral');
    if (num !== undefined) {
      const value = Number(num.image);
      if (!Number.isFinite(value)) this.diagnostics.push(numberOutOfRange(tokenSpan(num), num.image));
      return { kind: 'number', value, text: num.image, span: tokenSpan(num) };
    }
    const identity = token(n, 'KwI');
    if (identity !== undefined) return { kind: 'identity', span: tokenSpan(identity) };
    const name = token(n, 'Identifier');
    if (name !== undefined) {
      const args = node(n, 'callArgs');
      return args === undefined ? { kind: 'name', name: name.image, span: tokenSpan(name) } : this.call(name, args);
    }
    const inner = this.expression(node(n, 'expression'));
    if (inner === undefined) return undefined;
    // Parentheses widen the span (so messages underline `(a + b)`), but leave no node.
    return { ...inner, span: cover(token(n, 'LParen'), inner.span, token(n, 'RParen')) };
  }

  private call(callee: IToken | undefined, n: CstNode | undefined): A.CallExpr | undefined {
    if (callee === undefined || n === undefined) return undefined;
    const args: A.Arg[] = [];
    for (const a of nodes(n, 'arg')) {
      const value = this.expression(node(a, 'expression'));
      if (value === undefined) return undefined;
      const name = token(a, 'name');
      args.push(name === undefined ? { value, span: value.span } : { name: ident(name), value, span: cover(name, value.span) });
    }
    return { kind: 'call', callee: ident(callee), args, span: cover(callee, token(n, 'RParen'), ...args.map((a) => a.span)) };
  }
}
