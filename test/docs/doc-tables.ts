/**
 * The reference tables of docs/language.md, generated from the registries (`src/registry/`). The docs
 * test compares each generated table with the text between its markers in docs/language.md
 * (`<!-- BEGIN GENERATED: name -->` … `<!-- END GENERATED: name -->`), so the reference cannot drift
 * from the tables the checker and runtime read. To refresh them, run
 * `npx tsx test/docs/write-doc-tables.ts`.
 */
import { boundsOf, DISTRIBUTION_NAMES, DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { DOMAIN_DESCRIPTIONS, DOMAIN_NAMES, type ValueDomain } from '../../src/registry/domains.js';
import { FUNCTION_NAMES, FUNCTIONS, HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS } from '../../src/registry/functions.js';
import { ARCHITECTURE_KINDS, layerRow, type LayerKind } from '../../src/registry/networks.js';

const row = (cells: readonly string[]): string => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** Distributions: parameters with constraints, support, event structure and sampler. */
export function distributionTable(): string {
  return table(
    ['Distribution', 'Parameters (constraint)', 'Support', 'Event', 'Pathwise sampler', 'Summary'],
    DISTRIBUTION_NAMES.map((n) => {
      const d = DISTRIBUTIONS[n];
      const params = d.parameterizations.map((ps) => `\`${n}(${ps.map((p) => `${p.name}: ${p.constraint}`).join(', ')})\``).join(' or ');
      const between = d.boundedBy ? `between \`${d.boundedBy[0]}\` and \`${d.boundedBy[1]}\`` : '';
      const alwaysBounded = d.boundedBy !== undefined && boundsOf(d, (d.parameterizations[0] ?? []).map((p) => p.name)) !== undefined;
      const support = d.boundedBy === undefined ? d.support : alwaysBounded ? `${d.support} (${between})` : `${d.support}, or ${between} when they are given`;
      return [`\`${n}\``, params, support, d.event, d.reparam, d.summary];
    }),
  );
}

/** Domains a declaration may name, with their meaning. */
export function domainTable(): string {
  const extra: ValueDomain[] = ['NonNegative', 'UnitInterval'];
  return table(
    ['Domain', 'Values', 'Written in declarations'],
    [...DOMAIN_NAMES, ...extra].map((d) => [`\`${d}\``, DOMAIN_DESCRIPTIONS[d], (DOMAIN_NAMES as readonly string[]).includes(d) ? 'yes' : 'no (inferred only)']),
  );
}

/** Built-in functions: arity, shape rule and argument domain. */
export function functionTable(): string {
  return table(
    ['Function', 'Arguments', 'Shape rule', 'Argument should be', 'Description'],
    FUNCTION_NAMES.map((n) => {
      const f = FUNCTIONS[n];
      return [`\`${n}\``, f.variadic ? `${f.arity} or more` : String(f.arity), f.shape, f.argDomain ?? 'any', f.doc];
    }),
  );
}

/** Network activations: hidden ones, and output ones with the domain they give. */
export function activationTable(): string {
  return table(
    ['Option', 'Activation', 'Output domain'],
    [
      ...HIDDEN_ACTIVATIONS.map((a) => ['`hidden`', `\`${a}\``, '—']),
      ...Object.entries(OUTPUT_ACTIVATIONS).map(([a, d]) => ['`out`', `\`${a}\``, d]),
    ],
  );
}

/** Network layers: arguments, options with defaults, shape rule, weights and mirror, from the network registry. */
export function layerTable(): string {
  const args = (k: LayerKind): string => {
    const p = layerRow(k).positional;
    return p.form === 'chain' ? (p.max === 2 ? '`in -> out`' : '`in -> … -> out`') : p.form === 'sizes' ? '`d1, d2, …`' : p.form === 'layers' ? 'layers' : '—';
  };
  const options = (k: LayerKind): string =>
    Object.entries(layerRow(k).options).map(([n, o]) => `\`${n}\`${o.default === undefined ? ' (required)' : ` = ${o.default}`}${o.choices !== undefined ? ` (${o.choices.join(' or ')})` : ''}`).join(', ') || '—';
  return table(
    ['Layer', 'Arguments', 'Options', 'Maps over leading axes of', 'Weights', 'Derived encoder uses', 'Description'],
    ARCHITECTURE_KINDS.map((k) => {
      const row = layerRow(k);
      const rank = row.inRank !== undefined ? ['', 'vectors', 'sequences [T, in]', 'images [C, H, W]'][row.inRank({ kind: k, sizes: [], options: {} })] ?? '' : k === 'MLP' ? 'vectors' : '—';
      const weights = row.weights !== undefined ? (k === 'GRU' ? '`wIh`, `wHh`, `bIh`, `bHh`' : k === 'MADE' ? '`W0`, `b0`, … (masked), `C` (context)' : '`W`, `b`') : row.expand !== undefined ? 'its layers\'' : '—';
      const mirror = { Linear: 'Linear, reversed', Conv2d: 'ConvTranspose2d, channels reversed', ConvTranspose2d: 'Conv2d, channels reversed', Reshape: 'Flatten', Flatten: 'Reshape' }[k as string] ?? (row.expand !== undefined ? 'its layers\' mirrors' : 'no mirror (a dense encoder)');
      return [`\`${k}\``, args(k), options(k), rank, weights, mirror, row.doc];
    }),
  );
}

/** Every generated table by marker name. */
export const GENERATED_TABLES: Readonly<Record<string, () => string>> = {
  distributions: distributionTable,
  domains: domainTable,
  functions: functionTable,
  activations: activationTable,
  layers: layerTable,
};

/** Replaces the text between each table's markers in `doc` with the generated table. */
export function fillTables(doc: string): string {
  let out = doc;
  for (const [name, make] of Object.entries(GENERATED_TABLES)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`docs/language.md lacks the markers for the ${name} table`);
    out = `${out.slice(0, i + begin.length)}\n${make()}\n${out.slice(j)}`;
  }
  return out;
}
