/**
 * Documentation of the derive-stage codes (E09xx; their explanations live with their constructors in
 * `src/derive/derive-messages.ts`): a fix and an example, for models the
 * checker accepts but Tilde cannot compile. `tilde check` runs these stages too (`checkThroughPlan` in
 * `src/compile.ts`), so each example is a bad-corpus file, `test/corpus/bad/<code>-<title>.tilde`, like
 * the front end's; E0904 needs a flag (`--kl analytic`), given in its `options`.
 */
import type { SyntaxCodeDoc } from './codes.js';

/** Documentation of each derive-stage code. */
export const DERIVE_CODE_DOCS: Readonly<Record<string, SyntaxCodeDoc>> = {
  E0901: {
    fix: "Write that latent's guide in a `guide { … }` block (for a Multinomial, a Multinomial with the same `total_count`).",
    at: { line: 5, column: 3 },
    example: `// E0901: a latent whose support no derived guide family covers
model m {
  data x: Real[3];
  param p: Simplex[3];
  z ~ Multinomial(5, p);
  x ~ Normal(z, 1);
}
`,
  },
  E0902: {
    fix: "Write that latent's guide in a `guide { … }` block, or declare the latent as a vector and reshape where it is used.",
    at: { line: 5, column: 3 },
    example: `// E0902: a matrix-valued latent
model m {
  data x: Real[3];
  latent z: Real[2, 3];
  z ~ Normal(0, 1);
  x ~ Normal(z[0], 1);
}
`,
  },
  E0288: {
    fix: "Make the first layer of `encoder_<latent>` take the derived encoder's input (its shape is in the message; `tilde compile --emit guide` without the net shows the derived encoder), or sample the latent in the guide block.",
    at: { line: 8, column: 9 },
    example: `// E0288: an encoder override whose first layer does not take the derived encoder's input (x: [16])
model m {
  data x: Binary[16];
  net decoder: MLP(2 -> 32 -> 16, out = sigmoid);
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
  guide {
    net encoder_z: Sequential(Linear(15 -> 8), tanh);
  }
}
`,
  },
  E0904: {
    fix: "Use `--kl auto` (the default), which uses the closed form where there is one and Monte Carlo elsewhere.",
    at: { line: 4, column: 3 },
    options: { kl: 'analytic' },
    example: `// E0904: --kl analytic with a latent that has no closed-form KL (output of \`tilde compile --kl analytic\`)
model m {
  data x: Real;
  z ~ StudentT(3, 0, 1);
  x ~ Normal(z, 1);
}
`,
  },
  E0905: {
    fix: "Use smaller layers or latents, or raise the budget with `--max-weight-memory` if the machine has the memory.",
    at: { line: 4, column: 9 },
    example: `// E0905: a param far larger than the weight budget
model m {
  data x: Real[1000];
  param w: Real[100000, 1000];
  x ~ Normal(w[0], 1);
}
`,
  },
};
