/**
 * Expression typing: the shape, domain, per-datapoint flag and (when known) constant value of every
 * expression node, with shape and call errors reported at the node. Names are resolved through a
 * {@link TypingEnv} (the model's or the guide's), so one typer serves both. An expression whose type
 * cannot be known (an error below it, or a latent whose shape is not inferred yet) types as
 * `undefined`, and nothing above it reports again: one mistake, one diagnostic.
 *
 * Verbs: `infer*` compute and record an {@link ExprInfo}.
 */
import { describeLayer, netDomain, netInputWidth, netLayerShapes, netOutputShape } from '../registry/networks.js';
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { ValueDomain } from '../registry/domains.js';
import { isSubdomain } from '../registry/domains.js';
import type { FunctionSpec } from '../registry/functions.js';
import type { BinaryExpr, CallExpr, Expr, IndexExpr, PiecesExpr, SampleStmt } from '../syntax/ast.js';
import type { ExprInfo, NetSymbol, Shape } from './checked-model.js';
import { binaryFacts, constantDomain, factsDomain, foldBinary, operandFacts } from './domains.js';
import { exprText } from './expr-text.js';
import {
  broadcastMismatch,
  callArity,
  distributionAsFunction,
  functionArgumentShape,
  indexOutOfBounds,
  invalidIndex,
  matmulMismatch,
  namedArgumentToFunction,
  type InferredScalar,
  netInputShape,
  netLayerShape,
  netWithoutCall,
  notCallable,
} from './messages-expr.js';
import { argumentDomain } from './messages-model.js';
import { identityOutsideDistribution, unknownFunction } from './messages.js';
import { broadcastAll, broadcastShapes, formatShape, functionShape, indexShape, matmulShape, type ResolvedIndex, sameShape } from './shapes.js';
import type { IntegerEvaluator } from './sizes.js';

/** What a name used as a value resolves to. */
export type ValueLookup =
  | { readonly kind: 'value'; readonly info: ExprInfo | undefined }
  | { readonly kind: 'net' }
  /** Reported by the environment already. */
  | { readonly kind: 'error' };

/** What the callee of a call resolves to. */
export type CalleeLookup =
  | { readonly kind: 'net'; readonly net: NetSymbol | undefined }
  | { readonly kind: 'function'; readonly spec: FunctionSpec }
  | { readonly kind: 'distribution' }
  | { readonly kind: 'variable'; readonly word: string }
  /** `guideOnly`: the name is declared in the guide block, whose names the model cannot see. */
  | { readonly kind: 'unknown'; readonly suggestion?: string; readonly guideOnly?: boolean }
  /** Reported by the environment already (e.g. a model network used in a guide). */
  | { readonly kind: 'error' };

/** Name resolution for the typer: the model's or the guide's. */
export interface TypingEnv {
  /** Resolves a name used as a value, reporting unknown or forbidden names itself. */
  value(name: string, span: Span): ValueLookup;
  /**
   * Resolves the callee of a call. With a span, errors specific to the environment (a model network
   * called in a guide) are reported there; without one the name is only classified.
   */
  callee(name: string, span?: Span): CalleeLookup;
  /**
   * For a latent without a `latent` declaration, the `~` statement its shape was inferred from (the
   * model's environment only): a network-input mismatch then says what the latent was inferred as.
   */
  inferredLatent?(name: string): SampleStmt | undefined;
  /** A dim whose value is `value`, to write a suggested size by name (`Real[Z]` rather than `Real[4]`). */
  dimWithValue?(value: number): string | undefined;
}

/** Where `I` may appear: only inside a distribution's arguments, where it takes the variable's shape. */
export type IdentityContext = { readonly allowed: false } | { readonly allowed: true; readonly shape: Shape | undefined };

const NO_IDENTITY: IdentityContext = { allowed: false };

/** Types expressions against an environment, recording every node's info. */
export class ExprTyper {
  private identity: IdentityContext = NO_IDENTITY;

  /**
   * @param env - name resolution
   * @param ints - evaluator for constant indices
   * @param bag - where diagnostics go (a scratch bag for silent passes)
   * @param exprs - where each node's info is recorded
   */
  constructor(
    private readonly env: TypingEnv,
    private readonly ints: IntegerEvaluator,
    private readonly bag: DiagnosticBag,
    private readonly exprs: Map<Expr, ExprInfo>,
  ) {}

