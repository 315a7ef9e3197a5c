/**
 * The `--explain` section on loops (issue 17): each loop's range and kind — a plate (iterations
 * conditionally independent, vectorized as one more axis) or a sequence (an iteration reads an earlier
 * one) — with the reads that make it a sequence, and how each piecewise variable is assembled. A sequence
 * latent's derived guide is the structured inference network (derive/sequence-guide.ts) when it fits, and
 * otherwise the ordinary amortized guide over the whole vector, with the reason.
 */
import type { SourceFile } from '../common/span.js';
import type { ModelIR } from '../ir/model-ir.js';
import type { GuideIR } from './guide-ir.js';
import { sequenceGuideFits } from './sequence-guide.js';

/** The lines of the "Loops" section (empty when the model has no loops). */
export function loopLines(ir: ModelIR, file: SourceFile, guide?: GuideIR): string[] {
  const loops = ir.loops ?? [];
  if (loops.length === 0) return [];
  const out = ['Loops'];
  for (const l of loops) {
    const pos = file.position(l.keywordSpan.start);
    const head = `  for ${l.variable} in ${l.start}:${l.end} (${file.name}:${pos.line}:${pos.column}), defines ${l.defines.map((d) => `\`${d}\``).join(', ')}:`;
    if (l.kind === 'plate') out.push(`${head} plate — iterations conditionally independent, vectorized as one more axis (no unrolling)`);
    else {
      const reads = [...new Map(l.carried.map((c) => [`${c.name}|${c.lag}`, c])).values()].map((c) => `\`${file.slice(c.span)}\` (lag ${c.lag})`);
      out.push(`${head} sequence — iteration ${l.variable} reads ${reads.join(', ')}; log density vectorized over shifted slices, prior draws element by element`);
    }
  }
  for (const s of Object.values(ir.sites)) {
    if ((s.kind !== 'latent' && s.kind !== 'data' && s.kind !== 'let') || s.pieces === undefined) continue;
    const parts = s.pieces.map((p) => (p.loop === undefined ? `[${p.start}]` : `[${p.start}:${p.end}] by loop ${loops[p.loop]?.variable ?? '?'}`));
    out.push(`  \`${s.name}\`: ${parts.join(' + ')}`);
    if (s.kind === 'latent' && s.selfLags !== undefined) {
      const f = guide?.factors[s.name];
      if (f?.sequence !== undefined) out.push(`    guide for \`${s.name}\`: the structured inference network q(${s.name}[t] | ${s.name}[t − 1], h[t]) (below)`);
      else if (f?.origin === 'derived') {
        const fits = sequenceGuideFits(ir, s, f.family);
        const why = fits.ok ? '' : ` (${fits.why})`;
        out.push(`    guide for \`${s.name}\`: one amortized factor over the whole vector (mean-field given the data), not the structured inference network${why}`);
      }
    }
  }
  return [...out, ''];
}
