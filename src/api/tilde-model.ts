/**
 * The programmatic API: a compiled model with its weights. It mirrors the CLI — `fit` is `tilde train`,
 * `elbo`/`logLikelihood` are `tilde eval`, `sample` is `tilde sample` — and exposes the compiler's
 * artifacts (IR, plan, guide source) and the executable program. It runs anywhere (Node, a browser, a
 * worker); saving to and loading from run directories is Node's (`saveModel`, `loadRun` in run-dir.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../common/diagnostic.js';
import { type CompiledArtifacts, type CompileOptions } from '../compile.js';
import type { Dataset } from '../data/dataset-types.js';
import { columnNames, dataVariablesOf, describeDeclaration, type DataVariable } from '../data/variables.js';
import { Rng } from '../distributions/rng.js';
import { derivePlan, estimatorMisfit, type EstimatorName, type Plan, type PlanOptions } from '../derive/plan.js';
import { Adam } from '../infer/adam.js';
import type { DataShapes } from '../infer/batches.js';
import { BatchBuilder, disposeBatch } from '../infer/batches.js';
import { estimateElbo, evaluateLogLikelihood, type ElboEstimate, type LogLikelihoodEstimate } from '../infer/evaluate.js';
import { latentDiagnostics, type LatentDiagnostics } from '../infer/latent-diagnostics.js';
import { initialTrainerState, trainLoop, type EpochReport, type StopReason, type TrainerState } from '../infer/trainer.js';
import { resolveTrainOptions, type TrainOptions } from '../infer/train-options.js';
import { formatBytes, measureWeights } from '../derive/weight-budget.js';
import { alignRank } from '../runtime/evaluate.js';
import { createWeights, Program } from '../runtime/program.js';
import { classify, type Classification } from './predict-labels.js';
import { posteriorOfGlobals, type Posterior } from './posterior.js';
import { predictRows, type PredictOptions, type Predictions } from './readouts.js';
import type { Weights } from '../runtime/weights.js';

/** Options of {@link TildeModel.fit}. */
export interface FitOptions extends Partial<TrainOptions> {
  /** Called after every epoch (e.g. to write metrics and checkpoints). */
  onEpoch?(report: EpochReport, state: TrainerState): void | Promise<void>;
  /** Called after every step with progress figures. */
  onStep?(p: { epoch: number; step: number; steps: number; loss: number; samplesPerSecond: number }): void;
  /** Called when a non-finite step is skipped. */
  onWarning?(message: string): void;
  /** Aborting it stops training between steps; `fit` then resolves with reason `aborted` (the epoch in progress is not reported). */
  readonly signal?: AbortSignal;
  /** Resume from this state (with weights and optimizer already restored). */
  readonly resumeFrom?: TrainerState;
}

/** What {@link TildeModel.fit} returns. */
export interface FitResult {
  /** The trainer state at the end (pass it as {@link FitOptions.resumeFrom} to continue). */
  readonly state: TrainerState;
  /** Why training ended: all epochs done, early stopping, or the abort signal. */
  readonly reason: StopReason;
  /** One report per epoch completed in this call, in order. */
  readonly reports: readonly EpochReport[];
}

/** Values of every site of a batch of draws, as flat arrays `[n × size]` with their per-draw shape. */
export type SiteArrays = Map<
  string,
  {
    /** The per-draw (per-datapoint) shape of the site, without the leading `n`. */
    readonly shape: readonly number[];
    /** Row-major values, `n × prod(shape)` of them: draw (or datapoint) i at offset `i · prod(shape)`. */
    readonly values: Float32Array;
  }
>;

/** A compiled Tilde model with weights. */
export class TildeModel {
  private readonly programs = new Map<string, Program>();
  private adam: Adam | undefined;

  /**
   * @param artifacts - the compiler's output for one model
   * @param options - the compile options used (kept for saving)
   * @param weights - the model's weights (created by {@link TildeModel.create})
   */
  private constructor(
    readonly artifacts: CompiledArtifacts,
    readonly options: CompileOptions,
    readonly weights: Weights,
  ) {}

