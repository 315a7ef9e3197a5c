/**
 * Reading and compiling the model file a command is given: an unreadable file is a usage error (exit 2),
 * a model with errors prints its diagnostics (exit 1), warnings are printed and compilation goes on.
 * Shared by `compile`, `train` and `sample`, and the compile options they all accept.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../common/diagnostic.js';
import { renderDiagnostics } from '../common/render.js';
import { compile, type CompileOptions, type CompiledArtifacts } from '../compile.js';
import { DEFAULT_PLAN_OPTIONS, estimatorMisfit } from '../derive/plan.js';
import { parseByteSize } from '../derive/weight-budget.js';
import { estimatorChoices, isEstimatorName } from '../registry/estimators.js';
import type { CliIo } from './io.js';
import { guideFamilyChoices, parseGuideFamily } from '../flows/guide-family.js';

/** Reads a text file, turning failures into a usage error that names the file. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UserError(`cannot read ${path}: ${reason}`, 2);
  }
}

/** Options every compiling command accepts (as commander parses them). */
export interface CompileFlags {
  model?: string;
  encoderHidden?: string;
  guideFamily?: string;
  discrete?: string;
  kl?: string;
  temperature?: string;
  estimator?: string;
  maxWeightMemory?: string;
}

/** Declares the compile options on a command. */
export function addCompileOptions(cmd: Command): Command {
  return cmd
    .option('--model <name>', 'the model to use when the file defines several')
    .option('--encoder-hidden <widths>', 'hidden widths of every derived encoder, e.g. 512,256 (default: mirror the decoder)')
    .option('--guide-family <family>', `derived guides of Real latents: ${guideFamilyChoices()}; per latent as z=mvn (comma-separated)`, 'normal')
    .option('--discrete <strategy>', 'binary and categorical latents: relaxed (Gumbel-softmax), score-function, or enumerate (summed out exactly)', 'relaxed')
    .option('--kl <mode>', 'KL terms: auto (analytic where valid), analytic (required) or mc', 'auto')
    .option('--temperature <t>', 'temperature of relaxed samplers', '0.5')
    .option('--max-weight-memory <size>', 'largest memory all weights may take, e.g. 512M or 4G (default 256M); a model above it is error E0905');
}

/** Turns parsed flags into compile options, validating them. */
export function compileOptionsOf(flags: CompileFlags, fileName: string): CompileOptions {
  const discrete = flags.discrete ?? 'relaxed';
  if (discrete !== 'relaxed' && discrete !== 'score-function' && discrete !== 'enumerate') throw new UserError(`--discrete must be relaxed, score-function or enumerate, got ${discrete}`, 2);
  const kl = flags.kl ?? 'auto';
  if (kl !== 'auto' && kl !== 'analytic' && kl !== 'mc') throw new UserError(`--kl must be auto, analytic or mc, got ${kl}`, 2);
  const temperature = Number(flags.temperature ?? 0.5);
  if (!(temperature > 0)) throw new UserError(`--temperature must be a positive number, got ${flags.temperature}`, 2);
  const estimator = flags.estimator ?? DEFAULT_PLAN_OPTIONS.estimator;
  if (!isEstimatorName(estimator)) throw new UserError(`--estimator must be ${estimatorChoices()}, got ${estimator}`, 2);
  let encoderHidden: number[] | undefined;
  if (flags.encoderHidden !== undefined) {
    encoderHidden = flags.encoderHidden === '' ? [] : flags.encoderHidden.split(',').map((w) => Number(w.trim()));
    if (encoderHidden.some((w) => !Number.isInteger(w) || w <= 0)) throw new UserError(`--encoder-hidden must be a comma-separated list of positive integers, got ${flags.encoderHidden}`, 2);
  }
  const guideFamily = parseGuideFamily(flags.guideFamily ?? 'normal');
  if (typeof guideFamily === 'string') throw new UserError(`--guide-family: ${guideFamily}`, 2);
  let maxWeightBytes: number | undefined;
  if (flags.maxWeightMemory !== undefined) {
    maxWeightBytes = parseByteSize(flags.maxWeightMemory);
    if (maxWeightBytes === undefined) throw new UserError(`--max-weight-memory must be a size in bytes, optionally with a suffix K, M, G or T (e.g. 512M, 4G), got ${flags.maxWeightMemory}`, 2);
  }
  return {
    fileName, discrete, kl, temperature, estimator, guideFamily,
    ...(maxWeightBytes !== undefined ? { maxWeightBytes } : {}),
    ...(flags.model !== undefined ? { model: flags.model } : {}),
    ...(encoderHidden !== undefined ? { encoderHidden } : {}),
  };
}

/** Reads and compiles a model file; prints diagnostics; throws a {@link UserError} when it does not compile. */
export function compileModelFile(path: string, options: CompileOptions, io: CliIo, text: string = readTextFile(path)): CompiledArtifacts {
  const r = compile(text, { ...options, fileName: path });
  if (r.diagnostics.length > 0) io.err(renderDiagnostics(r.diagnostics, r.source));
  if (!r.ok) {
    if ('usage' in r) throw new UserError(`${path}: ${r.usage}`, 2);
    throw new UserError(`${path} has errors; nothing was run`, 1);
  }
  const misfit = estimatorMisfit(r.artifacts.plan);
  if (misfit !== undefined) throw new UserError(`${path}: ${misfit}`, 2);
  return r.artifacts;
}
