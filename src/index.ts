/**
 * Tilde's public API: the core, which runs anywhere — Node, a browser page, a Web Worker — and imports no
 * Node module (a test bundles it for the browser). Files, run directories, PNG pictures and Node's
 * threaded wasm live in `tilde-ppl/node` (src/node.ts), which re-exports all of this too. The pipeline,
 * in order:
 *
 * - {@link parseProgram} / {@link checkSource}: the front end (source → AST → checked models, with diagnostics);
 *   the syntax tree's node types are in the {@link ast} namespace;
 * - {@link compile}: the compiler (checked model → IR → derived guide and estimator plan), pure data;
 * - {@link TildeModel}: a compiled model with weights — `fit`, `elbo`, `logLikelihood`, `encode`,
 *   `reconstruct`, `sample`, `decode` — and its executable {@link Program};
 * - {@link parseDataset}, {@link mnistDataset}, {@link datasetFromNamedFiles}: data for a model's declarations, from bytes;
 *   {@link selectBackend}: the tfjs backend (a page's; `tilde-ppl/node` has Node's);
 * - in `tilde-ppl/node`: `loadDataset` (files, `mnist:train`), `loadRun` and friends (the run
 *   directories `tilde train` writes), `writePictures`.
 *
 * The compiler (parse, check, compile, explain, the registries) loads no TensorFlow.js.
 *
 * ```ts
 * import { compile, TildeModel, loadDataset, selectBackend } from 'tilde-ppl/node';
 * await selectBackend();
 * const result = compile(source, { fileName: 'vae.tilde' });
 * if (!result.ok) throw new Error(renderDiagnostics(result.diagnostics, result.source));
 * const model = TildeModel.create(result.artifacts, {}, 0);
 * const data = await loadDataset('mnist:train', model.dataVariables);
 * await model.fit(data, { epochs: 10 });
 * ```
 */
export { SourceFile, type Span, type Position } from './common/span.js';
export { type Diagnostic, type Severity, type RelatedNote, InternalError, UserError, hasErrors } from './common/diagnostic.js';
export { renderDiagnostic, renderDiagnostics, diagnosticToJson, type DiagnosticJson } from './common/render.js';
export { CODES, lookupCode, type CodeEntry } from './common/codes.js';
export { parseProgram, type ParseResult } from './syntax/parse.js';
export type * as ast from './syntax/ast.js';
export { checkSource, checkProgram, type CheckResult } from './check/check-program.js';
export type {
  CheckedModel,
  CheckedGuide,
  ExprInfo,
  OrderedStmt,
  BoundDistribution,
  ModelSymbol,
  DimSymbol,
  DataSymbol,
  ParamSymbol,
  NetSymbol,
  LatentSymbol,
  LetSymbol,
} from './check/checked-model.js';
export { compile, compileChecked, type CompileOptions, type CompileResult, type CompiledArtifacts } from './compile.js';
export type {
  ModelIR,
  Shape,
  Site,
  DataSite,
  LatentSite,
  ParamSite,
  NetSite,
  LetSite,
  GuideBlockIR,
  GuideSample,
  IRExpr,
  ValueInfo,
  IndexAxis,
  DistNode,
} from './ir/model-ir.js';
export { printIR } from './ir/print-ir.js';
export type { GuideIR, GuideFactor, GuideStep } from './derive/guide-ir.js';
export type { Plan, PlanSite, LatentPlan, ObservedPlan, OtherPlan, PlanOptions, PlanSampler, EstimatorName } from './derive/plan.js';
export type { DiscreteStrategy } from './derive/families.js';
export type { RewriteNote } from './derive/rewrites.js';
export { explain } from './derive/explain.js';
export { TildeModel, type FitOptions, type FitResult, type SiteArrays } from './api/tilde-model.js';
export type { PredictOptions, Predictions, SiteReadout } from './api/readouts.js';
export type { GlobalReadout, ParamReadout, Posterior } from './api/posterior.js';
export type { Classification } from './api/predict-labels.js';
export { Program, type Batch, type GuideRunOptions, type GuideTrace, type ModelTrace } from './runtime/program.js';
export type { Weights, WeightEntry, WeightOwner, NetWeights } from './runtime/weights.js';
export { selectBackend, selectBackendOn, describeBackend, WEB_HOST, type BackendHost, type BackendInfo, type SelectBackendOptions, type ThreadSupport } from './runtime/select-backend.js';
export { parseDataset, type DataFormat } from './data/parse-dataset.js';
export { mnistDataset, MNIST_FILES, MNIST_SIDE, type MnistSplit, type MnistSplitFiles } from './data/mnist-dataset.js';
export { datasetFromNamedFiles } from './data/named-dataset.js';
export { NAMED_DATASETS, NAMED_SPLITS, type NamedDatasetSpec, type NamedSplit, type SplitFiles, type DatasetLocation } from './registry/datasets.js';
export { readIdx, type IdxArray, type IdxData, type IdxType } from './data/idx.js';
export { splitDataset, sliceRows, type DatasetSplit } from './data/rows.js';
export type { Dataset, LoadOptions } from './data/dataset-types.js';
export { dataVariablesOf, type DataVariable } from './data/variables.js';
export { createDistribution } from './distributions/create.js';
export { kl, hasAnalyticKL, registerKL, analyticKLPairs, KLNotRegisteredError } from './distributions/kl.js';
export { BUILTIN_KL_PAIRS, type KLPair } from './registry/kl-pairs.js';
export type { Distribution, RelaxableDistribution, DistributionFamily, SamplerKind } from './distributions/distribution.js';
export { Rng } from './distributions/rng.js';
export { DISTRIBUTIONS, DISTRIBUTION_NAMES, type DistributionName, type DistributionSpec, type ParamSpec, type ParamConstraint, type ReparamKind } from './registry/distributions.js';
export type { DomainName, ValueDomain } from './registry/domains.js';
export { FUNCTION_NAMES, type FunctionName } from './registry/functions.js';
export type { TrainOptions } from './infer/train-options.js';
export type { EpochReport, TrainerState, StopReason } from './infer/trainer.js';
export type { Baselines } from './infer/score-function.js';
export type { DataShapes } from './infer/batches.js';
export type { LatentDiagnostics } from './infer/latent-diagnostics.js';
export type { Adam, AdamConfig } from './infer/adam.js';
export type { ElboEstimate, EvaluateOptions, LogLikelihoodEstimate } from './infer/evaluate.js';
