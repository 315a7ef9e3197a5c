/**
 * Safe-numerics rewrites, applied to the IR before anything is evaluated. Each is named in `--explain`:
 * - `Bernoulli(sigmoid(e))` → `Bernoulli(logits: e)` (also through a net whose `out = sigmoid`, and for
 *   ContinuousBernoulli): log-sigmoid via softplus never rounds a probability to 0 or 1;
 * - `Categorical(softmax(e))` → `Categorical(logits: e)` (also through `out = softmax`);
 * - `log(sigmoid(e))` → `-softplus(-e)`;
 * - `log(sum(exp(e)))` → `logsumexp(e)`;
 * - a floor on learned scales: `scale` parameters computed from nets or params get `+ floor`, so a
 *   scale driven towards 0 cannot make a log-density infinite.
 */
import { finalActivation } from '../registry/networks.js';
import type { Span } from '../common/span.js';
import type { DistNode, IRExpr, ModelIR, Site } from '../ir/model-ir.js';
import { exprRefs, mapChildren } from '../ir/model-ir.js';
import { printExpr } from '../ir/print-expr.js';
import { call, constant, negate, plus } from './ir-builders.js';

/** A rewrite that fired, for `--explain`. */
export interface RewriteNote {
  /** Stable name of the rule. */
  readonly rule: 'bernoulli-logits' | 'categorical-logits' | 'log-sigmoid' | 'logsumexp' | 'scale-floor';
  /** The site whose definition changed. */
  readonly site: string;
  /** The expression or distribution call before the rewrite, printed as Tilde source. */
  readonly before: string;
  /** The same after the rewrite (a description where a net is read before its `out` activation). */
  readonly after: string;
  /** The source of the rewritten expression or distribution call. */
  readonly span: Span;
}

/** Options of the rewrite pass. */
export interface RewriteOptions {
  /** The floor added to learned scales (0 disables it). */
  readonly scaleFloor: number;
}

type Ctx = { ir: ModelIR; site: string; notes: RewriteNote[] };

function note(ctx: Ctx, rule: RewriteNote['rule'], before: string, after: IRExpr | string, span: Span): void {
  ctx.notes.push({ rule, site: ctx.site, before, after: typeof after === 'string' ? after : printExpr(after), span });
}

/** Rewrites inside an expression, bottom-up. */
function rewriteExpr(ctx: Ctx, e: IRExpr): IRExpr {
  switch (e.op) {
    case 'call': {
      const args = e.args.map((a) => rewriteExpr(ctx, a));
      const [a] = args;
      if (e.fn === 'log' && a?.op === 'call' && a.fn === 'sigmoid' && a.args[0]) {
        const inner = a.args[0];
        const out = negate(call('softplus', [negate(inner, e.info.span)], e.info.shape, 'Positive', e.info.span), e.info.span);
        note(ctx, 'log-sigmoid', printExpr(e), out, e.info.span);
        return out;
      }
      if (e.fn === 'log' && a?.op === 'call' && a.fn === 'sum' && a.args[0]?.op === 'call' && a.args[0].fn === 'exp' && a.args[0].args[0]) {
        const out = call('logsumexp', [a.args[0].args[0]], e.info.shape, 'Real', e.info.span);
        note(ctx, 'logsumexp', printExpr(e), out, e.info.span);
        return out;
      }
      return { ...e, args };
    }
    default:
      return mapChildren(e, (c) => rewriteExpr(ctx, c));
  }
}

/** `probs: sigmoid(e)` / `probs: net(e)` with a squashing out activation → logits, or undefined. */
function logitsOf(ctx: Ctx, probs: IRExpr, squash: 'sigmoid' | 'softmax'): IRExpr | undefined {
  if (probs.op === 'call' && probs.fn === squash && probs.args[0]) return probs.args[0];
  if (probs.op === 'net') {
    const net = ctx.ir.sites[probs.net] ?? ctx.ir.guideBlock?.sites[probs.net];
    if (net?.kind === 'net' && finalActivation(net.spec) === squash && !probs.preActivation) {
      return { ...probs, preActivation: true, info: { ...probs.info, domain: 'Real' } };
    }
  }
  return undefined;
}

