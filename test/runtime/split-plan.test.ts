import { describe, expect, it } from 'vitest';
import { planSplits } from '../../src/runtime/split-plan.js';
import { compileOk } from '../helpers/compile.js';

describe('planSplits', () => {
  it('splits a derived encoder output read as loc and scale halves', () => {
    const a = compileOk('model m { data x: Real[4]; z ~ Normal(0, I); latent z: Real[3]; x ~ Normal(sum(z), 1); }');
    const plans = planSplits(a.rewrittenIR, a.guide);
    expect(plans.get('enc_z')?.sizes).toEqual([3, 3]);
  });

  it('leaves alone a let whose slices overlap, leave gaps, or that is also read whole', () => {
    const gap = compileOk(`model m { data x: Real[4]; latent z: Real[2]; z ~ Normal(0, I); x ~ Normal(sum(z), 1);
      guide { net e: Linear(4 -> 6); let h = e(x); z ~ Normal(h[0:2], softplus(h[3:5])); } }`);
    expect(planSplits(gap.rewrittenIR, gap.guide).has('h')).toBe(false);
    const whole = compileOk(`model m { data x: Real[4]; latent z: Real[2]; z ~ Normal(0, I); x ~ Normal(sum(z), 1);
      guide { net e: Linear(4 -> 4); let h = e(x); z ~ Normal(h[0:2] + sum(h), softplus(h[2:4])); } }`);
    expect(planSplits(whole.rewrittenIR, whole.guide).has('h')).toBe(false);
    const exact = compileOk(`model m { data x: Real[4]; latent z: Real[2]; z ~ Normal(0, I); x ~ Normal(sum(z), 1);
      guide { net e: Linear(4 -> 4); let h = e(x); z ~ Normal(h[0:2], softplus(h[2:4])); } }`);
    expect(planSplits(exact.rewrittenIR, exact.guide).get('h')?.sizes).toEqual([2, 2]);
  });
});