  /** Creates the model's weights, initialised from `seed`. */
  static create(artifacts: CompiledArtifacts, options: CompileOptions, seed = 0): TildeModel {
    try {
      return new TildeModel(artifacts, options, createWeights(artifacts.rewrittenIR, artifacts.guide, new Rng(seed)));
    } catch (e) {
      // Within the weight budget (E0905) the weights may still not fit the machine or the backend's heap.
      if (!(e instanceof RangeError) && !/memory|allocat/i.test(e instanceof Error ? e.message : '')) throw e;
      const bytes = measureWeights(artifacts.rewrittenIR, artifacts.guide).reduce((a, w) => a + w.bytes, 0);
      throw new UserError(`cannot allocate the weights of ${artifacts.ir.name} (${formatBytes(bytes)} as float32): ${(e as Error).message}; use smaller nets, or a lower --max-weight-memory to be told which ones are too large`, 1);
    }
  }

  /** The model's name. */
  get name(): string {
    return this.artifacts.ir.name;
  }

  /** The plan the model was compiled with. */
  get plan(): Plan {
    return this.artifacts.plan;
  }

  /** The data variables a data set must provide. */
  get dataVariables(): DataVariable[] {
    return dataVariablesOf(this.artifacts.checked);
  }

  /**
   * The covariates: data variables the model reads but never generates (no `~` has them on its left),
   * so drawing from the model needs their values (`tilde sample RUN --data FILE`).
   */
  get covariates(): DataVariable[] {
    return this.dataVariables.filter((v) => {
      const s = this.artifacts.rewrittenIR.sites[v.name];
      return s?.kind === 'data' && s.role === 'covariate';
    });
  }

  /**
   * Why this model cannot be sampled without covariates, located at their declarations
   * (`file:line:col`), or undefined when it has none.
   */
  covariatesNeeded(how = 'pass a data set that has them'): string | undefined {
    const cov = this.covariates;
    if (cov.length === 0) return undefined;
    const src = this.artifacts.source;
    const where = cov.map((v) => {
      const at = src.position(this.artifacts.rewrittenIR.sites[v.name]?.span.start ?? 0);
      return `${src.name}:${at.line}:${at.column}: \`${describeDeclaration(v)}\` is a covariate (read by the model, never drawn by it)`;
    });
    const names = cov.map((v) => `\`${v.name}\``).join(', ');
    return `${where.join('\n')}\n${this.name} conditions on ${names}, so drawing from it needs ${cov.length === 1 ? 'its values' : 'their values'}: ${how} (columns ${cov.flatMap((v) => columnNames(v)).slice(0, 6).join(', ')}${cov.flatMap((v) => columnNames(v)).length > 6 ? ', …' : ''})`;
  }

  /** Per-datapoint shapes of the data variables. */
  get dataShapes(): DataShapes {
    return new Map(this.dataVariables.map((v) => [v.name, v.shape]));
  }

  /** The executable program for an estimator (plans differ only in KL choices; weights are shared). */
  program(estimator: EstimatorName = this.artifacts.plan.options.estimator): Program {
    return this.programFor(estimator, 'train');
  }

  /**
   * The program that evaluation runs: the estimator's plan with every discrete latent drawn exactly from
   * its discrete guide (the probabilities its relaxation was trained with) and scored under its discrete
   * prior, or — where the plan sums it out (`--discrete auto` or `enumerate`) — still summed out, so
   * that the ELBO and IWAE bound the discrete model's log p(x), exactly in every enumerated latent.
   * Relaxation is a training device; a relaxed model's bound says nothing about the discrete one
   * (docs/inference.md).
   */
  evaluationProgram(estimator: EstimatorName): Program {
    return this.programFor(estimator, 'evaluate');
  }

