/**
 * The learned weights of a compiled model: one tfjs variable per network layer matrix and bias, per
 * model param (unconstrained) and per free variational parameter of the guide. They are split into the
 * model's θ and the guide's φ, because estimators treat them differently (sticking the landing stops φ
 * inside log q). Nothing here is global: a compiled model owns its weights and disposes them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DomainName } from '../registry/domains.js';
import { InternalError } from '../common/diagnostic.js';
import { Rng } from '../distributions/rng.js';
import type { NetSite, ParamSite } from '../ir/model-ir.js';
import { netLayers, netWeightName } from '../registry/networks.js';
import type { WeightInit } from '../registry/bijectors.js';

/** Which side of the objective a weight belongs to. */
export type WeightOwner = 'model' | 'guide';

/** One learned tensor with its role. */
export interface WeightEntry {
  /** Its name in the model (`net/decoder/0/W`, `param/c`), stable across runs: checkpoints use it. */
  readonly name: string;
  /** `model` (θ) or `guide` (φ): the side of the objective it belongs to. */
  readonly owner: WeightOwner;
  /** The trainable tfjs variable holding it (for params: the unconstrained value). */
  readonly variable: tf.Variable;
}

/** The learned tensors of one network, per layer that has weights (in order), by their registry names. */
export interface NetWeights {
  /** One record per weighted layer (`{W, b}` for Linear and convolutions, `{wIh, wHh, bIh, bHh}` for GRU). */
  readonly layers: readonly Readonly<Record<string, tf.Variable>>[];
  /** The `W` of every weighted layer, input layer first (a dense net's weight matrices `[in, out]`). */
  readonly W: readonly tf.Variable[];
  /** The `b` of every weighted layer, input layer first. */
  readonly b: readonly tf.Variable[];
}

let instances = 0;

/** All weights of a compiled model. */
export class Weights {
  private readonly entries = new Map<string, WeightEntry>();
  /** tfjs variable names are process-global; a per-instance prefix keeps two models apart. */
  private readonly prefix = `tilde${instances++}`;
  private readonly nets = new Map<string, NetWeights>();

  /** Every weight, in creation order (a stable order: checkpoints and optimizers rely on it). */
  get all(): readonly WeightEntry[] {
    return [...this.entries.values()];
  }

  /** The variables of one owner (or all). */
  variables(owner?: WeightOwner): tf.Variable[] {
    return this.all.filter((e) => owner === undefined || e.owner === owner).map((e) => e.variable);
  }

  /** The variable of a model or guide param. */
  param(name: string): tf.Variable {
    const e = this.entries.get(`param/${name}`);
    if (e === undefined) throw new InternalError(`no weight for param \`${name}\``);
    return e.variable;
  }

  /** The layers of a network. */
  net(name: string): NetWeights {
    const n = this.nets.get(name);
    if (n === undefined) throw new InternalError(`no weights for net \`${name}\``);
    return n;
  }

  private add(name: string, owner: WeightOwner, value: tf.Tensor): tf.Variable {
    if (this.entries.has(name)) throw new InternalError(`weight \`${name}\` created twice`);
    const variable = tf.variable(value, true, `${this.prefix}/${name}`);
    value.dispose();
    this.entries.set(name, { name, owner, variable });
    return variable;
  }

  /**
   * Adds a network with the weights its registry rows declare, named `net/<net>/<layer>/<weight>`, each
   * initialised uniform on ±bound as PyTorch initialises the same layer (±1/√fan_in for `nn.Linear`), so
   * that a Tilde model and a hand-written PyTorch one start from the same distribution of weights.
   */
  addNet(site: NetSite, owner: WeightOwner, rng: Rng): void {
    const layers: Record<string, tf.Variable>[] = [];
    for (const l of netLayers(site.spec)) {
      if (l.index === undefined) continue;
      const vars: Record<string, tf.Variable> = {};
      for (const w of l.weights) {
        vars[w.name] = this.add(netWeightName(site.name, l.index, w.name), owner, tf.randomUniform([...w.shape], -w.bound, w.bound, 'float32', rng.nextSeed()));
      }
      layers.push(vars);
    }
    const pick = (k: string) => layers.flatMap((v) => (v[k] !== undefined ? [v[k]] : []));
    this.nets.set(site.name, { layers, W: pick('W'), b: pick('b') });
  }

  /**
   * Adds a weight of a guide flow's step, named `flow/<latent>/<step>/<weight>` (see
   * src/registry/bijectors.ts), initialised as its registry row says.
   */
  addFlowWeight(name: string, owner: WeightOwner, shape: readonly number[], init: WeightInit, rng: Rng): void {
    this.add(name, owner, init.kind === 'zeros' ? tf.zeros([...shape]) : tf.randomUniform([...shape], -init.bound, init.bound, 'float32', rng.nextSeed()));
  }

  /** The variable of a flow weight (`flow/<latent>/<step>/<weight>`). */
  flowWeight(name: string): tf.Variable {
    const e = this.entries.get(name);
    if (e === undefined) throw new InternalError(`no flow weight \`${name}\``);
    return e.variable;
  }

  /** Adds a param, stored unconstrained and initialised so its constrained value is a neutral point. */
  addParam(site: ParamSite, owner: WeightOwner): void {
    this.add(`param/${site.name}`, owner, tf.fill([...site.shape], initialRaw(site.declared)));
  }

  /** Frees every variable. */
  dispose(): void {
    for (const e of this.entries.values()) e.variable.dispose();
    this.entries.clear();
    this.nets.clear();
  }
}

/** The unconstrained value a param starts at: 0 (Real, Unit → 0.5, Simplex → uniform), 1 for Positive. */
function initialRaw(domain: DomainName): number {
  // softplus⁻¹(1) = log(e − 1): a Positive param starts at 1.
  return domain === 'Positive' ? Math.log(Math.E - 1) : 0;
}

/** Maps a param's unconstrained variable to its declared domain. */
export function constrainParam(raw: tf.Tensor, domain: DomainName): tf.Tensor {
  switch (domain) {
    case 'Real':
      return raw;
    case 'Positive':
      return tf.softplus(raw);
    case 'Unit':
      return tf.sigmoid(raw);
    case 'Simplex':
      return tf.softmax(raw);
    default:
      throw new InternalError(`a param cannot have the discrete domain ${domain}`);
  }
}
