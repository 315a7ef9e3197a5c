/**
 * `--emit guide`: the complete guide as Tilde source, a `guide { … }` block that can be pasted into the
 * model. Pasting it gives the same plan (a round-trip test checks this for every example), which is what
 * makes a derived guide ejectable: start from what Tilde derived, then edit it.
 */
import { printLayer } from '../registry/networks.js';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import type { DistNode, ModelIR, NetSite, ParamSite } from '../ir/model-ir.js';
import { printDist, printExpr } from '../ir/print-expr.js';
import { printShape } from '../ir/print-ir.js';
import type { GuideIR } from './guide-ir.js';
import { printFlow } from '../flows/print-flow.js';

function netDecl(n: NetSite): string {
  return `net ${n.name}: ${printLayer(n.spec)};`;
}

function paramDecl(p: ParamSite): string {
  return `param ${p.name}: ${p.declared}${printShape(p.shape)};`;
}

function distSource(d: DistNode): string {
  const first = DISTRIBUTIONS[d.dist].parameterizations[0]?.map((p) => p.name) ?? [];
  const names = Object.keys(d.params);
  const positional = names.length === first.length && names.every((k, i) => first[i] === k);
  return printDist(d, positional);
}

/**
 * Prints the guide. `original` is the IR before safe-numerics rewrites: user-written factors are printed
 * as the user wrote them (the rewrites apply again when the block is compiled).
 */
export function emitGuide(guide: GuideIR, original: ModelIR, indent = '  '): string {
  const lines: string[] = ['guide {'];
  const block = original.guideBlock;
  const derivedNote = (z: string) => {
    const f = guide.factors[z];
    if (f?.origin !== 'derived') return undefined;
    return `${indent}// ${z}: q(${z}${f.inputs.length > 0 ? ` | ${f.inputs.join(', ')}` : ''}) — ${f.familyReason}`;
  };
  for (const n of Object.values(guide.nets)) lines.push(`${indent}${netDecl(n)}`);
  for (const p of Object.values(guide.params)) lines.push(`${indent}${paramDecl(p)}`);
  for (const step of guide.steps) {
    if (step.kind === 'let') {
      const s = block?.sites[step.name] ?? guide.lets[step.name];
      if (s?.kind === 'let') lines.push(`${indent}let ${s.name} = ${printExpr(s.value)};`);
      continue;
    }
    const f = guide.factors[step.latent];
    if (f === undefined) continue;
    const note = derivedNote(step.latent);
    if (note !== undefined) lines.push(note);
    const dist = f.origin === 'guide-block' ? (block?.samples[step.latent]?.dist ?? f.dist) : f.dist;
    // The checker asks a global latent's guide to say `global` too, so the scope reads the same in both places.
    const site = original.sites[step.latent];
    const global = site?.kind === 'latent' && site.scope === 'global' ? 'global ' : '';
    lines.push(`${indent}${global}${step.latent} ~ ${f.form === 'flow' ? printFlow(f.flow, distSource(dist)) : distSource(dist)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
