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

/** Every generated table by marker name. */
export const GENERATED_TABLES: Readonly<Record<string, () => string>> = {
  distributions: distributionTable,
  domains: domainTable,
  functions: functionTable,
  activations: activationTable,
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
