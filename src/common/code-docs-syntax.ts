/**
 * Documentation of the syntax codes (E01xx): a fix, and a small example that
 * triggers the code at the given position. Aggregated by `codes.ts`; each example is also a bad-corpus
 * file, `test/corpus/bad/<code>-<title>.tilde`, whose expected output is checked by the corpus test.
 */
import type { SyntaxCodeDoc } from './codes.js';

/** Documentation of each syntax codes code. */
export const SYNTAX_CODE_DOCS: Readonly<Record<string, SyntaxCodeDoc>> = {
  E0101: {
    fix: "Delete the character. Comments start with `//` or are enclosed in `/* … */`; names use ASCII letters, digits and `_`.",
    at: { line: 3, column: 11 },
    example: `// E0101: a character that starts no token
model m {
  dim N = $10;
  data x: Real[N];
  x ~ Normal(0, 1);
}
`,
  },
  E0102: {
    fix: "Close the comment with `*/`. Block comments do not nest.",
    at: { line: 4, column: 3 },
    example: `// E0102: a block comment that is never closed
model m {
  data x: Real;
  /* the likelihood
  x ~ Normal(0, 1);
}
`,
  },
  E0103: {
    fix: "Add `;` at the end of the statement the error points after.",
    at: { line: 3, column: 13 },
    example: `// E0103: a statement without its \`;\`
model m {
  dim Z = 20
  data x: Real[Z];
  x ~ Normal(0, 1);
}
`,
  },
  E0104: {
    fix: "Add the missing closing delimiter; the note shows the opening one it must match.",
    at: { line: 4, column: 20 },
    example: `// E0104: a model block that is never closed
model m {
  data x: Real;
  x ~ Normal(0, 1);
`,
  },
  E0105: {
    fix: "Compare the statement with the grammar (grammar/tilde.ebnf); the message lists what may come at this point.",
    at: { line: 4, column: 16 },
    example: `// E0105: a token that cannot come here
model m {
  data x: Real;
  x ~ Normal(0 1);
}
`,
  },
  E0106: {
    fix: "Move the statement inside a `model NAME { … }` block, or merge a nested `guide` into the enclosing one.",
    at: { line: 2, column: 1 },
    example: `// E0106: a statement outside any model
data x: Real;

model m {
  z ~ Normal(0, 1);
}
`,
  },
  E0107: {
    fix: "Write at least one `model NAME { … }` block.",
    at: { line: 2, column: 1 },
    example: `// E0107: a file with no model, only a comment
`,
  },
  E0108: {
    fix: "Give parts of the expression names with `let` bindings.",
    at: { line: 7, column: 25 },
    example: `// E0108: parentheses nested far too deep
model m {
  z ~ Normal(
    ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((
    ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((
    ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((
    ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((
    0
    ))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
    ))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
    ))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
    ))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
  , 1);
}
`,
  },
  E0110: {
    fix: "Fix the first errors, which often cause the later ones, and check again.",
    at: { line: 53, column: 3 },
    example: `// E0110: so many syntax errors that the parser gives up
model m {
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
  x ~ Normal(0 1);
}
`,
  },
  E0109: {
    fix: "Use a smaller literal; the largest finite value is about 1.8e308.",
    at: { line: 3, column: 17 },
    example: `// E0109: a number literal too large for a 64-bit float
model m {
  z ~ Normal(0, 1e999);
}
`,
  },
};
