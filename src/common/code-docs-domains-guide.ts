/**
 * Documentation of the domain, dependency and guide codes (E026x–E028x) and warnings (W0xxx): an explanation, a fix, and a small example that
 * triggers the code at the given position. Aggregated by `codes.ts`; each example is also a bad-corpus
 * file, `test/corpus/bad/<code>-<title>.tilde`, whose expected output is checked by the corpus test.
 */
import type { CodeDoc } from './codes.js';

/** Documentation of each domain, dependency and guide codes code. */
export const DOMAIN_GUIDE_CODE_DOCS: Readonly<Record<string, CodeDoc>> = {
  E0260: {
    explanation: "A distribution parameter with a constraint (a positive scale, a probability in (0, 1), a probability vector) must be provably in its set. The checker proves it from the domains of the expression: `exp`, `softplus` and `I` are positive, `sigmoid` is in (0, 1), `softmax` is on the simplex, networks by their `out` activation, and literals by value.",
    fix: "Map the value into the set: `softplus(...)` for positive, `sigmoid(...)` for (0, 1), `softmax(...)` for the simplex; for `Bernoulli` and `Categorical`, pass unconstrained values as `logits:`.",
    at: { line: 7, column: 26 },
    example: `// E0260: a scale that may be negative
model m {
  data x: Real[784];
  net decoder: MLP(20 -> 400 -> 784);
  net spread: MLP(20 -> 400 -> 784);
  z ~ Normal(0, I);
  x ~ Normal(decoder(z), spread(z));
}
`,
  },
  E0261: {
    explanation: "An observed data variable's declared domain must lie inside the support of its distribution (every value the data can take must have a density).",
    fix: "Use a distribution whose support contains the data's domain (the help lists some), or fix the declaration.",
    at: { line: 6, column: 7 },
    example: `// E0261: a Bernoulli likelihood on real-valued data
model m {
  data x: Real[784];
  net decoder: MLP(20 -> 400 -> 784);
  z ~ Normal(0, I);
  x ~ Bernoulli(logits: decoder(z));
}
`,
  },
  E0262: {
    explanation: "A `latent z: D` declaration must contain the support of `z`'s distribution: a latent declared `Positive` cannot have a `Normal` prior.",
    fix: "Declare the domain of the distribution's support, or choose a distribution whose support lies inside the declared domain.",
    at: { line: 5, column: 7 },
    example: `// E0262: a positive latent with a Normal prior
model m {
  data x: Real;
  latent s: Positive;
  s ~ Normal(0, 1);
  x ~ Normal(0, s);
}
`,
  },
  E0263: {
    explanation: "Params are point estimates learned by gradient descent, so their domain must be continuous: `Real`, `Positive`, `Unit` or `Simplex`.",
    fix: "Use a continuous domain, or make the unknown a latent with a discrete prior.",
    at: { line: 4, column: 12 },
    example: `// E0263: a learned parameter with a discrete domain
model m {
  data x: Count;
  param k: Count;
  x ~ Poisson(k);
}
`,
  },
  E0270: {
    explanation: "A `global` latent is shared by all datapoints, so its distribution (in the model and in a guide) cannot read data or local latents, directly or through lets.",
    fix: "Remove the dependency, or make the latent local by removing `global`.",
    at: { line: 5, column: 21 },
    example: `// E0270: a global latent that reads data
model m {
  data x: Real[3];
  data y: Real;
  global w ~ Normal(x, 1);
  y ~ Normal(dot(w, x), 1);
}
`,
  },
  E0271: {
    explanation: "`~` and `let` statements may come in any order, but their dependencies must not form a cycle; the message lists it (`a -> b -> a`: `a` depends on `b`, which depends on `a`). Dims may not refer to themselves in a cycle either.",
    fix: "Break the cycle: one of the variables must not depend on the others.",
    at: { line: 4, column: 3 },
    example: `// E0271: two latents that depend on each other
model m {
  data x: Real;
  a ~ Normal(b, 1);
  b ~ Normal(a, 1);
  x ~ Normal(a + b, 1);
}
`,
  },
  E0280: {
    explanation: "A guide gives distributions to latents of the model; it cannot sample data, params or names the model does not sample.",
    fix: "Sample only model latents in the guide.",
    at: { line: 7, column: 5 },
    example: `// E0280: a guide that samples data
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, 1);
  guide {
    x ~ Normal(0, 1);
  }
}
`,
  },
  E0281: {
    explanation: "A latent's guide distribution must have the same support as its prior, so that q(z | x) and p(z) live on the same set (open and closed unit intervals count as equal).",
    fix: "Use a guide distribution on the latent's domain (the help lists some).",
    at: { line: 7, column: 9 },
    example: `// E0281: a guide with the wrong support
model m {
  data x: Real;
  s ~ Exponential(1);
  x ~ Normal(0, s);
  guide {
    s ~ Normal(x, 1);
  }
}
`,
  },
  E0282: {
    explanation: "The guide is a separate distribution q(z | x): it may call the model's networks (nets are shared by the model and the guide, one set of weights), but it cannot read the model's params or lets.",
    fix: "Declare the params the guide needs inside `guide { … }`, and write a let again there (calling the same nets).",
    at: { line: 9, column: 16 },
    example: `// E0282: a guide that reads the model's let
model m {
  data x: Real[10];
  net decoder: MLP(2 -> 32 -> 10);
  z ~ Normal(0, I);
  let h = decoder(z);
  x ~ Normal(h, 1);
  guide {
    z ~ Normal(h[0:2], 1);
  }
}
`,
  },
  E0283: {
    explanation: "A guide may read a latent only if it samples that latent too; latents the guide leaves out get a derived guide, which the user guide cannot see.",
    fix: "Sample that latent in the guide as well, or do not use it there.",
    at: { line: 8, column: 17 },
    example: `// E0283: a guide that reads a latent it leaves to the derived guide
model m {
  data x: Real;
  z1 ~ Normal(0, 1);
  z2 ~ Normal(z1, 1);
  x ~ Normal(z2, 1);
  guide {
    z2 ~ Normal(z1 + x, 1);
  }
}
`,
  },
  E0284: {
    explanation: "A guide holds `~`, `let`, `net` and `param` statements only; dims, data and latents are declared in the model body.",
    fix: "Move the declaration to the model body.",
    at: { line: 7, column: 5 },
    example: `// E0284: a data declaration inside a guide
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(z, 1);
  guide {
    data y: Real;
    z ~ Normal(x, 1);
  }
}
`,
  },
  E0285: {
    explanation: "A model has at most one `guide` block.",
    fix: "Merge the blocks.",
    at: { line: 10, column: 3 },
    example: `// E0285: two guide blocks
model m {
  data x: Real;
  z1 ~ Normal(0, 1);
  z2 ~ Normal(z1, 1);
  x ~ Normal(z2, 1);
  guide {
    z1 ~ Normal(x, 1);
  }
  guide {
    z2 ~ Normal(x, 1);
  }
}
`,
  },
  E0286: {
    explanation: "A latent's guide has the scope of the latent: write `global z ~ …` in the guide for a global latent and omit `global` for a local one.",
    fix: "Make the `global` keyword match the model.",
    at: { line: 7, column: 5 },
    example: `// E0286: a guide that makes a global latent local
model m {
  data x: Real;
  global mu ~ Normal(0, 10);
  x ~ Normal(mu, 1);
  guide {
    mu ~ Normal(0, 1);
  }
}
`,
  },
  E0287: {
    explanation:
      "A latent's guide must not put probability where its prior has none: there log p(z) is −∞ and every bound is meaningless. Supports bounded by parameters (`Uniform(low, high)`) are compared end by end: each end of the guide's interval must be provably inside the prior's (constants in order, or the same expression).",
    fix: "Give the guide the prior's interval, e.g. `Kumaraswamy(a, b, low: l, high: h)` (a Kumaraswamy stretched onto (l, h)), or leave the latent to the derived guide, which does this.",
    at: { line: 7, column: 9 },
    example: `// E0287: a guide that leaves its prior's support
model m {
  data x: Real;
  u ~ Uniform(0, 5);
  x ~ Normal(u, 1);
  guide {
    u ~ LogNormal(x, 1);
  }
}
`,
  },
  W0001: {
    explanation: "A Bernoulli likelihood on data in (0, 1) is not a normalized density for those values; the continuous Bernoulli is (Loaiza-Ganem & Cunningham 2019). Kept as a warning because the Bernoulli is a common, if biased, choice for grey-level images.",
    fix: "Use `ContinuousBernoulli`, or binarize the data and declare it `Binary`.",
    at: { line: 6, column: 7 },
    example: `// W0001: a Bernoulli likelihood on grey levels
model m {
  data x: Unit[784];
  net decoder: MLP(20 -> 400 -> 784);
  z ~ Normal(0, I);
  x ~ Bernoulli(logits: decoder(z));
}
`,
  },
  W0002: {
    explanation: "`log` needs a positive argument, `sqrt` and `log1p` a non-negative one; the checker could not prove it, so the value may be NaN or infinite at run time.",
    fix: "Map the argument into the domain (`softplus(...)`, `exp(...)`), or ignore the warning if you know the values are valid.",
    at: { line: 5, column: 18 },
    example: `// W0002: the logarithm of a value that may be negative
model m {
  data x: Real;
  z ~ Normal(0, 1);
  x ~ Normal(log(z), 1);
}
`,
  },
  W0003: {
    explanation: "A dim, param, network or let binding that nothing uses is probably left over from an edit.",
    fix: "Remove it, or use it.",
    at: { line: 4, column: 7 },
    example: `// W0003: a network that nothing uses
model m {
  data x: Real;
  net encoder: MLP(1 -> 10 -> 2);
  x ~ Normal(0, 1);
}
`,
  },
};
