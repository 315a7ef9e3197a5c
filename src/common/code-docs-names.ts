/**
 * Documentation of the name and declaration codes (E020x–E021x): an explanation, a fix, and a small example that
 * triggers the code at the given position. Aggregated by `codes.ts`; each example is also a bad-corpus
 * file, `test/corpus/bad/<code>-<title>.tilde`, whose expected output is checked by the corpus test.
 */
import type { CodeDoc } from './codes.js';

/** Documentation of each name and declaration codes code. */
export const NAME_CODE_DOCS: Readonly<Record<string, CodeDoc>> = {
  E0201: {
    explanation: "A name used in an expression is not declared in the model: no `dim`, `data`, `param`, `latent`, `net` or `let` declares it and no `~` statement samples it. In the model body, names declared inside the `guide` block are not visible.",
    fix: "Fix the spelling (the help suggests the closest declared name), or declare the name.",
    at: { line: 7, column: 25 },
    example: `// E0201: a misspelled variable name
model m {
  dim Z = 20;
  data x: Binary[784];
  net decoder: MLP(Z -> 400 -> 784, out = sigmoid);
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(zz));
}
`,
  },
  E0202: {
    explanation: "Every name of a model is declared once: dims, data, params, latents, nets and lets share one namespace, and the names a guide declares may not repeat the model's.",
    fix: "Rename one of the two declarations.",
    at: { line: 4, column: 8 },
    example: `// E0202: the same name declared twice
model m {
  data x: Real[3];
  data x: Real[3];
  x ~ Normal(0, 1);
}
`,
  },
  E0203: {
    explanation: "The right of `~` names a distribution that is not in the distribution table (docs/language.md).",
    fix: "Fix the spelling (the help suggests the closest distribution), or pick a distribution from the table.",
    at: { line: 4, column: 7 },
    example: `// E0203: a misspelled distribution
model m {
  data x: Real;
  z ~ Nromal(0, 1);
  x ~ Normal(z, 1);
}
`,
  },
  E0204: {
    explanation: "A call names neither a built-in function nor a network declared with `net`.",
    fix: "Fix the spelling (the help suggests the closest function or network), or declare the network.",
    at: { line: 5, column: 17 },
    example: `// E0204: a misspelled function
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, softpuls(z));
}
`,
  },
  E0205: {
    explanation: "A type names a domain that does not exist. The domains are `Real`, `Positive`, `Unit`, `Binary`, `Count`, `Category(K)` and `Simplex`.",
    fix: "Use one of the listed domains.",
    at: { line: 3, column: 11 },
    example: `// E0205: a misspelled domain
model m {
  data x: Reel[3];
  x ~ Normal(0, 1);
}
`,
  },
  E0206: {
    explanation: "A `net` declaration (or a layer inside `Sequential`) names a layer the network registry does not have.",
    fix: "Write one of the registry's layers (docs/language.md §3.5): `MLP(in -> hidden -> … -> out, hidden = …, out = …)`, `Linear(in -> out)`, `Sequential(…)` of `Conv2d`, `ConvTranspose2d`, `GRU`, `Reshape`, `Flatten` and activations.",
    at: { line: 4, column: 10 },
    example: `// E0206: an unknown network architecture
model m {
  data x: Real[10];
  net f: Mlp(2 -> 10);
  z ~ Normal(0, I);
  x ~ Normal(f(z), 1);
}
`,
  },
  E0207: {
    explanation: "A layer option is unknown for its layer (`MLP` takes `hidden` and `out`, `Linear` only `out`, `Conv2d` `kernel`, `stride` and `padding`), given twice, required but missing (`kernel`), or names an activation that option does not allow. Hidden activations: relu, tanh, softplus, elu, sigmoid. Output activations: identity, sigmoid, softplus, exp, softmax.",
    fix: "Use a listed option and activation, once each, and give every required option.",
    at: { line: 4, column: 35 },
    example: `// E0207: an output activation that does not exist
model m {
  data x: Binary[10];
  net f: MLP(2 -> 32 -> 10, out = sigmod);
  z ~ Normal(0, I);
  x ~ Bernoulli(f(z));
}
`,
  },
  E0208: {
    explanation: "A layer's arguments have the wrong number or form: `Linear`, `Conv2d`, `ConvTranspose2d` and `GRU` take exactly two sizes (`in -> out`), `MLP` at least two (`in -> … -> out`), `Reshape` sizes separated by commas, `Sequential` layers, activations and `Flatten` nothing.",
    fix: "Give the right number of sizes, or use `MLP` for hidden layers.",
    at: { line: 4, column: 10 },
    example: `// E0208: a linear layer with a hidden size
model m {
  data x: Real[10];
  net f: Linear(2 -> 5 -> 10);
  z ~ Normal(0, I);
  x ~ Normal(f(z), 1);
}
`,
  },
  E0209: {
    explanation: "Each random variable has exactly one `~` statement: a latent has one prior, an observed data variable one likelihood. In a guide, each latent has one guide distribution.",
    fix: "Remove or rename one of the statements.",
    at: { line: 5, column: 3 },
    example: `// E0209: a latent with two priors
model m {
  data x: Real;
  z ~ Normal(0, 1);
  z ~ Laplace(0, 1);
  x ~ Normal(z, 1);
}
`,
  },
  E0210: {
    explanation: "A `data` variable must be observed (on the left of some `~`) or used as a covariate in an expression; otherwise the data file supplies a column that nothing reads, which is almost always a mistake.",
    fix: "Observe it, use it, or remove its declaration.",
    at: { line: 4, column: 8 },
    example: `// E0210: a data variable nothing observes or reads
model m {
  data x: Real;
  data y: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, 1);
}
`,
  },
  E0211: {
    explanation: "A `latent z: D[shape];` declaration fixes a latent's domain and shape, but the latent also needs a `~` statement that gives its prior.",
    fix: "Add `z ~ Dist(...);`, or remove the declaration.",
    at: { line: 4, column: 10 },
    example: `// E0211: a latent declaration without a \`~\` statement
model m {
  data x: Real;
  latent z: Real[2];
  x ~ Normal(0, 1);
}
`,
  },
  E0212: {
    explanation: "Sizes (in dims, types and network signatures) are positive integer constants written with integer literals, dims, unary `-` and `+ - *`.",
    fix: "Write a positive integer expression over literals and dims.",
    at: { line: 4, column: 16 },
    example: `// E0212: a size that is not a positive integer
model m {
  dim Z = 2;
  data x: Real[Z - 2];
  x ~ Normal(0, 1);
}
`,
  },
  E0213: {
    explanation: "Names of built-in functions, distributions, domains and network architectures cannot be declared, so that a model always means what the language reference says.",
    fix: "Choose another name.",
    at: { line: 4, column: 7 },
    example: `// E0213: a declaration named like a built-in function
model m {
  data x: Real;
  let exp = 2;
  x ~ Normal(0, exp);
}
`,
  },
  E0214: {
    explanation: "Only data (making an observation) and latents can be on the left of `~`; a dim, param, net or let cannot be sampled. `global` applies to latents only: data have one value per datapoint.",
    fix: "Declare the variable as a latent (or remove its other declaration), or remove `global`.",
    at: { line: 5, column: 3 },
    example: `// E0214: sampling a learned parameter
model m {
  data x: Real;
  param c: Positive;
  c ~ Exponential(1);
  x ~ Normal(0, c);
}
`,
  },
  E0215: {
    explanation: "Commands select a model by name (`--model NAME`), so the names of a file's models must differ.",
    fix: "Rename one of the models.",
    at: { line: 7, column: 7 },
    example: `// E0215: two models with the same name
model m {
  data x: Real;
  x ~ Normal(0, 1);
}

model m {
  data x: Real;
  x ~ Laplace(0, 1);
}
`,
  },
  E0216: {
    explanation: "`Category` takes one argument in parentheses, the number of categories (`Category(10)`); no other domain takes arguments. `Simplex` needs a shape, whose last axis holds the probabilities (`Simplex[K]`).",
    fix: "Write `Category(K)`, `Simplex[K]`, or the domain without parentheses.",
    at: { line: 3, column: 11 },
    example: `// E0216: \`Category\` without its number of categories
model m {
  data y: Category;
  y ~ Categorical(logits: 0);
}
`,
  },
  E0217: {
    explanation: "`I` stands for ones shaped like the variable being sampled, so it exists only inside the arguments of the distribution on the right of `~`.",
    fix: "Use `I` directly in the distribution, or write `1` (a scalar broadcasts).",
    at: { line: 4, column: 15 },
    example: `// E0217: \`I\` outside a distribution
model m {
  data x: Real[3];
  let s = 2 * I;
  x ~ Normal(0, s);
}
`,
  },
  E0218: {
    explanation: "A long chain such as `a + a + … + a` nests one level per term; the checker walks expressions at most 400 levels deep, so that any input is checked without exhausting the stack.",
    fix: "Split the expression into `let` bindings, or use `sum(...)` over a vector.",
    at: { line: 4, column: 7 },
    example: `// E0218: a sum so long that its expression tree is too deep to check
model m {
  data x: Real;
  x ~ Normal(
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 +
    1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1
  , 1);
}
`,
  },
};
