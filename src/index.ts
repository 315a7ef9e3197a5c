/**
 * Tilde's public API. The pipeline, in order:
 *
 * - {@link parseProgram} / {@link checkSource}: the front end (source → AST → checked models, with diagnostics);
 *   the syntax tree's node types are in the {@link ast} namespace;
 * - {@link compile}: the compiler (checked model → IR → derived guide and estimator plan), pure data;
 * - {@link TildeModel}: a compiled model with weights — `fit`, `elbo`, `logLikelihood`, `encode`,
 *   `reconstruct`, `sample`, `decode` — and its executable {@link Program};
 * - {@link loadDataset}: data for a model's declarations; {@link selectBackend}: the tfjs backend;
 * - {@link loadRun} and friends: the run directories `tilde train` writes.
 *
 * ```ts
 * import { compile, TildeModel, loadDataset, selectBackend } from 'tilde-ppl';
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
export { loadRun, readRunOptions, readMetrics, startRun, checkpointRun, appendMetrics, type RunOptions, type LoadedRun } from './api/run-dir.js';
export { writePictures, type PictureList, type CurveRow } from './api/pictures.js';
export { Program, type Batch, type GuideRunOptions, type GuideTrace, type ModelTrace } from './runtime/program.js';
export type { Weights, WeightEntry, WeightOwner, NetWeights } from './runtime/weights.js';
export { selectBackend, describeBackend, type BackendInfo, type SelectBackendOptions } from './runtime/backend.js';
export { loadDataset, splitDataset, sliceRows, type Dataset, type DataVariable, type LoadOptions, type DatasetSplit } from './data/dataset.js';
export { createDistribution } from './distributions/create.js';
export { kl, hasAnalyticKL, registerKL, analyticKLPairs, KLNotRegisteredError } from './distributions/kl.js';
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
