/**
 * `tilde compile --explain`: the derivation and the plan in words — the guide's factorization with the
 * inversion rule that produced it, each encoder's architecture, the per-site table (family, sampler, KL,
 * inputs) with one reason per choice, the ELBO terms, every safe-numerics rewrite with its location, and
 * every net's parameter count and bytes against the weight budget.
 */
import { flowSummary } from '../flows/plan-flow.js';
import type { SourceFile } from '../common/span.js';
import type { CompiledArtifacts } from '../compile.js';
import type { GuideFactor } from './guide-ir.js';
import type { LatentPlan, PlanSite } from './plan.js';
import { DEFAULT_MAX_WEIGHT_BYTES, formatBytes, measureWeights } from './weight-budget.js';
import { ESTIMATORS } from '../registry/estimators.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(widths[j] ?? 0))).join('  ').trimEnd());
}

/** One line of the guide's factorization: `q(z | x) = Normal, encoder `enc`: 784 → 400 → (loc 20, scale 20)`. */
export function factorLine(f: GuideFactor): string {
  const q = `q(${f.latent}${f.inputs.length > 0 ? ` | ${f.inputs.join(', ')}` : ''})`;
  const dropped = f.dropped.length > 0 ? `; ignores ${f.dropped.join(', ')} (independent given ${f.inputs.join(', ') || 'nothing'})` : '';
  const then = f.form === 'flow' ? `, then ${flowSummary(f.latent, f.flow).steps}` : '';
  if (f.origin === 'guide-block') return `${q} = ${f.family}${then}, written in the guide block`;
  if (f.encoder === undefined) return `${q} = ${f.family}${then} with free variational parameters (not amortized: one set for the whole data set)${dropped}`;
  const e = f.encoder;
  const heads = e.heads.map((h) => `${h.param} ${h.width}`).join(', ');
  const hidden = e.layers.slice(1, -1);
  const arch = e.body !== undefined ? `${e.body} → Linear → (${heads})` : [String(e.layers[0]), ...hidden.map(String), `(${heads})`].join(' → ');
  const mirror = e.mirrors !== undefined ? `, mirroring \`${e.mirrors}\`` : hidden.length === 0 ? ', linear (no net on the path to the data)' : '';
  return `${q} = ${f.family}${then}, encoder \`${e.net}\`: ${arch}${mirror}${dropped}`;
}

function planRow(r: PlanSite): string[] {
  if (r.kind === 'latent') return [r.name, r.kind, r.scope, r.prior, r.guide, r.sampler, r.kl, r.inputs.join(', ') || '—'];
  if (r.kind === 'observed') return [r.name, r.kind, r.scope, r.likelihood, '—', '—', '—', '—'];
  if (r.kind === 'factor') return [r.name, r.kind, r.scope, '—', '—', '—', '—', '—'];
  return [r.name, r.kind, r.scope, '—', '—', '—', '—', '—'];
}

/** The weights section: every net's and param's parameter count and bytes, the total and the budget. */
function weightLines(a: CompiledArtifacts, maxWeightBytes: number): string[] {
  const sizes = measureWeights(a.rewrittenIR, a.guide);
  const total = sizes.reduce((x, s) => x + s.bytes, 0);
  const out = ['', `Weights (float32): ${sizes.reduce((x, s) => x + s.parameters, 0).toLocaleString('en-US')} parameters, ${formatBytes(total)}; budget ${formatBytes(maxWeightBytes)} (--max-weight-memory)`];
  if (sizes.length === 0) return [...out, '  none'];
  const rows = [['part', 'owner', 'layers', 'parameters', 'bytes'], ...sizes.map((s) => [s.what, s.owner, s.layers ?? `[${s.kind}]`, s.parameters.toLocaleString('en-US'), s.bytes.toLocaleString('en-US')])];
  return [...out, ...table(rows).map((l) => `  ${l}`)];
}

/** The `--explain` text of compiled artifacts (with the weight budget they were compiled under). */
export function explain(a: CompiledArtifacts, file: SourceFile, maxWeightBytes = DEFAULT_MAX_WEIGHT_BYTES): string {
  const plan = a.plan;
  const out: string[] = [`model ${plan.model} (${file.name})`, ''];
  out.push('Guide, by faithful inversion: globals first (not amortized), then local latents in reverse dependency');
  out.push('order, each conditioned on the fewest data and earlier draws that separate it from everything else known.');
  for (const z of a.guide.order) {
    const f = a.guide.factors[z];
    if (f !== undefined) out.push(`  ${factorLine(f)}`);
  }
  out.push('', `Estimator plan (estimator ${plan.options.estimator}, KL ${plan.options.kl}, discrete latents ${plan.options.discrete})`);
  const rows = [['site', 'kind', 'scope', 'prior', 'guide', 'sampler', 'KL', 'inputs'], ...plan.sites.map(planRow)];
  for (const line of table(rows)) out.push(`  ${line}`);
  out.push('', 'Why');
  for (const r of plan.sites) {
    if (r.kind !== 'latent') {
      out.push(`  ${r.name}: ${r.reason}`);
      continue;
    }
    const l = r as LatentPlan;
    out.push(`  ${l.name}: family   ${a.guide.factors[l.name]?.familyReason ?? l.reason}`);
    out.push(`  ${' '.repeat(l.name.length)}  sampler  ${l.samplerReason}`);
    out.push(`  ${' '.repeat(l.name.length)}  KL       ${l.klReason}`);
    if (l.flow !== undefined) out.push(`  ${' '.repeat(l.name.length)}  flow     ${l.flow.steps} after the base, ${l.flow.weights} learned weights (${l.flow.names}); ${l.flow.papers.join('; ')}`);
    out.push(`  ${' '.repeat(l.name.length)}  terms    ${l.terms.join(', ')}`);
    if (l.downstream && ESTIMATORS[plan.options.estimator].scoreFunction === 'moving-average') out.push(`  ${' '.repeat(l.name.length)}  score    Rao-Blackwellized over log p of ${l.downstream.p.join(', ')} and log q of ${l.downstream.q.join(', ')}`);
  }
  out.push('', 'Safe-numerics rewrites');
  if (plan.rewrites.length === 0) out.push('  none');
  for (const rw of plan.rewrites) {
    const pos = file.position(rw.span.start);
    out.push(`  ${rw.rule} (${rw.site}, ${file.name}:${pos.line}:${pos.column}): ${rw.before} → ${rw.after}`);
  }
  out.push(...weightLines(a, maxWeightBytes));
  return `${out.join('\n')}\n`;
}
