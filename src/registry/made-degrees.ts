/**
 * The degrees and masks of a MADE layer (Germain, Gregor, Murray & Larochelle, "MADE: Masked Autoencoder
 * for Distribution Estimation", ICML 2015), fixed when the layer is built: pure data, no tensors, shared
 * by the registry (parameter counts), the runtime (masked products) and the tests (the triangular Jacobian).
 *
 * Every unit gets a degree. Input i has degree m₀(i) ∈ {1, …, d} (its place in the ordering); a hidden unit
 * of degree m may see the inputs of degree ≤ m (mask `m_k ≥ m_{k'}` between hidden layers, eq. 12 of the
 * paper); output i sees hidden units of degree < m₀(i) (the strict inequality of eq. 13), so output i
 * depends only on the inputs that come before i in the ordering. Germain et al. sample hidden degrees; here
 * they cycle through 1, …, d − 1 (k mod (d − 1) + 1), so a spec determines its masks, as Pyro's
 * `AutoRegressiveNN` does with evenly spaced degrees.
 *
 * The context (IAF's h from the encoder; Kingma et al. 2016, section 4) feeds the first hidden layer
 * unmasked: it is not part of the ordering. With a context the hidden degrees cycle through 0, …, d − 1
 * instead: units of degree 0 see only the context, and through them the first output in the ordering
 * (which may see no input) still depends on h. Without context and with d = 1 all degrees are 0.
 */

/** The input ordering: `natural` (z₁ first) or `reversed` (z_d first), for permutations between flow steps. */
export const MADE_ORDERS = ['natural', 'reversed'] as const;
export type MadeOrder = (typeof MADE_ORDERS)[number];

/** The structure of a MADE layer: `d -> h1 -> … -> d·m` with a context of width `context`. */
export interface MadeShape {
  /** d: the autoregressive inputs. */
  readonly inputs: number;
  /** The widths of the hidden layers. */
  readonly hidden: readonly number[];
  /** m: outputs per input (output unit j·d + i is the j-th parameter of input i). */
  readonly perInput: number;
  readonly context: number;
  readonly order: MadeOrder;
}

/** The degree of input i (1-based place in the ordering). */
export function inputDegrees(s: MadeShape): number[] {
  return Array.from({ length: s.inputs }, (_, i) => (s.order === 'natural' ? i + 1 : s.inputs - i));
}

/** The degrees of the units of hidden layer l: cycling through lo, …, d − 1 (lo = 0 with a context or d = 1, else 1). */
export function hiddenDegrees(s: MadeShape, l: number): number[] {
  const lo = s.context > 0 || s.inputs === 1 ? 0 : 1;
  const count = Math.max(1, s.inputs - lo);
  return Array.from({ length: s.hidden[l] as number }, (_, k) => lo + (k % count));
}

/** The degrees of the d·m output units (output j·d + i has the degree of input i). */
export function outputDegrees(s: MadeShape): number[] {
  const m0 = inputDegrees(s);
  return Array.from({ length: s.inputs * s.perInput }, (_, o) => m0[o % s.inputs] as number);
}

/**
 * The masks of the masked products, input side first: mask l is `[fan-in, fan-out]` row-major (the layout
 * of the weights `[in, out]`), 1 where the connection exists. There are hidden.length + 1 of them.
 */
export function madeMasks(s: MadeShape): Float32Array[] {
  const layers = [inputDegrees(s), ...s.hidden.map((_, l) => hiddenDegrees(s, l)), outputDegrees(s)];
  const masks: Float32Array[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const from = layers[l] as number[];
    const to = layers[l + 1] as number[];
    const last = l + 2 === layers.length;
    const m = new Float32Array(from.length * to.length);
    for (let a = 0; a < from.length; a++) {
      for (let b = 0; b < to.length; b++) {
        const ok = last ? (to[b] as number) > (from[a] as number) : (to[b] as number) >= (from[a] as number);
        m[a * to.length + b] = ok ? 1 : 0;
      }
    }
    masks.push(m);
  }
  return masks;
}

/** The structure a MADE spec (`MADE(d -> h1 -> … -> d·m, context = c, order = …)`) stands for. */
export function madeShape(l: { readonly sizes: readonly number[]; readonly options: Readonly<Record<string, number | string>> }): MadeShape {
  const d = l.sizes[0] as number;
  const out = l.sizes[l.sizes.length - 1] as number;
  return {
    inputs: d,
    hidden: l.sizes.slice(1, -1),
    perInput: Math.floor(out / d),
    context: (l.options.context as number | undefined) ?? 0,
    order: ((l.options.order as MadeOrder | undefined) ?? 'natural'),
  };
}
