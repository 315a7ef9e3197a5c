/**
 * Replica module of the benchmark VAE for data-parallel training (src/runtime/parallel/): every
 * replica initializes the same parameters from `seed` and draws its own reparameterization noise.
 */
import type { Replica } from '../src/runtime/parallel/replica.js';
import { tfjsReplica } from '../src/runtime/parallel/replica.js';
import { VAE_CONFIG } from './program.js';
import { createVaeModel } from './runtime-ops-vae.js';

/** Options of the benchmark VAE replica. */
export interface VaeReplicaOptions {
  /** Seed of the parameter initialization (the same in every replica). */
  readonly seed: number;
}

/** Builds replica `index` of the benchmark VAE. */
export function createReplica(options: unknown, index: number): Replica {
  const { seed } = options as VaeReplicaOptions;
  return tfjsReplica(createVaeModel(seed, seed + 1000 * index), VAE_CONFIG.data, { learningRate: VAE_CONFIG.learningRate });
}
