/**
 * Faithful inversion of the model's graph: which inputs each latent's guide factor conditions on.
 *
 * The guide samples globals first (they are not amortized), then local latents in reverse topological
 * order of the model, so every latent is drawn after its children (Stuhlmüller, Taylor & Goodman 2013,
 * "Learning stochastic inverses"; Webb et al. 2018, "Faithful inversion of generative models for
 * effective amortized inference"). For a latent z, let E be what is known when z is drawn — all data and
 * the latents drawn before it — and U the latents not yet drawn (z among them). The posterior factor
 * p(z | E) depends on E only through S: the members of E adjacent to z's connected component of U in the
 * moral graph of the ancestral set of {z} ∪ E. S separates z from the rest of E in that graph, so
 * z ⟂ E \ S | S, and no smaller subset of E does in general: the guide q(z | S) is the minimal faithful
 * inverse. Example: for z1 → z2 → x the guide is q(z2 | x) q(z1 | z2), since x ⟂ z1 | z2.
 */
import type { ModelIR } from '../ir/model-ir.js';
import { ancestors, moralGraph, randomGraph, type RandomGraph } from './graph.js';

/** One guide factor: a latent and the sites it conditions on, in guide order. */
export interface InvertedFactor {
  readonly latent: string;
  /** The conditioning set S, in the model's dependency order. */
  readonly inputs: readonly string[];
  /** Data and latents that are known when it is drawn but left out, being independent given `inputs`. */
  readonly dropped: readonly string[];
}

/** The guide order for derived guides: globals (model order), then locals in reverse model order. */
export function guideOrder(ir: ModelIR): string[] {
  const lat = ir.order.filter((n) => ir.sites[n]?.kind === 'latent');
  const isGlobal = (n: string) => {
    const s = ir.sites[n];
    return s?.kind === 'latent' && s.scope === 'global';
  };
  return [...lat.filter(isGlobal), ...lat.filter((n) => !isGlobal(n)).reverse()];
}

function separatingInputs(g: RandomGraph, z: string, known: ReadonlySet<string>): string[] {
  const keep = new Set([z, ...known, ...ancestors(g, [z, ...known])]);
  const moral = moralGraph(g, keep);
  const boundary = new Set<string>();
  const seen = new Set([z]);
  const stack = [z];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    for (const m of moral.get(n) ?? []) {
      if (known.has(m)) boundary.add(m);
      else if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
    }
  }
  return g.nodes.filter((n) => boundary.has(n));
}

/**
 * The inverted factors for the given latents in the given order. Global latents get no inputs (their
 * guides are not amortized: one set of variational parameters for the whole data set). Latents drawn
 * earlier in `order` are known to later ones.
 */
export function invert(ir: ModelIR, order: readonly string[]): InvertedFactor[] {
  const g = randomGraph(ir);
  // Factors are known like data (their "observation" is the constant 1 of exp(factor)), but no guide
  // reads them: they only marry their parents in the moral graph.
  const isFactor = (n: string) => ir.sites[n]?.kind === 'factor';
  const data = g.nodes.filter((n) => ir.sites[n]?.kind === 'data' || isFactor(n));
  const drawn: string[] = [];
  const out: InvertedFactor[] = [];
  for (const z of order) {
    const site = ir.sites[z];
    const known = new Set([...data, ...drawn]);
    if (site?.kind === 'latent' && site.scope === 'global') {
      out.push({ latent: z, inputs: [], dropped: [] });
    } else {
      const inputs = separatingInputs(g, z, known).filter((n) => !isFactor(n));
      const dropped = g.nodes.filter((n) => known.has(n) && !isFactor(n) && !inputs.includes(n) && (ir.sites[n]?.kind !== 'latent' || drawn.includes(n)));
      out.push({ latent: z, inputs, dropped });
    }
    drawn.push(z);
  }
  return out;
}
