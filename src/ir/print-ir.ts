/**
 * `--emit ir`: a stable, human-readable listing of the IR — one line per site in a fixed order (nets,
 * params, data, then lets/latents/observations in dependency order, then factors), each with its shape, domain,
 * parents and source line.
 */
import { printLayer } from '../registry/networks.js';
import type { SourceFile } from '../common/span.js';
import { firstParameterization, printDist, printExpr } from './print-expr.js';
import type { DistNode, ModelIR, Site } from './model-ir.js';

/** Prints a shape as `[784]`, `[]` as nothing. */
export function printShape(shape: readonly number[]): string {
  return shape.length === 0 ? '' : `[${shape.join(', ')}]`;
}

function distText(d: DistNode): string {
  return printDist(d, firstParameterization(d));
}

function siteLine(s: Site, where: (s: Site) => string): string {
  const type = `${s.domain}${printShape(s.shape)}`;
  const parents = s.parents.length > 0 ? `  <- ${s.parents.join(', ')}` : '';
  switch (s.kind) {
    case 'net':
      return `net ${s.name}: ${printLayer(s.spec)}${where(s)}`;
    case 'param':
      return `param ${s.name}: ${type}${where(s)}`;
    case 'data':
      return s.likelihood
        ? `observed ${s.name}: ${type} ~ ${distText(s.likelihood)}${parents}${where(s)}`
        : `covariate ${s.name}: ${type}${where(s)}`;
    case 'latent':
      return `${s.scope} latent ${s.name}: ${type} ~ ${distText(s.prior)}${parents}${where(s)}`;
    case 'let':
      return `let ${s.name}: ${type} = ${printExpr(s.value)}${parents}${where(s)}`;
    case 'factor':
      return `${s.scope} factor ${s.name} += ${printExpr(s.value)}${parents}${where(s)}`;
  }
}

/** The IR as text; with `file`, each line ends with the `file:line` of its statement. */
export function printIR(ir: ModelIR, file?: SourceFile): string {
  const where = (s: Site): string => (file ? `    # ${file.name}:${file.position(s.span.start).line}` : '');
  const lines = [`model ${ir.name}`];
  const byStart = (a: Site, b: Site) => a.span.start - b.span.start;
  const all = Object.values(ir.sites);
  for (const kind of ['net', 'param'] as const) for (const s of all.filter((x) => x.kind === kind).sort(byStart)) lines.push(`  ${siteLine(s, where)}`);
  for (const s of all.filter((x) => x.kind === 'data' && x.role === 'covariate').sort(byStart)) lines.push(`  ${siteLine(s, where)}`);
  for (const n of ir.order) {
    const s = ir.sites[n];
    if (s !== undefined) lines.push(`  ${siteLine(s, where)}`);
  }
  const g = ir.guideBlock;
  if (g !== undefined) {
    lines.push('  guide block');
    for (const s of Object.values(g.sites).filter((x) => x.kind === 'net')) lines.push(`    ${siteLine(s, where)}`);
    for (const item of g.order) {
      if (item.kind === 'let') {
        const s = g.sites[item.name];
        if (s !== undefined) lines.push(`    ${siteLine(s, where)}`);
      } else {
        const smp = g.samples[item.latent];
        if (smp !== undefined) lines.push(`    ${item.latent} ~ ${distText(smp.dist)}  | ${smp.inputs.join(', ')}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