  /**
   * @param mode - `train`: the plan as compiled; `evaluate`: relaxed latents drawn exactly, enumerated
   * ones still summed out; `draw`: every discrete latent drawn exactly (per-draw diagnostics).
   */
  private programFor(estimator: EstimatorName, mode: 'train' | 'evaluate' | 'draw'): Program {
    const a = this.artifacts;
    const given = a.plan.options;
    type Discrete = { discrete: PlanOptions['discrete']; discreteFallback?: 'relaxed' | 'score-function' };
    const discrete: Discrete =
      mode === 'train' || given.discrete === 'score-function' ? { discrete: given.discrete, ...(given.discreteFallback !== undefined ? { discreteFallback: given.discreteFallback } : {}) }
      : mode === 'evaluate' && given.discrete === 'auto' ? { discrete: 'auto', discreteFallback: 'score-function' }
      : mode === 'evaluate' && given.discrete === 'enumerate' ? { discrete: 'enumerate' }
      : { discrete: 'score-function' };
    const key = `${estimator}/${discrete.discrete}/${discrete.discreteFallback ?? ''}`;
    let p = this.programs.get(key);
    if (p === undefined) {
      const same = estimator === given.estimator && discrete.discrete === given.discrete && discrete.discreteFallback === given.discreteFallback;
      const { discreteFallback: _, ...rest } = given;
      const options: PlanOptions = { ...rest, estimator, ...discrete };
      const plan = same ? a.plan : derivePlan(a.rewrittenIR, a.guide, a.plan.rewrites, options).plan;
      const misfit = estimatorMisfit(plan);
      if (misfit !== undefined) throw new UserError(misfit, 2);
      p = new Program(a.rewrittenIR, a.guide, plan, this.weights);
      this.programs.set(key, p);
    }
    return p;
  }

  /** The optimizer (created on first use with the given β's). */
  optimizer(beta1 = 0.9, beta2 = 0.999): Adam {
    this.adam ??= new Adam(this.weights.variables(), { beta1, beta2, epsilon: 1e-8 });
    return this.adam;
  }

