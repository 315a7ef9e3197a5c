/**
 * A derived sequence latent's guide factor at run time: gathers the structured inference network's
 * weights from the guide's registry nets (`GRU`, `Sequential(Linear, tanh)`, `Linear`) and its start
 * param, joins the data it reads into `[B, T, F]`, and runs structured-guide.ts. The result has the shapes
 * every other factor has: the draw `[S, B, …shape]`, log q `[S, B]`, and a Normal of the per-step
 * conditionals along the drawn path (what an analytic KL against the prior's per-step conditionals uses).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { createDistribution } from '../distributions/create.js';
import type { Distribution } from '../distributions/distribution.js';
import type { Rng } from '../distributions/rng.js';
import type { SequenceEncoder } from '../derive/guide-ir.js';
import type { LatentSite } from '../ir/model-ir.js';
import type { GruWeights } from './layers/gru.js';
import { runStructuredGuide } from './structured-guide.js';
import type { Weights } from './weights.js';

/** How the factor is run (a subset of the program's guide options). */
export interface SequenceRunOptions {
  readonly samples: number;
  readonly rng: Rng;
  readonly stopParamsInLogQ?: boolean;
  readonly useMeans?: boolean;
  readonly fixed?: tf.Tensor;
}

function layer(weights: Weights, net: string, names: readonly string[]): Readonly<Record<string, tf.Variable>> {
  const l = weights.net(net).layers[0];
  if (l === undefined || names.some((n) => l[n] === undefined)) throw new InternalError(`structured guide: net \`${net}\` lacks ${names.join(', ')}`);
  return l;
}

/**
 * Draws (or scores) a sequence latent.
 *
 * @param values - the guide's values so far: data `[1, B, T, …]`
 */
export function drawSequence(weights: Weights, seq: SequenceEncoder, site: LatentSite, values: ReadonlyMap<string, tf.Tensor>, batch: number, o: SequenceRunOptions): { z: tf.Tensor; logq: tf.Tensor; dist: Distribution } {
  const parts = seq.inputs.map((n) => {
    const v = values.get(n);
    if (v === undefined) throw new InternalError(`structured guide: input \`${n}\` missing`);
    return tf.reshape(v, [batch, seq.steps, -1]);
  });
  const x = parts.length === 1 ? (parts[0] as tf.Tensor) : tf.concat(parts, 2);
  const g = layer(weights, seq.rnn, ['wIh', 'wHh', 'bIh', 'bHh']);
  const c = layer(weights, seq.combiner, ['W', 'b']);
  const h = layer(weights, seq.head, ['W', 'b']);
  const fixed = o.fixed === undefined ? undefined : tf.reshape(o.fixed, [o.fixed.shape[0] as number, batch, seq.steps, seq.width]);
  const r = runStructuredGuide(
    x,
    {
      gru: g as unknown as GruWeights,
      combiner: { wz: c.W as tf.Variable, bz: c.b as tf.Variable, wHead: h.W as tf.Variable, bHead: h.b as tf.Variable, z0: weights.param(seq.init) },
    },
    undefined,
    {
      samples: o.samples, rng: o.rng, scaleFloor: seq.floor, inputIsData: true,
      ...(fixed === undefined ? {} : { fixed }),
      ...(o.useMeans === true ? { useMeans: true } : {}),
      ...(o.stopParamsInLogQ === true ? { stopParamsInLogQ: true } : {}),
    },
  );
  const s = r.z.shape[0] as number;
  const shape = [s, batch, ...site.shape];
  return { z: tf.reshape(r.z, shape), logq: r.logq, dist: createDistribution('Normal', { loc: tf.reshape(r.loc, shape), scale: tf.reshape(r.scale, shape) }) };
}
