/**
 * Small constructors for IR expressions, used where the compiler writes code itself (derived guides,
 * rewrites). Each takes the span to blame: derived code points at the `~` statement it was derived from.
 */
import type { Span } from '../common/span.js';
import type { ValueDomain } from '../registry/domains.js';
import type { FunctionName } from '../registry/functions.js';
import { exprRefs, mapChildren, type IRExpr, type ModelIR, type Shape } from '../ir/model-ir.js';

const info = (shape: Shape, domain: ValueDomain, perDatapoint: boolean, span: Span) => ({ shape, domain, perDatapoint, span });

/** A reference to a site. */
export function ref(name: string, shape: Shape, domain: ValueDomain, perDatapoint: boolean, span: Span): IRExpr {
  return { op: 'ref', name, info: info(shape, domain, perDatapoint, span) };
}

/** A number. */
export function constant(value: number, span: Span): IRExpr {
  const domain: ValueDomain = value === 0 || value === 1 ? 'Binary' : value > 0 && value < 1 ? 'Unit' : value > 0 ? 'Positive' : 'Real';
  return { op: 'const', value, info: info([], domain, false, span) };
}

/** A built-in function call with a given result domain. */
export function call(fn: FunctionName, args: IRExpr[], shape: Shape, domain: ValueDomain, span: Span): IRExpr {
  return { op: 'call', fn, args, info: info(shape, domain, args.some((a) => a.info.perDatapoint), span) };
}

/** `a + b` (b broadcast onto a's shape). */
export function plus(a: IRExpr, b: IRExpr, domain: ValueDomain, span: Span): IRExpr {
  return { op: 'binary', operator: '+', left: a, right: b, info: info(a.info.shape, domain, a.info.perDatapoint || b.info.perDatapoint, span) };
}

/** `-a`. */
export function negate(a: IRExpr, span: Span): IRExpr {
  return { op: 'neg', arg: a, info: info(a.info.shape, 'Real', a.info.perDatapoint, span) };
}

/**
 * `v[start:end]` of a vector; with `asScalar`, the single element `v[start]`. The result is a slice of
 * the last (only) axis.
 */
export function sliceVector(v: IRExpr, start: number, end: number, asScalar: boolean, span: Span): IRExpr {
  if (asScalar) return { op: 'index', target: v, axes: [{ kind: 'at', index: start }], info: info([], v.info.domain, v.info.perDatapoint, span) };
  return { op: 'index', target: v, axes: [{ kind: 'slice', start, end }], info: info([end - start], v.info.domain, v.info.perDatapoint, span) };
}

/** A network applied to an input. */
export function applyNet(net: string, arg: IRExpr, outWidth: number, domain: ValueDomain, span: Span): IRExpr {
  return { op: 'net', net, arg, preActivation: false, info: info([outWidth], domain, arg.info.perDatapoint, span) };
}

/** The number of elements of a shape. */
export function sizeOf(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * `e` with every reference to a model `let` replaced by the let's value, recursively: the form of a
 * model expression that the guide can evaluate (the guide computes no model lets).
 */
export function inlineLets(ir: ModelIR, e: IRExpr): IRExpr {
  const s = e.op === 'ref' ? ir.sites[e.name] : undefined;
  return s?.kind === 'let' ? inlineLets(ir, s.value) : mapChildren(e, (c) => inlineLets(ir, c));
}

/** The latents an expression reads, directly or through model lets. */
export function latentsRead(ir: ModelIR, e: IRExpr): string[] {
  return [...exprRefs(inlineLets(ir, e))].filter((n) => ir.sites[n]?.kind === 'latent');
}