  /** Types an expression outside any distribution (`I` is an error there). */
  infer(e: Expr): ExprInfo | undefined {
    const saved = this.identity;
    this.identity = NO_IDENTITY;
    try {
      return this.visit(e);
    } finally {
      this.identity = saved;
    }
  }

  /** Types a distribution argument; `I` takes the sampled variable's shape (unknown: `undefined`). */
  inferArgument(e: Expr, variableShape: Shape | undefined): ExprInfo | undefined {
    const saved = this.identity;
    this.identity = { allowed: true, shape: variableShape };
    try {
      return this.visit(e);
    } finally {
      this.identity = saved;
    }
  }

  private visit(e: Expr): ExprInfo | undefined {
    const info = this.compute(e);
    if (info !== undefined) this.exprs.set(e, info);
    return info;
  }

  private compute(e: Expr): ExprInfo | undefined {
    switch (e.kind) {
      case 'number':
        return { shape: [], domain: constantDomain(e.value), perDatapoint: false, constant: e.value };
      case 'name': {
        const r = this.env.value(e.name, e.span);
        if (r.kind === 'net') this.bag.add(netWithoutCall(e.span, e.name));
        return r.kind === 'value' ? r.info : undefined;
      }
      case 'identity':
        if (!this.identity.allowed) {
          this.bag.add(identityOutsideDistribution(e.span));
          return undefined;
        }
        return this.identity.shape === undefined ? undefined : { shape: this.identity.shape, domain: 'Positive', perDatapoint: false, constant: 1 };
      case 'unary': {
        const a = this.visit(e.operand);
        if (a === undefined) return undefined;
        const constant = a.constant === undefined ? undefined : -a.constant;
        return withConstant({ shape: a.shape, domain: constant === undefined ? 'Real' : constantDomain(constant), perDatapoint: a.perDatapoint }, constant);
      }
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e);
      case 'index':
        return this.index(e);
      case 'pieces':
        return this.pieces(e);
    }
  }

  /** A piecewise value: `[length, ...element]`, the element the broadcast of every part's element shape. */
  private pieces(e: PiecesExpr): ExprInfo | undefined {
    const infos = e.parts.map((p) => this.visit(p.value));
    if (infos.some((i) => i === undefined)) return undefined;
    const all = infos as ExprInfo[];
    const r = broadcastAll(all.map((info, i) => (e.parts[i]?.vectorized === true ? info.shape.slice(1) : info.shape)));
    if (!r.ok) return void this.bag.add(broadcastMismatch(e.span, '+', r.reason));
    // The facts every part shares (each piece positive ⇒ the whole positive), not the lattice join.
    const facts = all.map((i) => operandFacts(i.domain, i.constant));
    const every = (k: keyof (typeof facts)[number]): boolean => facts.every((f) => f[k]);
    const shared = { nonNeg: every('nonNeg'), pos: every('pos'), le1: every('le1'), lt1: every('lt1'), int: every('int') };
    // Positivity is what constraints need: (0, 1] has no domain of its own, and factsDomain ranks
    // integrality first (the constants 1 and 1 would make Binary, which admits 0).
    const fromFacts = factsDomain(shared.pos ? { ...shared, int: false, le1: shared.lt1 } : shared);
    const domain = fromFacts;
    return { shape: [e.length, ...r.shape], domain, perDatapoint: all.some((i) => i.perDatapoint) };
  }

  private binary(e: BinaryExpr): ExprInfo | undefined {
    const a = this.visit(e.left);
    const b = this.visit(e.right);
    if (a === undefined || b === undefined) return undefined;
    let shape: Shape;
    if (e.op === '@') {
      const r = matmulShape(a.shape, b.shape);
      if (!r.ok) return void this.bag.add(matmulMismatch(e.opSpan, r.reason));
      shape = r.shape;
    } else {
      const r = broadcastShapes(a.shape, b.shape);
      if (!r.ok) return void this.bag.add(broadcastMismatch(e.opSpan, e.op, r.reason));
      shape = r.shape;
    }
    const perDatapoint = a.perDatapoint || b.perDatapoint;
    const constant = e.op !== '@' && a.constant !== undefined && b.constant !== undefined ? foldBinary(e.op, a.constant, b.constant) : undefined;
    if (constant !== undefined) return { shape, domain: constantDomain(constant), perDatapoint, constant };
    const facts = binaryFacts(e.op, operandFacts(a.domain, a.constant), operandFacts(b.domain, b.constant), b.constant);
    return { shape, domain: factsDomain(facts), perDatapoint };
  }

  private call(e: CallExpr): ExprInfo | undefined {
    const name = e.callee.name;
    const callee = this.env.callee(name, e.callee.span);
    switch (callee.kind) {
      case 'function':
        return this.functionCall(e, callee.spec);
      case 'net':
        return this.netCall(e, callee.net);
      case 'distribution':
        this.bag.add(distributionAsFunction(e.callee.span, name));
        break;
      case 'variable':
        this.bag.add(notCallable(e.callee.span, name, callee.word));
        break;
      case 'unknown':
        this.bag.add(unknownFunction(e.callee.span, name, callee.suggestion, callee.guideOnly === true));
        break;
      case 'error':
        break;
    }
    // Still type the arguments, so that their own mistakes and uses are seen.
    for (const a of e.args) this.visit(a.value);
    return undefined;
  }

  /** Types positional arguments, reporting named ones; undefined if any failed. */
  private positional(e: CallExpr, kind: string): ExprInfo[] | undefined {
    let ok = true;
    const infos: ExprInfo[] = [];
    for (const a of e.args) {
      if (a.name !== undefined) {
        this.bag.add(namedArgumentToFunction(a.name.span, kind, e.callee.name));
        ok = false;
      }
      const info = this.visit(a.value);
      if (info === undefined) ok = false;
      else infos.push(info);
    }
    return ok ? infos : undefined;
  }

  private functionCall(e: CallExpr, spec: FunctionSpec): ExprInfo | undefined {
    const n = e.args.length;
    const arityOk = spec.variadic ? n >= spec.arity : n === spec.arity;
    if (!arityOk) {
      const expected = spec.variadic ? `at least ${spec.arity} arguments` : `${spec.arity} ${spec.arity === 1 ? 'argument' : 'arguments'}`;
      this.bag.add(callArity(e.span, 'function', spec.name, expected, n));
    }
    const infos = this.positional(e, 'function');
    if (infos === undefined || !arityOk) return undefined;
    if (spec.argDomain !== undefined) this.checkArgumentDomain(e, spec, infos);
    const r = functionShape(spec.shape, spec.name, infos.map((i) => i.shape));
    if (!r.ok) return void this.bag.add(functionArgumentShape(e.span, r.reason));
    const domains: ValueDomain[] = infos.map((i) => (i.constant !== undefined ? constantDomain(i.constant) : i.domain));
    return { shape: r.shape, domain: spec.domain(domains), perDatapoint: infos.some((i) => i.perDatapoint) };
  }

  private checkArgumentDomain(e: CallExpr, spec: FunctionSpec, infos: readonly ExprInfo[]): void {
    const required = spec.argDomain as ValueDomain;
    for (const [i, info] of infos.entries()) {
      const f = operandFacts(info.domain, info.constant);
      const proven = isSubdomain(info.domain, required) || (required === 'Positive' ? f.pos : required === 'NonNegative' ? f.nonNeg : false);
      if (proven) continue;
      const arg = e.args[i]?.value as Expr;
      const fix = required === 'Positive' ? `if it may be zero or negative, write e.g. \`${spec.name}(softplus(${exprText(arg)}))\`` : undefined;
      this.bag.add(argumentDomain(arg.span, spec.name, required, info.domain, fix));
    }
  }

  private netCall(e: CallExpr, net: NetSymbol | undefined): ExprInfo | undefined {
    if (e.args.length !== 1) this.bag.add(callArity(e.span, 'network', e.callee.name, '1 argument (its input)', e.args.length));
    const infos = this.positional(e, 'network');
    if (infos === undefined || e.args.length !== 1 || net === undefined) return undefined;
    const input = infos[0] as ExprInfo;
    const argSpan = (e.args[0] as { value: Expr }).value.span;
    // A dense net keeps its plain message; a net maps over leading axes, and a scalar is a vector of length 1.
    const width = netInputWidth(net.spec);
    if (width !== undefined && (input.shape.length === 0 ? width !== 1 : input.shape[input.shape.length - 1] !== width)) {
      if (input.shape.length <= 1) return void this.bag.add(netInputShape(argSpan, net.name, [width], input.shape, this.inferredScalarIn((e.args[0] as { value: Expr }).value, width - (input.shape[0] ?? 1))));
      const detail = `its input width is ${width} on the last axis (leading axes are mapped over), but the input is ${formatShape(input.shape)}`;
      return void this.bag.add(netLayerShape(argSpan, net.name, detail, input.shape));
    }
    const r = netOutputShape(net.spec, input.shape);
    if ('error' in r) return void this.bag.add(netLayerShape(argSpan, net.name, r.error, input.shape));
    const shape = [...r.lead, ...r.shape];
    const last = [...r.trace].reverse().find((t) => netLayerShapes(t.layer));
    const producedBy = last === undefined ? undefined : `\`${net.name}\`'s ${describeLayer(last.layer)} gives ${formatShape(shape)}`;
    return { shape, domain: netDomain(net.spec), perDatapoint: input.perDatapoint, ...(producedBy !== undefined ? { producedBy } : {}) };
  }

  /**
   * The one latent, among the arguments of a `concat(…)` network input, whose shape was inferred as a
   * scalar (no `latent` declaration), when widening it would fix the mismatch: `missing` more entries.
   */
  private inferredScalarIn(arg: Expr, missing: number): InferredScalar | undefined {
    if (arg.kind !== 'call' || arg.callee.name !== 'concat' || missing <= 0 || this.env.inferredLatent === undefined) return undefined;
    const found: InferredScalar[] = [];
    for (const a of arg.args) {
      if (a.value.kind !== 'name') continue;
      const sample = this.env.inferredLatent(a.value.name);
      if (sample !== undefined && this.exprs.get(a.value)?.shape.length === 0) found.push({ name: a.value.name, sample, width: this.env.dimWithValue?.(missing + 1) ?? String(missing + 1) });
    }
    return found.length === 1 ? found[0] : undefined;
  }

  private index(e: IndexExpr): ExprInfo | undefined {
    const t = this.visit(e.target);
    const items: ResolvedIndex[] = [];
    let ok = true;
    for (const [axis, it] of e.items.entries()) {
      const size = t?.shape[axis];
      if (it.kind === 'at') {
        const v = this.ints.evaluate(it.index, 'index');
        if (v === undefined) ok = false;
        else items.push({ kind: 'at', index: v });
      } else {
        const start = it.start === undefined ? 0 : this.ints.evaluate(it.start, 'index');
        const end = it.end === undefined ? size : this.ints.evaluate(it.end, 'index');
        if (start === undefined || (end === undefined && (it.end !== undefined || t !== undefined))) ok = false;
        else items.push({ kind: 'slice', start, end: end ?? 0 });
      }
    }
    if (t === undefined || !ok) return undefined;
    const r = indexShape(t.shape, items);
    if (!r.ok) {
      this.bag.add(r.kind === 'bounds' ? indexOutOfBounds(e.span, r.reason) : invalidIndex(e.span, r.reason));
      return undefined;
    }
    return withConstant({ shape: r.shape, domain: indexedDomain(t, items.length), perDatapoint: t.perDatapoint }, t.constant);
  }
}

/** Adds `constant` to an info when it is known. */
function withConstant(info: ExprInfo, constant: number | undefined): ExprInfo {
  return constant === undefined ? info : { ...info, constant };
}

/**
 * The domain of the elements of an indexed value: the same, except that taking elements along the
 * last axis of a one-hot vector gives Binary values, and of a simplex positive values (in (0, 1) when
 * the simplex has at least two entries).
 */
function indexedDomain(t: ExprInfo, nItems: number): ValueDomain {
  const touchesLast = nItems === t.shape.length;
  if (!touchesLast) return t.domain;
  if (t.domain === 'Category') return 'Binary';
  if (t.domain === 'Simplex') return (t.shape[t.shape.length - 1] ?? 0) >= 2 ? 'Unit' : 'Positive';
  return t.domain;
}