function learned(ctx: Ctx, e: IRExpr): boolean {
  const block = ctx.ir.guideBlock?.sites ?? {};
  return [...exprRefs(e)].some((n) => {
    const s: Site | undefined = ctx.ir.sites[n] ?? block[n];
    return s?.kind === 'net' || s?.kind === 'param' || (s?.kind === 'let' && learned(ctx, s.value));
  });
}

const alreadyFloored = (e: IRExpr) => e.op === 'binary' && e.operator === '+' && e.right.op === 'const' && e.right.value > 0;

function rewriteDist(ctx: Ctx, d: DistNode, opts: RewriteOptions): DistNode {
  const params: Record<string, IRExpr> = {};
  for (const [k, v] of Object.entries(d.params)) params[k] = rewriteExpr(ctx, v);
  // A mixture's component is rewritten as a distribution of its own (its probs → logits, its floors).
  if (d.component !== undefined) return { ...d, params, component: rewriteDist(ctx, d.component, opts) };
  const dist = d.dist;
  const squash = dist === 'Categorical' ? 'softmax' : dist === 'Bernoulli' || dist === 'ContinuousBernoulli' ? 'sigmoid' : undefined;
  const probs = params['probs'];
  if (squash !== undefined && probs !== undefined) {
    const logits = logitsOf(ctx, probs, squash);
    if (logits !== undefined) {
      delete params['probs'];
      params['logits'] = logits;
      const after = logits.op === 'net' && logits.preActivation ? `${dist}(logits: ${logits.net}(${printExpr(logits.arg)}) before its ${squash})` : `${dist}(logits: ${printExpr(logits)})`;
      note(ctx, dist === 'Categorical' ? 'categorical-logits' : 'bernoulli-logits', `${dist}(${printExpr(probs)})`, after, d.span);
    }
  }
  const scale = params['scale'];
  if (scale !== undefined && opts.scaleFloor > 0 && learned(ctx, scale) && !alreadyFloored(scale)) {
    const floored = plus(scale, constant(opts.scaleFloor, scale.info.span), 'Positive', scale.info.span);
    params['scale'] = floored;
    note(ctx, 'scale-floor', printExpr(scale), floored, scale.info.span);
  }
  return { ...d, params };
}

/** Applies every rewrite to the model's and the guide block's definitions. */
export function rewriteIR(ir: ModelIR, opts: RewriteOptions): { ir: ModelIR; notes: RewriteNote[] } {
  const notes: RewriteNote[] = [];
  const sites: Record<string, Site> = {};
  for (const [name, s] of Object.entries(ir.sites)) {
    const ctx: Ctx = { ir, site: name, notes };
    if (s.kind === 'let') sites[name] = { ...s, value: rewriteExpr(ctx, s.value) };
    else if (s.kind === 'latent') sites[name] = { ...s, prior: rewriteDist(ctx, s.prior, opts) };
    else if (s.kind === 'data' && s.likelihood) sites[name] = { ...s, likelihood: rewriteDist(ctx, s.likelihood, opts) };
    else sites[name] = s;
  }
  let guideBlock = ir.guideBlock;
  if (guideBlock !== undefined) {
    const gsites = { ...guideBlock.sites };
    for (const [name, s] of Object.entries(gsites)) if (s.kind === 'let') gsites[name] = { ...s, value: rewriteExpr({ ir, site: name, notes }, s.value) };
    const samples = Object.fromEntries(
      Object.entries(guideBlock.samples).map(([z, smp]) => [z, { ...smp, dist: rewriteDist({ ir, site: z, notes }, smp.dist, opts) }]),
    );
    guideBlock = { ...guideBlock, sites: gsites, samples };
  }
  return { ir: { ...ir, sites, ...(guideBlock ? { guideBlock } : {}) }, notes };
}
