/** Compile options that change the derived guide or the plan: encoder widths, discrete strategy, KL mode. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { compileFile } from '../helpers/compile.js';

describe('compile options', () => {
  it('--encoder-hidden overrides the mirrored widths of every derived encoder', () => {
    const a = compileFile('examples/vae.tilde', { encoderHidden: [512, 256] });
    expect(a.guide.factors['z']?.encoder?.layers).toEqual([784, 512, 256, 40]);
    expect(a.guideSource).toContain('net encoder_z: MLP(784 -> 512 -> 256 -> 40, hidden = relu);');
    const linear = compileFile('examples/vae.tilde', { encoderHidden: [] });
    expect(linear.guide.factors['z']?.encoder?.layers).toEqual([784, 40]);
  });

  it('--discrete chooses enumeration (the default, within the bounds), relaxed (Gumbel-softmax) or the score function for categorical latents', () => {
    const auto = compileFile('examples/vae-categorical.tilde');
    expect(auto.plan.sites.find((s) => s.name === 'c')).toMatchObject({ sampler: 'enumerate', values: 10, kl: 'analytic' });
    const relaxed = compileFile('examples/vae-categorical.tilde', { discrete: 'relaxed' });
    expect(relaxed.plan.sites.find((s) => s.name === 'c')).toMatchObject({ sampler: 'relaxed', kl: 'analytic' });
    const score = compileFile('examples/vae-categorical.tilde', { discrete: 'score-function' });
    const row = score.plan.sites.find((s) => s.name === 'c');
    expect(row).toMatchObject({ sampler: 'score-function', kl: 'analytic' });
    expect(row && 'downstream' in row ? row.downstream : undefined).toEqual({ p: ['c', 'x'], q: ['c'] });
  });

  it('--kl mc makes every KL Monte Carlo; --kl analytic is an error where no closed form applies (E0904)', () => {
    const mc = compileFile('examples/vae.tilde', { kl: 'mc' });
    expect(mc.plan.sites.find((s) => s.name === 'z')).toMatchObject({ kl: 'mc' });
    const text = 'model m { data x: Real; z ~ Gumbel(0, 1); x ~ Normal(z, 1); }';
    const r = compile(text, { kl: 'analytic' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain('E0904');
  });

  it('the estimator shapes the plan: IWAE and STL need sampled log q, so every KL is Monte Carlo', () => {
    for (const estimator of ['iwae', 'stl'] as const) {
      const a = compileFile('examples/vae.tilde', { estimator });
      expect(a.plan.sites.find((s) => s.name === 'z')).toMatchObject({ kl: 'mc' });
    }
  });
});
