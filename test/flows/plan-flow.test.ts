/** The plan's view of flows: summaries from the registry, and the refusal of stopped-log-q estimators on flows without an inverse. */
import { describe, expect, it } from 'vitest';
import { repeatSteps } from '../../src/flows/flow-ir.js';
import { flowMisfit, flowSummary } from '../../src/flows/plan-flow.js';

describe('flow plan rows', () => {
  it('count steps and weights from the registry', () => {
    const s = flowSummary('z', { steps: repeatSteps('Planar', 5), eventSize: 3 });
    expect(s).toMatchObject({ count: 5, weights: 5 * (3 + 3 + 1), steps: '5 × Planar on 3 values', names: 'flow/z/<1…5>/{u, w, b}', withoutInverse: [] });
  });

  it('refuse an estimator that stops log q only when a step has no inverse', () => {
    const planar = flowSummary('z', { steps: repeatSteps('Planar', 2), eventSize: 2 });
    const plan = (withoutInverse: string[]) => ({ sites: [{ kind: 'latent', name: 'z', flow: { ...planar, withoutInverse } }] });
    expect(flowMisfit(plan([]), true, 'stl')).toBeUndefined();
    expect(flowMisfit(plan(['NoInverse']), false, 'elbo')).toBeUndefined();
    expect(flowMisfit(plan(['NoInverse']), true, 'stl')).toMatch(/`z` \(NoInverse\) has none; use --estimator elbo or iwae/);
  });
});