  /** Trains on `data` (Kingma & Welling 2014, Algorithm 1), optionally validating on `validation`. */
  async fit(data: Dataset, options: FitOptions = {}, validation?: Dataset): Promise<FitResult> {
    const o = resolveTrainOptions(options);
    const reports: EpochReport[] = [];
    const setup = {
      program: this.program(o.estimator), evalProgram: this.evaluationProgram('elbo'), adam: this.optimizer(o.beta1, o.beta2),
      train: data, ...(validation !== undefined ? { validation } : {}), shapes: this.dataShapes, options: o, source: this.artifacts.source,
    };
    const { state, reason } = await trainLoop(setup, options.resumeFrom ?? initialTrainerState(o.seed), {
      onEpoch: async (r, s) => {
        reports.push(r);
        await options.onEpoch?.(r, s);
      },
      ...(options.onStep ? { onStep: options.onStep } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { state, reason, reports };
  }

  /**
   * Mean per-datapoint ELBO of the (discrete) model on a data set, with its standard error: `samples`
   * draws of the local latents per datapoint (default 1; at least 2 for a standard error), and for a
   * model with global latents `globalSamples` independent draws of them (default 1; at least 2 for a
   * standard error). Analytic KL where planned.
   */
  elbo(data: Dataset, opts: { seed?: number; batchSize?: number; samples?: number; globalSamples?: number } = {}): ElboEstimate {
    return estimateElbo(this.evaluationProgram('elbo'), data, this.dataShapes, opts);
  }

  /**
   * The IWAE estimate of the mean per-datapoint log-likelihood of the (discrete) model with K importance
   * samples, with its standard error; for a model with global latents, the mean of `globalSamples`
   * independent estimates (default 1; at least 2 for a standard error).
   */
  logLikelihood(data: Dataset, opts: { k: number; seed?: number; batchSize?: number; globalSamples?: number }): LogLikelihoodEstimate {
    return evaluateLogLikelihood(this.evaluationProgram('iwae'), data, this.dataShapes, opts.k, opts);
  }

  /** KL per latent dimension and active units of every local latent (posterior-collapse check), `samples` draws per datapoint (default 1). */
  latentDiagnostics(data: Dataset, opts: { seed?: number; samples?: number } = {}): LatentDiagnostics[] {
    // Per-draw statistics (KL per unit, active units) need one draw per sample: enumerated latents drawn exactly.
    return latentDiagnostics(this.programFor('elbo', 'draw'), data, this.dataShapes, opts);
  }

  /**
   * Per-row posterior readouts under the guide (`tilde predict`): mean and sd of each continuous local
   * latent, class probabilities of each discrete one, imputed values of missing cells (src/api/readouts.ts).
   */
  predict(data: Dataset, opts: PredictOptions = {}): Predictions {
    return predictRows(this.programFor('elbo', 'draw'), this.dataShapes, data, opts);
  }

  /** Posterior mean and sd of every global latent under its guide, and the params' point values (`tilde eval --globals`; src/api/posterior.ts). */
  posterior(opts: { draws?: number; seed?: number } = {}): Posterior {
    return posteriorOfGlobals(this.programFor('elbo', 'draw'), this.dataShapes, opts);
  }

  /**
   * Accuracy of predicting the discrete variable `name` through the guide (`tilde eval --predict`;
   * src/api/predict-labels.ts) against `truth` (its in-memory layout; default: its column of `data`).
   */
  classify(data: Dataset, name: string, truth?: Float32Array, opts: PredictOptions = {}): Classification {
    return classify(this.programFor('elbo', 'draw'), this.dataShapes, data, name, truth ?? data.columns.get(name), opts);
  }

  /** Runs the guide with each latent at its guide mean, batch by batch, and collects what `pick` selects. */
  private meanPass(data: Dataset, pick: (p: Program, g: ReturnType<Program['runGuide']>) => Map<string, tf.Tensor>, batchSize = 500): SiteArrays {
    const program = this.program('elbo');
    const builder = new BatchBuilder(data, this.dataShapes, batchSize);
    const chunks = new Map<string, { shape: number[]; parts: Float32Array[] }>();
    for (let i = 0; i < data.n; i += batchSize) {
      const batch = builder.range(i, Math.min(data.n, i + batchSize));
      const out = tf.tidy(() => {
        const g = program.runGuide(batch, { samples: 1, globalSamples: 1, rng: new Rng(0), useMeans: true });
        const picked = pick(program, g);
        return Object.fromEntries([...picked].map(([k, t]) => [k, tf.broadcastTo(t, [1, batch.size, ...t.shape.slice(2)])]));
      });
      for (const [k, t] of Object.entries(out)) {
        const entry = chunks.get(k) ?? { shape: t.shape.slice(2), parts: [] };
        entry.parts.push(t.dataSync() as Float32Array);
        chunks.set(k, entry);
        t.dispose();
      }
      disposeBatch(batch);
    }
    const result: SiteArrays = new Map();
    for (const [k, { shape, parts }] of chunks) {
      const values = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
      let off = 0;
      for (const p of parts) {
        values.set(p, off);
        off += p.length;
      }
      result.set(k, { shape, values });
    }
    return result;
  }

  /** Posterior means of every local latent under the guide (later factors conditioned on earlier means). */
  encode(data: Dataset): SiteArrays {
    return this.meanPass(data, (p, g) => new Map(p.guide.order.filter((z) => g.values.has(z)).map((z) => [z, g.values.get(z) as tf.Tensor])));
  }

  /** The mean of every observed site's distribution given the encoded latents (reconstructions). */
  reconstruct(data: Dataset): SiteArrays {
    return this.meanPass(data, (p, g) => {
      const m = p.runModel(g);
      const out = new Map<string, tf.Tensor>();
      for (const [name, d] of m.dists) {
        const site = p.ir.sites[name];
        if (site?.kind !== 'data' || !d.mean) continue;
        // A mean that does not vary over the site's axes (`x ~ Bernoulli(sigmoid(g))`, g a scalar) is
        // broadcast to the site's shape, aligned on the trailing axes like any parameter.
        const mean = d.mean();
        const aligned = alignRank(mean, mean.shape.slice(2), site.shape.length);
        out.set(name, tf.broadcastTo(aligned, [aligned.shape[0] as number, aligned.shape[1] as number, ...site.shape]));
      }
      return out;
    });
  }

  /**
   * `n` ancestral draws of every latent and observed site, and the observed sites' means. A model with
   * {@link covariates} draws conditionally on them: draw i takes the covariates of row i mod R of
   * `opts.covariates` (R rows), which is then required.
   */
  sample(
    n: number,
    opts: { seed?: number; covariates?: Dataset } = {},
  ): {
    /** The draws of every latent and observed site (and the covariates, as given). */
    values: SiteArrays;
    /** For each observed site whose distribution has a mean: that mean given the draw's latents (e.g. Bernoulli probabilities). */
    means: SiteArrays;
  } {
    const program = this.program('elbo');
    const rng = new Rng(opts.seed ?? 0);
    const toArrays = (m: Map<string, tf.Tensor>): SiteArrays => {
      const out: SiteArrays = new Map();
      for (const [k, t] of m) {
        const site = program.ir.sites[k];
        if (site?.kind !== 'latent' && site?.kind !== 'data') continue;
        const full = tf.tidy(() => tf.reshape(tf.broadcastTo(t, [n, 1, ...site.shape]), [n, ...site.shape]));
        out.set(k, { shape: site.shape, values: full.dataSync() as Float32Array });
        full.dispose();
      }
      return out;
    };
    let covariates: Map<string, tf.Tensor> | undefined;
    const needed = this.covariates;
    if (needed.length > 0) {
      const rows = opts.covariates;
      if (rows === undefined || rows.n === 0) throw new UserError(this.covariatesNeeded() ?? '', 2);
      const missing = needed.filter((v) => !rows.columns.has(v.name));
      if (missing.length > 0) throw new UserError(`${rows.source} has no values of ${missing.map((v) => `\`${v.name}\``).join(', ')}; ${this.covariatesNeeded() ?? ''}`, 2);
      const shapes = new Map(needed.map((v) => [v.name, v.shape]));
      covariates = new Map(new BatchBuilder(rows, shapes, n).batch(Int32Array.from({ length: n }, (_, i) => i % rows.n)).data);
    }
    const result = tf.tidy(() => {
      const { values, means } = program.sampleModel(n, rng, covariates);
      return { values: Object.fromEntries(values), means: Object.fromEntries(means) };
    });
    const values = toArrays(new Map(Object.entries(result.values)));
    const means = toArrays(new Map(Object.entries(result.means)));
    tf.dispose([...Object.values(result.values), ...Object.values(result.means), ...(covariates?.values() ?? [])]);
    return { values, means };
  }

  /** Observed-site means for `n` given points of every latent (flat `[n × size]` arrays). */
  decode(latents: ReadonlyMap<string, Float32Array>, n: number): SiteArrays {
    const program = this.program('elbo');
    const out: SiteArrays = new Map();
    const means = tf.tidy(() => {
      const inputs = new Map<string, tf.Tensor>();
      for (const [name, values] of latents) {
        const site = program.ir.sites[name];
        if (site === undefined) throw new UserError(`no latent named \`${name}\``);
        inputs.set(name, tf.tensor(values, [1, n, ...site.shape]));
      }
      return Object.fromEntries(program.decode(inputs));
    });
    for (const [k, t] of Object.entries(means)) {
      const site = program.ir.sites[k];
      const full = tf.tidy(() => tf.reshape(tf.broadcastTo(t, [1, n, ...(site?.shape ?? [])]), [n, ...(site?.shape ?? [])]));
      out.set(k, { shape: site?.shape ?? [], values: full.dataSync() as Float32Array });
      tf.dispose([full, t]);
    }
    return out;
  }

  /** Named copies of every weight (logical names), e.g. for a checkpoint. */
  namedWeights(): tf.NamedTensorMap {
    return Object.fromEntries(this.weights.all.map((e) => [e.name, tf.clone(e.variable)]));
  }

  /**
   * Assigns weights from named tensors (every weight must be present with its shape). Names are the
   * network registry's `net/<net>/<layer>/<weight>` and `param/<name>`; the MLP and Linear nets of
   * checkpoints written before the registry already used these names, so they load unchanged.
   */
  assignWeights(map: tf.NamedTensorMap): void {
    const have = Object.keys(map);
    for (const e of this.weights.all) {
      const t = map[e.name];
      if (t === undefined) {
        const near = have.filter((k) => k.split('/').slice(0, 2).join('/') === e.name.split('/').slice(0, 2).join('/'));
        const hint = near.length > 0 ? ` (it has ${near.slice(0, 4).map((k) => `\`${k}\``).join(', ')}${near.length > 4 ? ', …' : ''})` : '';
        throw new UserError(`the checkpoint has no weight \`${e.name}\`${hint}: it was written for another model or another version of its nets`);
      }
      if (t.shape.join(',') !== e.variable.shape.join(',')) {
        throw new UserError(`the checkpoint's weight \`${e.name}\` has shape [${t.shape.join(', ')}], but the model's is [${e.variable.shape.join(', ')}]: it was written for another model`);
      }
      e.variable.assign(t);
    }
  }

  /** Frees weights, optimizer state and cached constants. */
  dispose(): void {
    for (const p of this.programs.values()) p.dispose();
    this.programs.clear();
    this.adam?.dispose();
    this.weights.dispose();
  }
}
