/**
 * The masked-autoencoder row of the network registry (`networks.ts` gathers it into its one table):
 * `MADE` (Germain, Gregor, Murray & Larochelle 2015, "MADE: Masked Autoencoder for Distribution
 * Estimation"), the autoregressive network of IAF steps; degrees and masks are `made-degrees.ts`, the
 * runtime is `runtime/layers/made.ts`.
 */
import { MADE_ORDERS, madeShape } from './made-degrees.js';
import { describeWith, int, shapeText, type LayerRow, type LayerWeight } from './networks-types.js';

const MADE: LayerRow = {
  doc: '`MADE(d -> h1 -> … -> d·m, context = c, order = natural)`: a masked autoencoder (Germain et al. 2015) on `[d + c]` (z, then the context); output j·d + i depends only on the inputs before i in the order (and on the context)',
  positional: { form: 'chain', min: 3 },
  options: { context: { type: 'count', default: 0 }, order: { type: 'word', default: 'natural', choices: MADE_ORDERS }, hidden: { type: 'hidden', default: 'relu' } },
  inRank: () => 1,
  shape: (l, x) => {
    const d = l.sizes[0] as number;
    const out = l.sizes[l.sizes.length - 1] as number;
    const c = int(l, 'context');
    if (out % d !== 0) return { error: `${describeWith(l, MADE)} has ${out} outputs, which is not a multiple of its ${d} inputs (write d·m: m parameters per input)` };
    if (x[x.length - 1] !== d + c) return { error: `${describeWith(l, MADE)} expects an input of width ${d}${c > 0 ? ` + ${c} (context) = ${d + c}` : ''}, but its input is ${shapeText(x)}` };
    return { shape: [...x.slice(0, -1), out] };
  },
  weights: (l) => {
    // One masked product per layer (W_l ⊙ M_l, masks from made-degrees.ts); the context's C joins the first.
    const s = madeShape(l);
    const widths = [s.inputs, ...s.hidden, s.inputs * s.perInput];
    const out: LayerWeight[] = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      const fanIn = (widths[i] as number) + (i === 0 ? s.context : 0);
      const bound = 1 / Math.sqrt(fanIn);
      out.push({ name: `W${i}`, shape: [widths[i] as number, widths[i + 1] as number], bound, what: `masked weights ${i + 1}` });
      if (i === 0 && s.context > 0) out.push({ name: 'C', shape: [s.context, widths[1] as number], bound, what: 'context weights' });
      out.push({ name: `b${i}`, shape: [widths[i + 1] as number], bound, what: `biases ${i + 1}` });
    }
    return out;
  },
};

/** The rows, in table order. */
export const MADE_ROWS = { MADE };
