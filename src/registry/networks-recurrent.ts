/**
 * The recurrent rows of the network registry (`networks.ts` gathers them into its one table): `GRU`
 * (Cho et al. 2014, "Learning Phrase Representations using RNN Encoder–Decoder", with PyTorch's gate
 * layout and initialisation, torch.nn.GRU docs); the runtime is `runtime/layers/gru.ts`.
 */
import { describeWith, shapeText, type LayerRow } from './networks-types.js';

const GRU: LayerRow = {
  doc: '`GRU(in -> hidden)`: a gated recurrent unit over the sequence axis, `[T, in]` to the hidden states `[T, hidden]`',
  positional: { form: 'chain', min: 2, max: 2 },
  options: {},
  inRank: () => 2,
  shape: (l, x) => {
    const [a, h] = l.sizes as [number, number];
    if (x.length !== 2 || x[1] !== a) return { error: `${describeWith(l, GRU)} expects a sequence [T, ${a}], but its input is ${shapeText(x)}` };
    return { shape: [x[0] as number, h] };
  },
  weights: (l) => {
    const [a, h] = l.sizes as [number, number];
    const bound = 1 / Math.sqrt(h);
    return [
      { name: 'wIh', shape: [a, 3 * h], bound, what: 'input weights' },
      { name: 'wHh', shape: [h, 3 * h], bound, what: 'recurrent weights' },
      { name: 'bIh', shape: [3 * h], bound, what: 'input biases' },
      { name: 'bHh', shape: [3 * h], bound, what: 'recurrent biases' },
    ];
  },
};

/** The rows, in table order. */
export const RECURRENT_ROWS = { GRU };
