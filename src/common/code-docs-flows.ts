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
};
