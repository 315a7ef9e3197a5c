import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/common/span.js';
import { parseProgram } from '../../src/syntax/parse.js';

describe('parseProgram (smoke)', () => {
  it('parses the VAE example without diagnostics', () => {
    const src = `model vae {
  dim Z = 20;
  data x: Binary[784];
  net decoder: MLP(Z -> 400 -> 784, hidden = relu, out = sigmoid);
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
}
`;
    const r = parseProgram(new SourceFile('vae.tilde', src));
    expect(r.diagnostics).toEqual([]);
    expect(r.program.models.map((m) => m.name.name)).toEqual(['vae']);
    expect(r.program.models[0]?.body.map((s) => s.kind)).toEqual(['dim', 'data', 'net', 'sample', 'sample']);
  });
});
