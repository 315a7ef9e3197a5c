/**
 * For every model of examples/ and the good corpus: the estimator plan (a snapshot of `--emit plan --json`
 * and the explanation), and the ejectable guide's round trip — pasting `--emit guide` into the model gives
 * the same plan.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { explain } from '../../src/derive/explain.js';
import type { PlanSite } from '../../src/derive/plan.js';
import { corpusModels, withGuide } from '../helpers/corpus.js';

/** Models expected not to compile, with the code they must fail with (none at present). */
const EXPECTED_FAILURES = new Map<string, string>([]);

/** The plan without the prose (`reason`, `samplerReason`, `klReason`, which name where a choice came from). */
function structure(sites: readonly PlanSite[]): unknown[] {
  return sites.map((s) => {
    const { reason: _r, ...rest } = s as PlanSite & { samplerReason?: string; klReason?: string; origin?: string };
    const { samplerReason: _s, klReason: _k, origin: _o, ...core } = rest as Record<string, unknown>;
    return core;
  });
}

describe.each(corpusModels())('$file model $model', ({ file, model, text }) => {
  const key = `${file}#${model}`;
  const result = compile(text, { fileName: file, model });

  if (EXPECTED_FAILURES.has(key)) {
    it('still fails to compile with the expected code', () => {
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.code)).toContain(EXPECTED_FAILURES.get(key));
    });
    return;
  }

  it('compiles', () => {
    expect(result.ok, result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toBe(true);
  });
  if (!result.ok) return;
  const a = result.artifacts;

  it('has the snapshot plan', () => {
    expect({ model: a.plan.model, sites: a.plan.sites }).toMatchSnapshot();
    expect(explain(a, a.source)).toMatchSnapshot();
  });

  it('round-trips its ejected guide: pasting --emit guide into the model gives the same plan', () => {
    const pasted = withGuide(text, model, a.guideSource);
    const again = compile(pasted, { fileName: `${file} + ejected guide`, model });
    expect(again.ok, again.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toBe(true);
    if (!again.ok) return;
    expect(structure(again.artifacts.plan.sites)).toEqual(structure(a.plan.sites));
    // A sequence latent's structured network cannot be written in a guide block yet: the ejected block
    // says so in a comment and leaves it to be derived again, as the same network.
    const structured = (z: string) => a.guide.factors[z]?.sequence !== undefined;
    const latents = again.artifacts.plan.sites.filter((s) => s.kind === 'latent');
    expect(latents.every((s) => 'origin' in s && s.origin === (structured(s.name) ? 'derived' : 'guide-block'))).toBe(true);
    for (const s of latents.filter((l) => structured(l.name))) {
      expect(a.guideSource).toContain(`// ${s.name}: derived structured inference network`);
      expect(again.artifacts.guide.factors[s.name]?.sequence).toEqual(a.guide.factors[s.name]?.sequence);
    }
    // Ejecting again gives the same text: the guide is a fixed point of eject ∘ paste.
    expect(again.artifacts.guideSource.replace(/^ *\/\/.*\n/gm, '')).toBe(a.guideSource.replace(/^ *\/\/.*\n/gm, ''));
  });
});
