/**
 * The model IR: an immutable graph of sites built from a checked model. Each site — data (observed or
 * covariate), latent (local or global), param, net, let — carries its per-datapoint shape, its domain, its
 * parents and the span of the statement that made it, so every later stage (derivation, plan, runtime, NaN
 * guard) can name the source line. Expressions are lowered to a small tree whose every node knows its
 * shape. The whole structure is frozen (immer's `freeze`, deep) once built.
 */
import type { Span } from '../common/span.js';
import type { BinaryOp } from '../syntax/ast.js';
import type { DistributionName } from '../registry/distributions.js';
import type { DomainName, ValueDomain } from '../registry/domains.js';
import type { FunctionName, HiddenActivation, NetKind, OutputActivation } from '../registry/functions.js';

/** A per-datapoint shape (no batch axis); `[]` is a scalar. */
export type Shape = readonly number[];

/** What every expression node knows of its value. */
export interface ValueInfo {
  readonly shape: Shape;
  readonly domain: ValueDomain;
  /** Whether the value differs between datapoints. */
  readonly perDatapoint: boolean;
  readonly span: Span;
}

/** One axis of a constant index: a position, or a half-open slice `[start, end)`. */
export type IndexAxis = { readonly kind: 'at'; readonly index: number } | { readonly kind: 'slice'; readonly start: number; readonly end: number };

/** Lowered expressions. */
export type IRExpr =
  | { readonly op: 'const'; readonly value: number; readonly info: ValueInfo }
  /** `I`: ones shaped like the variable sampled. */
  | { readonly op: 'ones'; readonly info: ValueInfo }
  | { readonly op: 'ref'; readonly name: string; readonly info: ValueInfo }
  | { readonly op: 'call'; readonly fn: FunctionName; readonly args: readonly IRExpr[]; readonly info: ValueInfo }
  /**
   * A network applied to its input. `preActivation` marks the result of a safe-numerics rewrite: the
   * network's output before its `out` activation (e.g. the logits of a sigmoid decoder).
   */
  | { readonly op: 'net'; readonly net: string; readonly arg: IRExpr; readonly preActivation: boolean; readonly info: ValueInfo }
  | { readonly op: 'binary'; readonly operator: BinaryOp; readonly left: IRExpr; readonly right: IRExpr; readonly info: ValueInfo }
  | { readonly op: 'neg'; readonly arg: IRExpr; readonly info: ValueInfo }
  | { readonly op: 'index'; readonly target: IRExpr; readonly axes: readonly IndexAxis[]; readonly info: ValueInfo };

/** A distribution with its parameters bound by name (one parameterization of the registry row). */
export interface DistNode {
  readonly dist: DistributionName;
  /** Parameter name → expression, e.g. `{ logits: … }` after the Bernoulli rewrite. */
  readonly params: Readonly<Record<string, IRExpr>>;
  readonly span: Span;
}

interface SiteBase {
  readonly name: string;
  readonly shape: Shape;
  readonly domain: ValueDomain;
  /** Names of the sites its definition reads (nets and params included), sorted. */
  readonly parents: readonly string[];
  /** The statement (or declaration) that defines it. */
  readonly span: Span;
}

/** A per-datapoint input; `observed` ones have a likelihood. */
export interface DataSite extends SiteBase {
  readonly kind: 'data';
  readonly role: 'observed' | 'covariate';
  readonly declared: DomainName;
  readonly categories?: number;
  /** For observed data: the distribution it is drawn from (its `~` statement). */
  readonly likelihood?: DistNode;
  /** Span of the `data` declaration. */
  readonly declSpan: Span;
}

/** A latent variable drawn from its prior. */
export interface LatentSite extends SiteBase {
  readonly kind: 'latent';
  readonly scope: 'local' | 'global';
  readonly prior: DistNode;
  readonly categories?: number;
}

/** A learned point parameter. */
export interface ParamSite extends SiteBase {
  readonly kind: 'param';
  readonly declared: DomainName;
}

/** A learned network. */
export interface NetSite extends SiteBase {
  readonly kind: 'net';
  readonly arch: NetKind;
  /** Widths, input first. */
  readonly layers: readonly number[];
  readonly hidden: HiddenActivation;
  readonly out: OutputActivation;
}

/** A deterministic binding. */
export interface LetSite extends SiteBase {
  readonly kind: 'let';
  readonly value: IRExpr;
}

/** Any site. */
export type Site = DataSite | LatentSite | ParamSite | NetSite | LetSite;

/** A sample statement of a user-written guide, lowered. */
export interface GuideSample {
  /** The model latent it proposes. */
  readonly latent: string;
  readonly dist: DistNode;
  /** Data and latents its parameters read (through lets), sorted: the guide's inputs for the plan. */
  readonly inputs: readonly string[];
  readonly span: Span;
}

/** The user's `guide { … }` block, lowered. */
export interface GuideBlockIR {
  /** Guide-local nets, params (free variational parameters) and lets. */
  readonly sites: Readonly<Record<string, NetSite | ParamSite | LetSite>>;
  /** Guide lets and samples in dependency order (names; samples by latent name). */
  readonly order: readonly ({ readonly kind: 'let'; readonly name: string } | { readonly kind: 'sample'; readonly latent: string })[];
  readonly samples: Readonly<Record<string, GuideSample>>;
  readonly span: Span;
}

/** The model IR. */
export interface ModelIR {
  readonly name: string;
  /** Every site by name. */
  readonly sites: Readonly<Record<string, Site>>;
  /** Lets, latents and observed data in dependency order (the order ancestral sampling runs). */
  readonly order: readonly string[];
  /** The user's guide block, if any. */
  readonly guideBlock?: GuideBlockIR;
  readonly span: Span;
}

/** The sites of one kind, in `order` (for latents and lets) or name order (others). */
export function sitesOfKind<K extends Site['kind']>(ir: ModelIR, kind: K): Extract<Site, { kind: K }>[] {
  const ordered = ir.order.map((n) => ir.sites[n]).filter((s): s is Site => s !== undefined && s.kind === kind);
  if (ordered.length > 0 || kind === 'let' || kind === 'latent') return ordered as Extract<Site, { kind: K }>[];
  return Object.values(ir.sites)
    .filter((s) => s.kind === kind)
    .sort((a, b) => a.span.start - b.span.start) as Extract<Site, { kind: K }>[];
}

/** The latents, in dependency order. */
export function latents(ir: ModelIR): LatentSite[] {
  return sitesOfKind(ir, 'latent');
}

/** Observed data sites, in dependency order. */
export function observed(ir: ModelIR): DataSite[] {
  return ir.order.map((n) => ir.sites[n]).filter((s): s is DataSite => s?.kind === 'data' && s.role === 'observed');
}

/** Every site name an expression reads, including nets. */
export function exprRefs(e: IRExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.op) {
    case 'ref':
      out.add(e.name);
      break;
    case 'net':
      out.add(e.net);
      exprRefs(e.arg, out);
      break;
    case 'call':
      for (const a of e.args) exprRefs(a, out);
      break;
    case 'binary':
      exprRefs(e.left, out);
      exprRefs(e.right, out);
      break;
    case 'neg':
      exprRefs(e.arg, out);
      break;
    case 'index':
      exprRefs(e.target, out);
      break;
    case 'const':
    case 'ones':
      break;
  }
  return out;
}

/** Every site name a distribution's parameters read. */
export function distRefs(d: DistNode): Set<string> {
  const out = new Set<string>();
  for (const e of Object.values(d.params)) exprRefs(e, out);
  return out;
}
