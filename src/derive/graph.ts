/**
 * The model's graph of random variables: latents and data, with lets looked through (a let is a
 * deterministic function of its parents, so an edge through it is an edge between random variables),
 * and nets and params left out (they are constants of the model, not random). A `factor` is a node too,
 * standing like an observed child of what it reads: exp(factor) is a likelihood term, so it couples its
 * parents in the moral graph exactly as an observation would (Stan's `target +=` reads the same way).
 */
import type { ModelIR, Site } from '../ir/model-ir.js';

/** A directed graph over the random sites (latents and data). */
export interface RandomGraph {
  /** Random variables (and factors) in the IR's dependency order, covariates first, factors last. */
  readonly nodes: readonly string[];
  /** Direct random parents of each node (through lets). */
  readonly parents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Direct random children of each node. */
  readonly children: ReadonlyMap<string, ReadonlySet<string>>;
}

function isRandom(s: Site | undefined): boolean {
  return s !== undefined && (s.kind === 'latent' || s.kind === 'data' || s.kind === 'factor');
}

/** The random parents of a site: the latents and data its definition reads, through lets. */
export function randomParents(ir: ModelIR, name: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const s = ir.sites[n];
    if (s === undefined) return;
    if (isRandom(s) && n !== name) {
      out.add(n);
      return;
    }
    if (s.kind === 'let' || n === name) for (const p of s.parents) visit(p);
  };
  visit(name);
  return out;
}

/** Builds the random-variable graph of a model. */
export function randomGraph(ir: ModelIR): RandomGraph {
  const covariates = Object.values(ir.sites)
    .filter((s) => s.kind === 'data' && s.role === 'covariate')
    .sort((a, b) => a.span.start - b.span.start)
    .map((s) => s.name);
  const nodes = [...covariates, ...ir.order.filter((n) => isRandom(ir.sites[n]))];
  const parents = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  for (const n of nodes) {
    parents.set(n, new Set());
    children.set(n, new Set());
  }
  for (const n of nodes) {
    for (const p of randomParents(ir, n)) {
      parents.get(n)?.add(p);
      children.get(p)?.add(n);
    }
  }
  return { nodes, parents, children };
}

/** All ancestors of a set of nodes (not including the nodes themselves unless reachable). */
export function ancestors(g: RandomGraph, of: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const stack = [...of];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    for (const p of g.parents.get(n) ?? []) {
      if (!out.has(p)) {
        out.add(p);
        stack.push(p);
      }
    }
  }
  return out;
}

/** All descendants of a node. */
export function descendants(g: RandomGraph, of: string): Set<string> {
  const out = new Set<string>();
  const stack = [of];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    for (const c of g.children.get(n) ?? []) {
      if (!out.has(c)) {
        out.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}

/**
 * The moral graph of the sub-graph induced by `keep`: parent–child edges made undirected, plus an edge
 * between every two parents of a common child ("marrying" co-parents). Two sets are separated by a third
 * in the moral graph of an ancestral set exactly when d-separation holds (Lauritzen et al. 1990).
 */
export function moralGraph(g: RandomGraph, keep: ReadonlySet<string>): Map<string, Set<string>> {
  const adj = new Map<string, Set<string>>();
  for (const n of keep) adj.set(n, new Set());
  const link = (a: string, b: string): void => {
    if (a === b || !keep.has(a) || !keep.has(b)) return;
    adj.get(a)?.add(b);
    adj.get(b)?.add(a);
  };
  for (const n of keep) {
    const ps = [...(g.parents.get(n) ?? [])].filter((p) => keep.has(p));
    for (const p of ps) link(n, p);
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) link(ps[i] as string, ps[j] as string);
  }
  return adj;
}
