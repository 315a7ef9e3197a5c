/**
 * Hovers, as Markdown: on a latent, its type, derived guide factor and plan row (sampler, KL and the
 * ELBO terms, each with its reason); on data and params, their type and plan row; on a net, its shape
 * and parameter count; on a distribution, function or domain, its registry row. Every fact is read from
 * the compiler's artifacts or the registries, never restated here.
 */
import { ARCHITECTURE_KINDS, layerRow, netParameterCount, printLayer, type LayerKind } from '../registry/networks.js';
import type { CheckedModel, ModelSymbol } from '../check/checked-model.js';
import { formatType } from '../check/type-text.js';
import type { CompiledArtifacts } from '../compile.js';
import { factorLine } from '../derive/explain.js';
import type { PlanSite } from '../derive/plan.js';
import { DISTRIBUTIONS, type DistributionName } from '../registry/distributions.js';
import { DOMAIN_DESCRIPTIONS, DOMAIN_NAMES, type DomainName } from '../registry/domains.js';
import { lookupFunction } from '../registry/functions.js';
import { analyticKLPairs } from '../registry/kl-pairs.js';
import { declarations, modelAt, wordAt, type Analysis } from './analysis.js';

/** A hover: Markdown text and the span it is about. */
export interface HoverText {
  readonly markdown: string;
  readonly span: { readonly start: number; readonly end: number };
}

const code = (s: string): string => `\`${s}\``;

/** The parameters of a chain of dense layers with these widths (a weight matrix and a bias per layer). */
export function denseParameterCount(layers: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < layers.length; i++) n += (layers[i - 1] as number) * (layers[i] as number) + (layers[i] as number);
  return n;
}

function distributionHover(name: DistributionName): string {
  const d = DISTRIBUTIONS[name];
  const forms = d.parameterizations.map((ps) => `${name}(${ps.map((p) => `${p.name}: ${p.constraint}`).join(', ')})`);
  const params = [...new Map(d.parameterizations.flat().map((p) => [p.name, p])).values()].map((p) => `- ${code(p.name)} (${p.constraint}): ${p.doc}`);
  const kl = analyticKLPairs().filter(([p, q]) => p === name || q === name).map(([p, q]) => `KL(${p} ‖ ${q})`);
  return [
    `**distribution** ${forms.map(code).join(' or ')}`,
    '',
    d.summary,
    '',
    ...params,
    '',
    `support: ${code(d.support)} — ${DOMAIN_DESCRIPTIONS[d.support]}${d.event === 'vector' ? ' (one event per vector)' : ''}`,
    '',
    `sampler: ${d.reparam === 'none' ? 'none pathwise (score function)' : d.reparam}${kl.length > 0 ? `; analytic ${kl.join(', ')}` : ''}`,
  ].join('\n');
}

function planLines(row: PlanSite | undefined, a: CompiledArtifacts): string[] {
  if (row === undefined) return [];
  if (row.kind !== 'latent') return ['', `plan: ${row.kind}, ${row.scope} — ${row.reason}`];
  const factor = a.guide.factors[row.name];
  return [
    '',
    `guide: ${factor !== undefined ? factorLine(factor) : row.guide}`,
    '',
    `- sampler: **${row.sampler}** — ${row.samplerReason}`,
    `- KL: **${row.kl}** — ${row.klReason}`,
    `- terms: ${row.terms.join(', ')}`,
    ...(row.downstream ? [`- score function Rao-Blackwellized over log p of ${row.downstream.p.join(', ')} and log q of ${row.downstream.q.join(', ')}`] : []),
  ];
}

function symbolHover(s: ModelSymbol, model: CheckedModel, a: CompiledArtifacts | undefined): string {
  const head = (() => {
    switch (s.kind) {
      case 'dim':
        return `**dim** ${code(s.name)} = ${s.value}`;
      case 'data':
        return `**data** ${code(s.name)}: ${formatType(s.domain, s.shape, s.categories)} (${s.role})`;
      case 'param':
        return `**param** ${code(s.name)}: ${formatType(s.domain, s.shape)}`;
      case 'latent':
        return `**latent** ${code(s.name)}: ${formatType(s.domain, s.shape, s.categories)} (${s.scope})`;
      case 'net':
        return [
          `**net** ${code(s.name)}: ${code(printLayer(s.spec))}`,
          '',
          `${netParameterCount(s.spec).toLocaleString('en-US')} parameters`,
        ].join('\n');
      case 'let': {
        const info = model.exprs.get(s.stmt.value);
        return `**let** ${code(s.name)}${info !== undefined ? `: ${formatType(info.domain, info.shape)}` : ''}`;
      }
    }
  })();
  const row = a?.plan.sites.find((r) => r.name === s.name);
  const missing = a === undefined && (s.kind === 'latent' || s.kind === 'data') ? ['', '(no plan: the model does not compile)'] : [];
  return [head, ...(a !== undefined ? planLines(row, a) : missing)].join('\n');
}

/** The hover at `offset`, or undefined when there is nothing to say. */
export function hoverAt(analysis: Analysis, offset: number): HoverText | undefined {
  const word = wordAt(analysis.source.text, offset);
  if (word === undefined || word.kind === 'keyword') return undefined;
  const decl = modelAt(analysis.program, offset);
  const checked = decl !== undefined ? analysis.models.find((m) => m.decl === decl || m.name === decl.name.name) : undefined;
  const symbol = checked?.symbols.get(word.text) ?? checked?.guide?.symbols.get(word.text);
  const markdown = (() => {
    if (symbol !== undefined && checked !== undefined) return symbolHover(symbol, checked, analysis.compiled.get(checked.name));
    const declared = decl !== undefined ? declarations(decl).find((d) => d.name === word.text) : undefined;
    if (declared !== undefined) return `**${declared.kind === 'sample' ? 'latent' : declared.kind}** ${code(declared.name)} (the model has errors, so no types or plan)`;
    if (Object.prototype.hasOwnProperty.call(DISTRIBUTIONS, word.text)) return distributionHover(word.text as DistributionName);
    const fn = lookupFunction(word.text);
    if (fn !== undefined) return `**function** ${code(`${fn.name}(${Array.from({ length: fn.arity }, (_, i) => `x${i + 1}`).join(', ')}${fn.variadic === true ? ', …' : ''})`)}\n\n${fn.doc}`;
    if ((DOMAIN_NAMES as readonly string[]).includes(word.text)) return `**domain** ${code(word.text)}: ${DOMAIN_DESCRIPTIONS[word.text as DomainName]}`;
    if ((ARCHITECTURE_KINDS as readonly string[]).includes(word.text)) return `**network layer** ${code(word.text)}: ${layerRow(word.text as LayerKind).doc}`;
    return undefined;
  })();
  return markdown === undefined ? undefined : { markdown, span: word.span };
}
