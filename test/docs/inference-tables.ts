/**
 * The generated tables of docs/inference.md: the estimator table, from `ESTIMATORS`
 * (src/registry/estimators.ts), and the per-site plan of every example under the default estimator, from
 * compiling examples/*.tilde (what `tilde compile --explain` prints). The docs test compares each with
 * the text between its markers (`<!-- BEGIN GENERATED: name -->` … `<!-- END GENERATED: name -->`); to
 * refresh them, run `npx tsx test/docs/write-inference-tables.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/compile.js';
import type { LatentPlan } from '../../src/derive/plan.js';
import { ESTIMATOR_NAMES, ESTIMATORS } from '../../src/registry/estimators.js';

const row = (cells: readonly string[]): string => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

const NEEDS = { any: 'any latent', local: 'local latents', 'pathwise-local': 'local, pathwise latents' } as const;

/** One row per estimator, every column of the table. */
export function estimatorTable(): string {
  return table(
    ['estimator', 'paper', 'draws', 'global draws', 'KL may be analytic', "log q's parameters stopped", 'bound', 'loss', 'β / free bits', 'needs', 'discrete latents', 'score-function signal', 'pathwise samples', 'enumerates'],
    ESTIMATOR_NAMES.map((n) => {
      const e = ESTIMATORS[n];
      return [
        `\`${n}\``, e.paper, `\`--${e.draws}\`${e.minDraws > 1 ? ` (≥ ${e.minDraws})` : ''}`, e.globalDraws === 'one' ? 'one per step' : 'one per sample',
        e.analyticKL === true ? 'yes' : 'no', e.stopLogQParams ? 'yes' : 'no', e.bound === 'IWAE' ? 'IWAE-K' : e.bound,
        e.loss === 'split' ? 'model and guide losses' : 'one scalar', e.klWeighting ? 'yes' : 'no', NEEDS[e.needs],
        e.discrete === 'exact' ? 'exact' : 'as `--discrete`', e.scoreFunction, e.pathwise ? 'yes' : 'no', e.enumerates ? 'yes' : 'no',
      ];
    }),
  );
}

/** Every latent of every example: its guide, gradient estimator and KL choice, with the plan's reasons. */
export function exampleSitesTable(root: string): string {
  const dir = join(root, 'examples');
  const rows: string[][] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.tilde')).sort()) {
    const r = compile(readFileSync(join(dir, f), 'utf8'), { fileName: `examples/${f}` });
    if (!r.ok) throw new Error(`examples/${f} does not compile`);
    for (const s of r.artifacts.plan.sites.filter((x): x is LatentPlan => x.kind === 'latent')) {
      rows.push([`\`${f}\``, `\`${s.name}\``, s.scope, `${s.prior} → ${s.guide}`, s.sampler, s.kl, `${s.samplerReason}; ${s.klReason}`]);
    }
  }
  return table(['example', 'latent', 'scope', 'prior → guide', 'gradient', 'KL', 'why'], rows);
}

/** The doc with every generated section refreshed. */
export function fillInferenceTables(doc: string, root: string): string {
  const generated: Record<string, () => string> = { estimators: estimatorTable, 'example-sites': () => exampleSitesTable(root) };
  let out = doc;
  for (const [name, make] of Object.entries(generated)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`docs/inference.md lacks the markers for the ${name} table`);
    out = `${out.slice(0, i + begin.length)}\n${make()}\n${out.slice(j)}`;
  }
  return out;
}
