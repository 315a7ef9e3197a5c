/**
 * Checkpoints of a training run. A run directory holds the model source, the resolved options and, per
 * epoch, a checkpoint: the weights and the optimizer state in TensorFlow.js's weights format
 * (`tf.io.encodeWeights`: a binary buffer plus a JSON manifest of names, shapes and dtypes) and the
 * trainer state (epoch, RNG position, baselines, learning-rate scale). Each checkpoint is a new directory,
 * written completely and flushed; only then does `checkpoint.json` — replaced atomically — point at it.
 * A run killed at any moment leaves the previous checkpoint intact. Every file's size and SHA-256 are in
 * the manifest, so a file truncated on disk later is detected with a clear error.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../common/diagnostic.js';
import { fsyncDir, makeDirectory, writeFileAtomic } from './atomic-file.js';

/** What a checkpoint holds besides tensors: any JSON-serializable trainer state. */
export type CheckpointState = Record<string, unknown>;

/** A loaded checkpoint. */
export interface LoadedCheckpoint {
  readonly weights: tf.NamedTensorMap;
  readonly optimizer: tf.NamedTensorMap;
  readonly state: CheckpointState;
  /** The checkpoint directory it came from. */
  readonly dir: string;
}

interface FileEntry {
  readonly bytes: number;
  readonly sha256: string;
}

interface Manifest {
  readonly format: 'tilde-checkpoint/1';
  readonly weights: tf.io.WeightsManifestEntry[];
  readonly optimizer: tf.io.WeightsManifestEntry[];
  readonly files: Record<string, FileEntry>;
  readonly state: CheckpointState;
}

const POINTER = 'checkpoint.json';
const KEEP = 2;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function encode(map: tf.NamedTensorMap): Promise<{ data: Uint8Array; specs: tf.io.WeightsManifestEntry[] }> {
  const { data, specs } = await tf.io.encodeWeights(map);
  return { data: new Uint8Array(data), specs };
}

/** Writes a checkpoint for `epoch` into `runDir` and points `checkpoint.json` at it. */
export async function saveCheckpoint(runDir: string, epoch: number, weights: tf.NamedTensorMap, optimizer: tf.NamedTensorMap, state: CheckpointState): Promise<string> {
  const name = `ckpt-${String(epoch).padStart(6, '0')}`;
  const dir = join(runDir, 'checkpoints', name);
  rmSync(dir, { recursive: true, force: true });
  makeDirectory(dir);
  const w = await encode(weights);
  const o = await encode(optimizer);
  writeFileAtomic(join(dir, 'weights.bin'), w.data);
  writeFileAtomic(join(dir, 'optimizer.bin'), o.data);
  const manifest: Manifest = {
    format: 'tilde-checkpoint/1',
    weights: w.specs,
    optimizer: o.specs,
    files: {
      'weights.bin': { bytes: w.data.length, sha256: sha256(w.data) },
      'optimizer.bin': { bytes: o.data.length, sha256: sha256(o.data) },
    },
    state,
  };
  writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  fsyncDir(join(runDir, 'checkpoints'));
  writeFileAtomic(join(runDir, POINTER), `${JSON.stringify({ latest: `checkpoints/${name}`, epoch }, null, 1)}\n`);
  pruneCheckpoints(runDir, name);
  return dir;
}

function pruneCheckpoints(runDir: string, latest: string): void {
  const all = readdirSync(join(runDir, 'checkpoints')).filter((d) => d.startsWith('ckpt-')).sort();
  for (const d of all.slice(0, Math.max(0, all.length - KEEP))) if (d !== latest) rmSync(join(runDir, 'checkpoints', d), { recursive: true, force: true });
  // Leftovers of an interrupted write: directories newer than the pointer are incomplete.
  for (const d of all) if (d > latest) rmSync(join(runDir, 'checkpoints', d), { recursive: true, force: true });
}

function readVerified(dir: string, file: string, entry: FileEntry | undefined): Uint8Array {
  const path = join(dir, file);
  if (entry === undefined) throw new UserError(`checkpoint ${dir} is corrupt: its manifest does not list ${file}`);
  if (!existsSync(path)) throw new UserError(`checkpoint ${dir} is incomplete: ${file} is missing`);
  const data = new Uint8Array(readFileSync(path));
  if (data.length !== entry.bytes) throw new UserError(`checkpoint ${dir} is corrupt: ${file} has ${data.length} bytes, expected ${entry.bytes} (truncated?)`);
  if (sha256(data) !== entry.sha256) throw new UserError(`checkpoint ${dir} is corrupt: ${file} does not match its checksum`);
  return data;
}

/** Whether a run directory has a checkpoint. */
export function hasCheckpoint(runDir: string): boolean {
  return existsSync(join(runDir, POINTER));
}

/** Loads the latest checkpoint of a run directory, verifying every file. */
export function loadCheckpoint(runDir: string): LoadedCheckpoint {
  const pointerPath = join(runDir, POINTER);
  if (!existsSync(pointerPath)) throw new UserError(`${runDir} has no checkpoint (no ${POINTER}); was it written by \`tilde train --out\`?`, 2);
  let pointer: { latest?: unknown };
  try {
    pointer = JSON.parse(readFileSync(pointerPath, 'utf8')) as { latest?: unknown };
  } catch {
    throw new UserError(`${pointerPath} is corrupt: not valid JSON`);
  }
  if (typeof pointer.latest !== 'string') throw new UserError(`${pointerPath} is corrupt: no "latest" entry`);
  const dir = join(runDir, pointer.latest);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new UserError(`checkpoint ${dir} is incomplete: manifest.json is missing`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    throw new UserError(`checkpoint ${dir} is corrupt: manifest.json is not valid JSON (truncated?)`);
  }
  if (manifest.format !== 'tilde-checkpoint/1') throw new UserError(`checkpoint ${dir} has an unknown format ${String(manifest.format)}`);
  const w = readVerified(dir, 'weights.bin', manifest.files['weights.bin']);
  const o = readVerified(dir, 'optimizer.bin', manifest.files['optimizer.bin']);
  const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
  return { weights: tf.io.decodeWeights(buf(w), manifest.weights), optimizer: tf.io.decodeWeights(buf(o), manifest.optimizer), state: manifest.state, dir };
}
