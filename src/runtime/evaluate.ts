/**
 * Evaluates IR expressions on tensors. Every value carries two leading axes before its per-datapoint
 * shape: `[S, B, ...shape]` — S samples (importance samples or Monte Carlo draws) by B datapoints — with
 * 1 on an axis the value does not vary along (data: `[1, B, …]`, globals: `[S, 1, …]`, params and
 * constants: `[1, 1, …]`). Elementwise operations align per-datapoint ranks explicitly (the checker's
 * shapes say how), then broadcast; networks see `[S·B, in]` matrices.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { FunctionName } from '../registry/functions.js';
import type { IRExpr, NetSite, Shape } from '../ir/model-ir.js';
import { applyNetwork } from './nets.js';
import { netInputRank } from '../registry/networks.js';
import type { Weights } from './weights.js';
import { matrixProduct } from './matrix-product.js';
import { partOf, type SplitPlan } from './split-plan.js';
import { fillScaleTril } from './fill-scale-tril.js';

/** Everything evaluation needs besides the expression. */
export interface EvalContext {
  /** Values of sites computed so far (data, latents, lets, constrained params), with the two lead axes. */
  readonly values: ReadonlyMap<string, tf.Tensor>;
  readonly weights: Weights;
  /** Networks by name (model nets and guide nets). */
  readonly nets: Readonly<Record<string, NetSite>>;
  /** Names of data sites: a network whose input reads only data needs no input gradient. */
  readonly data: ReadonlySet<string>;
  /** Cached constant tensors (kept across steps, so none is re-created per step). */
  readonly constants: ConstantCache;
  /** Lets read only as an exact partition of slices, evaluated by one split (split-plan.ts). */
  readonly splits?: ReadonlyMap<string, SplitPlan>;
  /** This evaluation's split parts, by let name. */
  readonly splitParts?: Map<string, tf.Tensor[]>;
}

/** Constant tensors created once per compiled model and reused by every step. */
export class ConstantCache {
  private readonly cache = new Map<string, tf.Tensor>();

  /** A `[1, 1, ...shape]` tensor filled with `value`. */
  get(value: number, shape: Shape): tf.Tensor {
    const key = `${value}|${shape.join(',')}`;
    let t = this.cache.get(key);
    if (t === undefined) {
      t = tf.keep(tf.fill([1, 1, ...shape], value));
      this.cache.set(key, t);
    }
    return t;
  }

  /** Frees every cached tensor. */
  dispose(): void {
    for (const t of this.cache.values()) t.dispose();
    this.cache.clear();
  }
}

/** Reshapes a value with per-datapoint shape `shape` so that it has `rank` per-datapoint axes (1s inserted after the lead axes). */
export function alignRank(t: tf.Tensor, shape: Shape, rank: number): tf.Tensor {
  if (shape.length === rank) return t;
  const [l0, l1] = t.shape as [number, number];
  return tf.reshape(t, [l0, l1, ...new Array<number>(rank - shape.length).fill(1), ...shape]);
}

const UNARY: Partial<Record<FunctionName, (x: tf.Tensor) => tf.Tensor>> = {
  exp: tf.exp, log: tf.log, log1p: tf.log1p, sqrt: tf.sqrt, abs: tf.abs,
  softplus: tf.softplus, sigmoid: tf.sigmoid, tanh: tf.tanh, relu: tf.relu,
};

function eventAxes(t: tf.Tensor): number[] {
  return Array.from({ length: t.rank - 2 }, (_, i) => i + 2);
}

function dataOnly(ctx: EvalContext, e: IRExpr): boolean {
  switch (e.op) {
    case 'ref':
      return ctx.data.has(e.name);
    case 'const':
      return true;
    case 'call':
      return e.fn === 'concat' && e.args.every((a) => dataOnly(ctx, a));
    default:
      return false;
  }
}

function evalCall(ctx: EvalContext, e: Extract<IRExpr, { op: 'call' }>): tf.Tensor {
  const unary = UNARY[e.fn];
  const args = e.args.map((a) => evalExpr(ctx, a));
  const [a, b] = args;
  if (a === undefined) throw new InternalError(`${e.fn} called without arguments`);
  if (unary !== undefined) return unary(a);
  switch (e.fn) {
    case 'softmax':
      return tf.softmax(a, -1);
    case 'sum':
      return a.rank > 2 ? tf.sum(a, eventAxes(a)) : a;
    case 'mean':
      return a.rank > 2 ? tf.mean(a, eventAxes(a)) : a;
    case 'logsumexp':
      return a.rank > 2 ? tf.logSumExp(a, eventAxes(a)) : a;
    case 'dot': {
      if (b === undefined) throw new InternalError('dot needs two arguments');
      return tf.sum(tf.mul(a, b), -1);
    }
    case 'fill_scale_tril':
      return fillScaleTril(a);
    case 'concat': {
      // Scalars join as length-1 vectors; lead axes are broadcast to the common [S, B].
      const parts = args.map((t, i) => (e.args[i]?.info.shape.length === 0 ? tf.expandDims(t, -1) : t));
      const l0 = Math.max(...parts.map((t) => t.shape[0] as number));
      const l1 = Math.max(...parts.map((t) => t.shape[1] as number));
      const full = parts.map((t) => (t.shape[0] === l0 && t.shape[1] === l1 ? t : tf.broadcastTo(t, [l0, l1, ...t.shape.slice(2)])));
      return tf.concat(full, -1);
    }
    default:
      throw new InternalError(`no runtime implementation of ${e.fn}`);
  }
}

