/**
 * Documentation of the flow codes (E0320–E0339): an explanation, a fix, and a small example that
 * triggers the code at the given position. Aggregated by `codes.ts`; each example is also a bad-corpus
 * file, `test/corpus/bad/<code>-<title>.tilde`, whose expected output is checked by the corpus test.
 */
import type { CodeDoc } from './codes.js';

/** Documentation of each flow code. */
export const FLOW_CODE_DOCS: Readonly<Record<string, CodeDoc>> = {
  E0320: {
    explanation: "A normalizing flow in a guide block is a bijector of the registry (src/registry/bijectors.ts: `Planar`, …) called with the base distribution as its one positional argument and `steps: K`, an integer constant: `z ~ Planar(Normal(loc, scale), steps: 8);`. The flow maps real vectors to real vectors, so the latent must have domain Real and the base support Real.",
    fix: "Write `Bijector(Base(…), steps: K)` with a Real base distribution and an integer number of steps.",
    at: { line: 8, column: 9 },
    example: `// E0320: a flow without its number of steps
model m {
  data x: Real;
  latent z: Real[2];
  z ~ Normal(0, I);
  x ~ Normal(sum(z), 1);
  guide {
    z ~ Planar(Normal(0, I));
  }
}
`,
  },
  E0321: {
    explanation: "A guide `~` statement must sample a latent of the model. A draw of a name the model does not have is an auxiliary variable a of a hierarchical guide q(z, a | x); its bound needs a reverse model r(a | z, x), E_q[log p(x, z) + log r(a | z, x) − log q(z, a | x)] (Agakov & Barber 2004; Ranganath, Tran & Blei 2016), which Tilde does not support: scored as a model latent it would have no log p term and the objective would be wrong.",
    fix: "Compute deterministic transforms with `let`, or give the variable a prior in the model so that it is a latent.",
    at: { line: 7, column: 5 },
    example: `// E0321: an auxiliary variable in a guide
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, 1);
  guide {
    aux ~ Normal(0, 1);
    z ~ Normal(x + aux, 1);
  }
}
`,
  },
};
