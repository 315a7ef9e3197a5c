/**
 * Documentation of the call and shape codes (E022x–E024x): an explanation, a fix, and a small example that
 * triggers the code at the given position. Aggregated by `codes.ts`; each example is also a bad-corpus
 * file, `test/corpus/bad/<code>-<title>.tilde`, whose expected output is checked by the corpus test.
 */
import type { CodeDoc } from './codes.js';

/** Documentation of each call and shape codes code. */
export const CALL_SHAPE_CODE_DOCS: Readonly<Record<string, CodeDoc>> = {
  E0220: {
    explanation: "A distribution call has more or fewer arguments than its parameterization has parameters.",
    fix: "Give every parameter exactly once; the help shows each parameterization.",
    at: { line: 4, column: 7 },
    example: `// E0220: a Normal with one argument
model m {
  data x: Real;
  x ~ Normal(0);
}
`,
  },
  E0221: {
    explanation: "A named argument does not name a parameter of the distribution.",
    fix: "Use one of the listed parameter names.",
    at: { line: 4, column: 22 },
    example: `// E0221: a misspelled parameter name
model m {
  data x: Real;
  x ~ Normal(loc: 0, sacle: 1);
}
`,
  },
  E0222: {
    explanation: "A parameter is given twice, by name or by name and position.",
    fix: "Give each parameter once.",
    at: { line: 4, column: 17 },
    example: `// E0222: the same parameter twice
model m {
  data x: Real;
  x ~ Normal(0, loc: 1);
}
`,
  },
  E0223: {
    explanation: "Named arguments select a parameterization (`Bernoulli(probs)` or `Bernoulli(logits: …)`); arguments from two parameterizations cannot be combined.",
    fix: "Use one parameterization.",
    at: { line: 4, column: 29 },
    example: `// E0223: probabilities and logits at once
model m {
  data x: Binary;
  x ~ Bernoulli(probs: 0.5, logits: 0);
}
`,
  },
  E0224: {
    explanation: "Distributions are not functions: they can only be sampled with `~`.",
    fix: "Sample the distribution in its own statement and use the variable.",
    at: { line: 4, column: 14 },
    example: `// E0224: a distribution called inside an expression
model m {
  data x: Real;
  x ~ Normal(Normal(0, 1), 1);
}
`,
  },
  E0225: {
    explanation: "The right of `~` must be a distribution; a function or a network computes a deterministic value.",
    fix: "Pass the value to a distribution, such as `Normal(f(z), 1)` or `Bernoulli(logits: f(z))`.",
    at: { line: 6, column: 7 },
    example: `// E0225: a network on the right of \`~\`
model m {
  data x: Real[10];
  net decoder: MLP(2 -> 32 -> 10);
  z ~ Normal(0, I);
  x ~ decoder(z);
}
`,
  },
  E0226: {
    explanation: "A built-in function or a network is called with the wrong number of arguments; networks take exactly one input.",
    fix: "Pass the expected number of arguments (combine several inputs of a network with `concat`).",
    at: { line: 5, column: 17 },
    example: `// E0226: a function called with two arguments
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, exp(z, 2));
}
`,
  },
  E0227: {
    explanation: "Only distribution arguments can be named; functions and networks take positional arguments.",
    fix: "Remove the name.",
    at: { line: 5, column: 26 },
    example: `// E0227: a named argument to a function
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, softplus(x: z));
}
`,
  },
  E0228: {
    explanation: "A data variable, param, latent, let or dim holds a value; it cannot be called.",
    fix: "Index it with `[...]`, or declare a network with `net` and call that.",
    at: { line: 5, column: 14 },
    example: `// E0228: calling a latent as if it were a function
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z(1), 1);
}
`,
  },
  E0229: {
    explanation: "A network is a function from its input to its output; its name alone is not a value.",
    fix: "Call it with its input.",
    at: { line: 5, column: 14 },
    example: `// E0229: a network used without calling it
model m {
  data x: Real[10];
  net decoder: MLP(2 -> 32 -> 10);
  x ~ Normal(decoder, 1);
}
`,
  },
  E0230: {
    explanation: "Positional arguments bind in order, so they must come before named ones.",
    fix: "Move positional arguments first, or name every argument.",
    at: { line: 4, column: 22 },
    example: `// E0230: a positional argument after a named one
model m {
  data x: Real;
  x ~ Normal(loc: 0, 1);
}
`,
  },
  E0231: {
    explanation: "`MixtureSameFamily(w, component)` mixes K distributions of one family: its second argument is a call of a registry distribution (`Normal(mu, sigma)`) whose parameters carry the mixture axis, never an expression or another mixture.",
    fix: "Write the component family with its parameters, e.g. `MixtureSameFamily(w, Normal(mu, sigma))` with `w: Real[K]` and `mu: Real[K, D]`.",
    at: { line: 6, column: 28 },
    example: `// E0231: a mixture component that is not a distribution
model m {
  param w: Real[3];
  param mu: Real[3, 2];
  data x: Real[2];
  x ~ MixtureSameFamily(w, mu);
}
`,
  },
  E0232: {
    explanation: "A mixture of K components needs K weights and, in each component parameter, a mixture axis of length K (or 1, shared by all components): the last axis of the weights, and the axis just before the event axis of each component parameter (`[K, D]` for a `[D]` value, as TFP's rightmost batch axis). K is the weights' length, or the longest mixture axis when the weights are shared.",
    fix: "Give the weights and every component parameter the same number of components.",
    at: { line: 6, column: 35 },
    example: `// E0232: two weights for three component means
model m {
  param w: Real[2];
  param mu: Real[3, 2];
  data x: Real[2];
  x ~ MixtureSameFamily(w, Normal(mu, 1));
}
`,
  },
  E0240: {
    explanation: "A value has a shape other than the one required: a network's input must have exactly the shape `[in]` of its first layer size.",
    fix: "Change the network's input size, or the shape of the value (a latent's shape comes from its declaration, its uses as an input, or its parameters).",
    at: { line: 7, column: 25 },
    example: `// E0240: a network input of the wrong size
model m {
  data x: Binary[784];
  latent z: Real[10];
  net decoder: MLP(20 -> 400 -> 784, out = sigmoid);
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
}
`,
  },
  E0241: {
    explanation: "Elementwise operators (`+ - * / ^`) broadcast their operands as numpy does: shapes are aligned at their last axis, and each pair of sizes must be equal or contain a 1.",
    fix: "Make the shapes agree, e.g. by changing a network's output size or a declaration.",
    at: { line: 8, column: 16 },
    example: `// E0241: adding vectors of different lengths
model m {
  data x: Real[10];
  latent a: Real[10];
  latent b: Real[5];
  a ~ Normal(0, I);
  b ~ Normal(0, I);
  x ~ Normal(a + b, 1);
}
`,
  },
  E0242: {
    explanation: "`@` multiplies a matrix and a vector, two matrices, or two vectors; the inner sizes must agree: `[m, n] @ [n]`, `[n] @ [n, k]`, `[m, n] @ [n, k]`, `[n] @ [n]`.",
    fix: "Transpose the problem (swap the operands) or fix the sizes.",
    at: { line: 7, column: 16 },
    example: `// E0242: a matrix product with mismatched inner sizes
model m {
  data x: Real[3];
  param W: Real[3, 4];
  latent z: Real[5];
  z ~ Normal(0, I);
  x ~ Normal(W @ z, 1);
}
`,
  },
  E0243: {
    explanation: "A constant index or slice bound is past the end of its axis (indices start at 0; a slice `a:b` takes positions a to b − 1).",
    fix: "Use an index smaller than the axis's size.",
    at: { line: 5, column: 14 },
    example: `// E0243: an index past the end
model m {
  data x: Real[3];
  data y: Real;
  y ~ Normal(x[3], 1);
}
`,
  },
  E0244: {
    explanation: "Indices and slice bounds are non-negative integer constants (literals, dims and `+ - *`), at most one per axis, and a slice must not be empty.",
    fix: "Use constant indices; to select by a data value, encode it one-hot and use a product instead.",
    at: { line: 5, column: 16 },
    example: `// E0244: an index that is not a constant
model m {
  data x: Real[3];
  data i: Count;
  z ~ Normal(x[i], 1);
}
`,
  },
  E0245: {
    explanation: "A built-in function got arguments of the wrong shape: `softmax` needs a vector, `dot` two vectors of equal length, `concat` vectors equal in all but the last axis.",
    fix: "Reshape the arguments, or use another function.",
    at: { line: 7, column: 14 },
    example: `// E0245: \`dot\` of vectors of different lengths
model m {
  data x: Real[3];
  data y: Real;
  latent w: Real[4];
  w ~ Normal(0, I);
  y ~ Normal(dot(w, x), 1);
}
`,
  },
  E0246: {
    explanation: "Each argument of a distribution must broadcast to the shape of the variable being sampled: a scalar works for any variable, a vector `[n]` for a variable whose last axis is n. A distribution over vectors (`Categorical`, `Dirichlet`) needs a variable with a last axis.",
    fix: "Make the parameter's shape match the variable, e.g. by fixing a network's output size.",
    at: { line: 6, column: 17 },
    example: `// E0246: a decoder whose output does not fit the data
model m {
  data x: Binary[784];
  net decoder: MLP(20 -> 400, out = sigmoid);
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
}
`,
  },
  E0247: {
    explanation: "A latent's shape comes from its `latent` declaration, else from its first use as a network input (or operand of `@`/`dot`), else from the broadcast of its distribution's parameters. For a `Categorical` or `Dirichlet` with scalar parameters, nothing gives the number of categories.",
    fix: "Declare the latent, e.g. `latent c: Category(K);`.",
    at: { line: 4, column: 3 },
    example: `// E0247: a categorical latent whose number of categories nothing gives
model m {
  data x: Real;
  c ~ Categorical(logits: 0);
  x ~ Normal(sum(c), 1);
}
`,
  },
  E0248: {
    explanation: 'A `factor` statement adds its expression to the log joint density, once per datapoint (or once per data set when it reads no data and no local latent). It must be one number: a vector is not summed silently, since a per-element term is easy to write by mistake.',
    fix: 'Reduce the expression to a scalar, e.g. `factor sum(-0.5 * z ^ 2);`, or index the element meant.',
    at: { line: 5, column: 10 },
    example: `// E0248: a factor that is a vector
model m {
  latent z: Real[3];
  z ~ Normal(0, I);
  factor -0.5 * z ^ 2;
}
`,
  },
};