function evalIndex(ctx: EvalContext, e: Extract<IRExpr, { op: 'index' }>): tf.Tensor {
  const ax = e.axes[0];
  const plan = e.target.op === 'ref' ? ctx.splits?.get(e.target.name) : undefined;
  if (plan !== undefined && ax !== undefined && e.target.op === 'ref') {
    const part = ax.kind === 'at' ? partOf(plan, ax.index, ax.index + 1) : partOf(plan, ax.start, ax.end);
    if (part !== undefined) {
      let parts = ctx.splitParts?.get(e.target.name);
      if (parts === undefined) {
        parts = tf.split(evalExpr(ctx, e.target), [...plan.sizes], -1);
        ctx.splitParts?.set(e.target.name, parts);
      }
      const p = parts[part] as tf.Tensor;
      return ax.kind === 'at' ? tf.reshape(p, [p.shape[0] as number, p.shape[1] as number]) : p;
    }
  }
  const t = evalExpr(ctx, e.target);
  const begin = [0, 0];
  const size = [-1, -1];
  e.axes.forEach((ax) => {
    begin.push(ax.kind === 'at' ? ax.index : ax.start);
    size.push(ax.kind === 'at' ? 1 : ax.end - ax.start);
  });
  for (let i = e.axes.length; i < e.target.info.shape.length; i++) {
    begin.push(0);
    size.push(-1);
  }
  const sliced = tf.slice(t, begin, size);
  return tf.reshape(sliced, [t.shape[0] as number, t.shape[1] as number, ...e.info.shape]);
}

function evalNet(ctx: EvalContext, e: Extract<IRExpr, { op: 'net' }>): tf.Tensor {
  const site = ctx.nets[e.net];
  if (site === undefined) throw new InternalError(`unknown net ${e.net}`);
  const x = evalExpr(ctx, e.arg);
  const [l0, l1] = x.shape as [number, number];
  // The net maps over the argument's leading axes: they join the sample and batch axes as rows.
  const arg = e.arg.info.shape.length === 0 ? [1] : e.arg.info.shape;
  const rank = netInputRank(site.spec) ?? arg.length;
  const rows = tf.reshape(x, [-1, ...arg.slice(arg.length - rank)]);
  const out = applyNetwork(site, ctx.weights.net(e.net), rows, e.preActivation, dataOnly(ctx, e.arg));
  return tf.reshape(out, [l0, l1, ...e.info.shape]);
}

/** Evaluates an expression to a tensor of shape `[S|1, B|1, ...e.info.shape]`. */
export function evalExpr(ctx: EvalContext, e: IRExpr): tf.Tensor {
  switch (e.op) {
    case 'const':
      return ctx.constants.get(e.value, []);
    case 'ones':
      return ctx.constants.get(1, e.info.shape);
    case 'ref': {
      const v = ctx.values.get(e.name);
      if (v === undefined) throw new InternalError(`\`${e.name}\` read before it was computed`);
      return v;
    }
    case 'neg':
      return tf.neg(evalExpr(ctx, e.arg));
    case 'call':
      return evalCall(ctx, e);
    case 'index':
      return evalIndex(ctx, e);
    case 'net':
      return evalNet(ctx, e);
    case 'binary': {
      const l = evalExpr(ctx, e.left);
      const r = evalExpr(ctx, e.right);
      if (e.operator === '@') return matrixProduct(l, e.left.info.shape, r, e.right.info.shape);
      const rank = e.info.shape.length;
      const la = alignRank(l, e.left.info.shape, rank);
      const ra = alignRank(r, e.right.info.shape, rank);
      switch (e.operator) {
        case '+':
          return tf.add(la, ra);
        case '-':
          return tf.sub(la, ra);
        case '*':
          return tf.mul(la, ra);
        case '/':
          return tf.div(la, ra);
        case '^':
          return tf.pow(la, ra);
      }
    }
  }
}
