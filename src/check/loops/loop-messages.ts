/**
 * The loop stage's diagnostics (E0300–E0311, issue 17): loop ranges, index arithmetic, piecewise
 * definitions and vectorization. Messages spell out the arithmetic (`z[t + 1]` reads `z[20]` when
 * t = 19, …) so the reader sees which iteration goes wrong. Docs and examples: `src/common/code-docs-loops.ts`.
 */
import type { Diagnostic } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import { makeDiagnostic } from '../messages.js';

export { LOOP_CODES } from './loop-codes.js';

/** `z[3]`, or `z[3:7]` for a range of more than one element. */
export function elements(name: string, start: number, end: number): string {
  return end - start === 1 ? `\`${name}[${start}]\`` : `\`${name}[${start}:${end}]\``;
}

/** E0300: an element defined by two statements (or twice by one loop). */
export function definedTwice(span: Span, name: string, element: number, how: string, first: Span, firstHow: string): Diagnostic {
  return makeDiagnostic('E0300', span, `\`${name}[${element}]\` is defined twice: ${how}, and ${firstHow}`, {
    label: 'defined again here',
    notes: [{ span: first, message: `\`${name}[${element}]\` first defined here` }],
    help: 'give each element exactly one definition: make the loop ranges and the single elements disjoint',
  });
}

/** E0301: elements no statement defines. */
export function neverDefined(span: Span, name: string, start: number, end: number, length: number, covered: string): Diagnostic {
  return makeDiagnostic('E0301', span, `${elements(name, start, end)} ${end - start === 1 ? 'is' : 'are'} never defined: \`${name}\` has ${length} elements (0 to ${length - 1}), and its definitions cover ${covered}`, {
    label: `\`${name}\` is defined piecewise here`,
    help: `define every element once, e.g. \`${name}[${start}] ~ …;\` or widen a loop's range`,
  });
}

/** E0302: a variable defined by elements whose length nothing declares. */
export function piecewiseUndeclared(span: Span, name: string): Diagnostic {
  return makeDiagnostic('E0302', span, `\`${name}\` is defined element by element, but no declaration gives its length`, {
    help: `declare its shape, e.g. \`latent ${name}: Real[T];\` (or \`data ${name}: Real[T];\`)`,
  });
}

/** E0303: a loop-indexed read or definition outside the variable's leading axis. */
export function indexOutOfRange(span: Span, text: string, name: string, element: number, variable: string, value: number, length: number): Diagnostic {
  return makeDiagnostic('E0303', span, `\`${text}\` reads \`${name}[${element}]\` when ${variable} = ${value}, but \`${name}\` has ${length} elements (0 to ${length - 1})`, {
    label: `out of range when ${variable} = ${value}`,
    help: 'shrink the loop range or shift the index so every iteration stays inside the axis',
  });
}

/** E0304: an iteration reading its own element or a later one of a variable the same loop defines. */
export function readBeforeDefined(span: Span, text: string, name: string, variable: string, offset: number, defined: Span): Diagnostic {
  const which = offset === 0 ? `its own element \`${name}[${variable}]\`` : `\`${name}[${variable} + ${offset}]\`, which iteration ${variable} + ${offset} defines later`;
  return makeDiagnostic('E0304', span, `\`${text}\` reads ${which}: an iteration may read only elements defined by earlier iterations`, {
    label: 'read before it is defined',
    notes: [{ span: defined, message: `\`${name}[${variable}]\` is defined here` }],
    help: `read an earlier element, e.g. \`${name}[${variable} - 1]\`, and define the first one(s) outside the loop`,
  });
}

/** E0305: loop bounds that are not integer size expressions, or an empty range. */
export function invalidRange(span: Span, reason: string): Diagnostic {
  return makeDiagnostic('E0305', span, `invalid loop range: ${reason}`, {
    help: 'write `for t in a:b` with integer size expressions (literals, dims, `+ - *`) and a < b',
  });
}

/** E0306: the loop variable somewhere other than an index of the form `t`, `t + c`, `t - c`. */
export function invalidLoopVariableUse(span: Span, variable: string, reason: string): Diagnostic {
  return makeDiagnostic('E0306', span, `the loop variable \`${variable}\` ${reason}`, {
    help: `use \`${variable}\` only as the first index of a variable, as \`${variable}\`, \`${variable} + c\` or \`${variable} - c\` with c a constant`,
  });
}

/** E0307: a statement a loop body may not hold. */
export function notAllowedInLoop(span: Span, what: string, loop: Span): Diagnostic {
  return makeDiagnostic('E0307', span, `${what} cannot stand inside a loop`, {
    notes: [{ span: loop, message: 'the loop opens here' }],
    help: 'a loop holds `~` and `let` statements that define elements (`z[t] ~ …;`); declare names and write guides outside it',
  });
}

/** E0308: an element target that is not one index (t + c inside a loop, a constant outside). */
export function invalidTarget(span: Span, name: string, reason: string): Diagnostic {
  return makeDiagnostic('E0308', span, `invalid element target \`${name}[…]\`: ${reason}`, {
    help: `inside \`for t in a:b\` write \`${name}[t]\` (or \`${name}[t + c]\`); outside a loop a constant, \`${name}[0]\``,
  });
}

/** E0309: a loop body whose vectorized form would mix the loop axis with another axis. */
export function notVectorizable(span: Span, text: string, reason: string): Diagnostic {
  return makeDiagnostic('E0309', span, `\`${text}\` cannot be vectorized over the loop: ${reason}`, {
    help: 'keep the loop axis first: index whole vectors by the loop variable (`W[t, :]`), and apply reductions outside loops',
  });
}

/** E0310: the pieces of one variable drawn from different distributions (or with different arguments). */
export function piecesDiffer(span: Span, name: string, reason: string, first: Span): Diagnostic {
  return makeDiagnostic('E0310', span, `the pieces of \`${name}\` differ: ${reason}`, {
    notes: [{ span: first, message: 'first piece here' }],
    help: 'draw every element of a variable from the same distribution with the same named (or positional) parameters',
  });
}
