/**
 * Derived flow and full-covariance guides eject as Tilde (`--emit guide`) and round-trip: pasting the
 * emitted guide block into the model compiles to the same plan (flow steps and weight counts included),
 * emits the same text again, and creates the same weights under the same names (`flow/<latent>/<step>/<weight>`),
 * so a checkpoint of one loads into the other. A flow written in a guide block runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { compile } from '../../src/compile.js';
import type { PlanSite } from '../../src/derive/plan.js';
import { parseGuideFamily, type GuideFamilyOption } from '../../src/flows/guide-family.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { withGuide } from '../helpers/corpus.js';
import { scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const SOURCE = 'model lg {\n  data x: Real;\n  latent z: Real[2];\n  latent g: Real[3];\n  global g ~ Normal(0, I);\n  z ~ Normal(0, I);\n  x ~ Normal(sum(z) + sum(g), 1);\n}\n';

function structure(sites: readonly PlanSite[]): unknown[] {
  return sites.map((s) => {
    const { reason: _r, samplerReason: _s, klReason: _k, origin: _o, ...core } = s as PlanSite & Record<string, unknown>;
    return core;
  });
}

describe.each(['planar:3', 'mvn', 'z=planar:2,g=mvn', 'g=planar:4', 'iaf:2', 'z=iaf:3,g=planar:2'])('--guide-family %s', (text) => {
  it('round-trips its ejected guide, with the same weights under the same names', () => {
    const opts = { guideFamily: parseGuideFamily(text) as GuideFamilyOption };
    const a = compileOk(SOURCE, opts);
    const pasted = withGuide(SOURCE, 'lg', a.guideSource);
    const again = compile(pasted, { fileName: 'ejected' });
    expect(again.ok, again.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n') + `\n${pasted}`).toBe(true);
    if (!again.ok) return;
    expect(structure(again.artifacts.plan.sites)).toEqual(structure(a.plan.sites));
    expect(again.artifacts.guideSource.replace(/^ *\/\/.*\n/gm, '')).toBe(a.guideSource.replace(/^ *\/\/.*\n/gm, ''));
    const m1 = TildeModel.create(a, opts, 0);
    const m2 = TildeModel.create(again.artifacts, {}, 0);
    const shapes = (m: TildeModel) => Object.fromEntries(Object.entries(m.namedWeights()).map(([k, t]) => [k, t.shape]));
    expect(shapes(m2)).toEqual(shapes(m1));
    m1.dispose();
    m2.dispose();
  });
});

describe('a flow written in a guide block', () => {
  it('trains, and its weights are saved as flow/<latent>/<step>/<weight>', async () => {
    const src = SOURCE.replace(/}\n$/, '  guide {\n    net enc: MLP(1 -> 8 -> 4);\n    let h = enc(x);\n    z ~ Planar(Normal(h[0:2], softplus(h[2:4])), steps: 2);\n    global g ~ Normal(0, I);\n  }\n}\n');
    const a = compileOk(src);
    expect(a.plan.sites.find((s) => s.name === 'z')).toMatchObject({ kl: 'mc', flow: { count: 2 } });
    const m = TildeModel.create(a, {}, 0);
    const data = scalarDataset({ x: Float32Array.from([0.5, -1, 2, 0.1]) });
    const r = await m.fit(data, { epochs: 3, batchSize: 4, lr: 0.01, seed: 1 });
    expect(Number.isFinite(m.elbo(data, { samples: 2 }).elbo)).toBe(true);
    expect(Object.keys(m.namedWeights()).filter((k) => k.startsWith('flow/')).sort()).toEqual(['flow/z/1/b', 'flow/z/1/u', 'flow/z/1/w', 'flow/z/2/b', 'flow/z/2/u', 'flow/z/2/w']);
    void r;
    m.dispose();
  });
});
