/**
 * The `--explain` section on loops (issue 17): each loop's range and kind — a plate (iterations
 * conditionally independent, vectorized as one more axis) or a sequence (an iteration reads an earlier
 * one) — with the reads that make it a sequence, and how each piecewise variable is assembled. A sequence
 * latent's derived guide is, for now, the ordinary amortized guide over the whole vector (mean-field
 * given the data); the recurrent structured guide of issue 17 is to replace it, so the line says
 * "provisional".
 */
import type { SourceFile } from '../common/span.js';
import type { ModelIR } from '../ir/model-ir.js';

/** The lines of the "Loops" section (empty when the model has no loops). */
export function loopLines(ir: ModelIR, file: SourceFile): string[] {
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
      out.push(`    guide for \`${s.name}\` is PROVISIONAL: one amortized factor over the whole vector (mean-field given the data), not yet the recurrent structured guide q(${s.name}[t] | ${s.name}[t-1], h[t])`);
    }
  }
  return [...out, ''];
}
