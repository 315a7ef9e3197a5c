/**
 * Documentation of the loop codes (E0300–E0310, issue 17): an explanation, a fix, and a small example that
 * triggers the code at the given position. Aggregated by `codes.ts`; each example is also a bad-corpus
 * file, `test/corpus/bad/<code>-<title>.tilde`, whose expected output is checked by the corpus test.
 */
import type { CodeDoc } from './codes.js';

/** Documentation of each loop code. */
export const LOOP_CODE_DOCS: Readonly<Record<string, CodeDoc>> = {
  E0300: {
    explanation: 'A variable may be defined element by element (`z[0] ~ …` outside a loop, `z[t] ~ …` inside one), but each element exactly once: two definitions of one element would give it two distributions.',
    fix: 'Make the loop ranges and the single-element statements disjoint (e.g. `for t in 1:T` when `z[0]` is defined outside).',
    at: { line: 6, column: 18 },
    example: `// E0300: z[0] is defined outside the loop and by its first iteration
model m {
  dim T = 5;
  latent z: Real[T];
  z[0] ~ Normal(0, 1);
  for t in 0:T { z[t] ~ Normal(0, 1); }
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(z[t], 1); }
}
`,
  },
  E0301: {
    explanation: 'A variable defined element by element must have every element defined: its declared length says how many there are, and the definitions must cover 0 to length − 1.',
    fix: 'Define the missing elements (`z[0] ~ …;`) or widen a loop range.',
    at: { line: 5, column: 18 },
    example: `// E0301: z[0] is never defined
model m {
  dim T = 5;
  latent z: Real[T];
  for t in 1:T { z[t] ~ Normal(z[t - 1], 1); }
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(z[t], 1); }
}
`,
  },
  E0302: {
    explanation: 'A variable defined by several pieces (an element outside a loop, a loop over the rest) has no whole-variable statement to give its shape, so a declaration must: `latent z: Real[T];`.',
    fix: 'Declare the variable with its shape.',
    at: { line: 4, column: 3 },
    example: `// E0302: z is defined piecewise but never declared
model m {
  dim T = 5;
  z[0] ~ Normal(0, 1);
  for t in 1:T { z[t] ~ Normal(z[t - 1], 1); }
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(z[t], 1); }
}
`,
  },
  E0303: {
    explanation: 'An index `v[t + c]` in `for t in a:b` reads elements a + c to b − 1 + c, which must lie inside the variable\'s leading axis (0 to length − 1). The message names the first iteration that leaves it.',
    fix: 'Shrink the loop range or shift the index.',
    at: { line: 6, column: 32 },
    example: `// E0303: z[t + 1] reads z[5] when t = 4
model m {
  dim T = 5;
  latent z: Real[T];
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(z[t + 1], 1); }
  for t in 0:T { z[t] ~ Normal(0, 1); }
}
`,
  },
  E0304: {
    explanation: 'Inside a loop, an iteration may read elements that earlier iterations (or statements outside the loop) define, never its own element nor a later one: `z[t] ~ Normal(z[t + 1], 1)` would make z[t] depend on itself through z[t + 1].',
    fix: 'Read an earlier element (`z[t - 1]`) and define the first element(s) outside the loop.',
    at: { line: 6, column: 32 },
    example: `// E0304: z[t] reads z[t + 1], which a later iteration defines
model m {
  dim T = 5;
  latent z: Real[T];
  z[4] ~ Normal(0, 1);
  for t in 0:4 { z[t] ~ Normal(z[t + 1], 1); }
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(z[t], 1); }
}
`,
  },
  E0305: {
    explanation: 'A loop `for t in a:b` runs t over the half-open range a, a + 1, …, b − 1; a and b are integer size expressions (literals, dims, `+ - *`) and the range may not be empty.',
    fix: 'Write constant integer bounds with a < b.',
    at: { line: 5, column: 12 },
    example: `// E0305: an empty loop range
model m {
  dim T = 5;
  data x: Real[T];
  for t in T:0 { x[t] ~ Normal(0, 1); }
}
`,
  },
  E0306: {
    explanation: 'The loop variable is an index, not a value: it may appear only as the first index of a variable, as `t`, `t + c` or `t - c` with c a constant (the loop is vectorized by turning these reads into slices), and its name may not shadow a model name.',
    fix: 'Index a variable with it (`w[t]`); to use the position as a number, declare it as data.',
    at: { line: 5, column: 32 },
    example: `// E0306: the loop variable used as a number
model m {
  dim T = 5;
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(t, 1); }
}
`,
  },
  E0307: {
    explanation: 'A loop body holds `~` and `let` statements that define elements of a variable (`z[t] ~ …;`, `let h[t] = …;`). Declarations, `factor` statements, guide blocks, nested loops and whole-variable statements stand outside loops.',
    fix: 'Move the statement out of the loop, or index its target by the loop variable.',
    at: { line: 5, column: 18 },
    example: `// E0307: a declaration inside a loop
model m {
  dim T = 5;
  data x: Real[T];
  for t in 0:T { param s: Positive; x[t] ~ Normal(0, 1); }
}
`,
  },
  E0308: {
    explanation: 'An element target has exactly one index, on the leading axis: inside `for t in a:b` it is `t` or `t + c` (so each iteration defines a different element), outside loops a constant.',
    fix: 'Index the target by the loop variable (`z[t]`), or by a constant outside loops.',
    at: { line: 5, column: 20 },
    example: `// E0308: every iteration would define x[0]
model m {
  dim T = 5;
  data x: Real[T];
  for t in 0:T { x[0] ~ Normal(0, 1); }
}
`,
  },
  E0309: {
    explanation: 'A loop is computed for all iterations at once, with the loop axis first. That is exact for elementwise arithmetic whose loop-varying operands have the result\'s full rank, for networks (they map over leading axes) and for `a @ B` with the loop on the left; a loop-invariant operand with as many axes as the result would line up with the loop axis, and reductions would run along it, so those are refused.',
    fix: 'Index the invariant operand by the loop variable (`W[t, :]`), or move the reduction out of the loop.',
    at: { line: 6, column: 39 },
    example: `// E0309: an element times a whole vector would align with the loop axis
model m {
  dim T = 5;
  data x: Real[T];
  data w: Real[T];
  for t in 0:T { x[t] ~ Normal(w[t] * w, 1); }
}
`,
  },
  E0310: {
    explanation: 'The pieces of a piecewise variable are scored as one vectorized distribution over the whole variable, so every piece must draw from the same distribution with the same parameters (named or positional) in the same order.',
    fix: 'Use one distribution for every element; express differences through its parameters.',
    at: { line: 6, column: 25 },
    example: `// E0310: z[0] is Normal, the rest Laplace
model m {
  dim T = 5;
  latent z: Real[T];
  z[0] ~ Normal(0, 1);
  for t in 1:T { z[t] ~ Laplace(z[t - 1], 1); }
  data x: Real[T];
  for t in 0:T { x[t] ~ Normal(z[t], 1); }
}
`,
  },
};
