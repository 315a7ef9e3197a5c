/**
 * The semantic catalogue, continued: calls (E022x) and shapes (E024x). See `messages.ts`.
 */
import type { Diagnostic } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { SampleStmt } from '../syntax/ast.js';
import type { Shape } from './checked-model.js';
import { codeList, didYouMean, makeDiagnostic as make } from './messages.js';
import { formatShape } from './shapes.js';

// ---- calls --------------------------------------------------------------------------------------

/** Parameter lists as `Normal(loc, scale)`, one per parameterization. */
export function signatures(dist: string, parameterizations: readonly (readonly string[])[]): string {
  return parameterizations.map((ps) => `\`${dist}(${ps.join(', ')})\``).join(' or ');
}

/** E0220: a distribution called with the wrong number of arguments. */
export function distributionArity(span: Span, dist: string, found: number, parameterizations: readonly (readonly string[])[]): Diagnostic {
  const counts = [...new Set(parameterizations.map((p) => p.length))].join(' or ');
  return make('E0220', span, `\`${dist}\` expects ${counts} ${counts === '1' ? 'argument' : 'arguments'}, found ${found}`, {
    help: `write ${signatures(dist, parameterizations)}`,
  });
}

/** E0221: a named argument that is not a parameter of the distribution. */
export function unknownParameterName(span: Span, dist: string, name: string, parameterizations: readonly (readonly string[])[], suggestion?: string): Diagnostic {
  const all = [...new Set(parameterizations.flat())];
  return make('E0221', span, `\`${dist}\` has no parameter \`${name}\`; expected one of ${codeList(all)}`, didYouMean(suggestion));
}

/** E0222: the same parameter given twice. */
export function duplicateArgument(span: Span, name: string, firstSpan: Span): Diagnostic {
  return make('E0222', span, `parameter \`${name}\` is given more than once`, { notes: [{ span: firstSpan, message: `\`${name}\` first given here` }] });
}

/** E0223: named arguments from two different parameterizations. */
export function mixedParameterizations(span: Span, dist: string, a: string, b: string, parameterizations: readonly (readonly string[])[]): Diagnostic {
  return make('E0223', span, `\`${a}\` and \`${b}\` belong to different parameterizations of \`${dist}\``, {
    help: `use one of ${signatures(dist, parameterizations)}`,
  });
}

/** E0224: `Normal(…)` inside an expression. */
export function distributionAsFunction(span: Span, name: string): Diagnostic {
  return make('E0224', span, `\`${name}\` is a distribution, not a function; distributions can only be sampled`, {
    help: `sample it in its own statement, \`v ~ ${name}(...);\`, and use \`v\``,
  });
}

/** E0225: the right of `~` calls a function or a network. */
export function notADistribution(span: Span, name: string, kind: string): Diagnostic {
  return make('E0225', span, `expected a distribution after \`~\`, found the ${kind} \`${name}\``, {
    help: kind === 'network' ? `pass its output to a distribution, e.g. \`Normal(${name}(...), 1)\`` : 'the right of `~` must be a distribution such as `Normal(...)`',
  });
}

/** E0226: a function or network called with the wrong number of arguments. */
export function callArity(span: Span, kind: string, name: string, expected: string, found: number): Diagnostic {
  return make('E0226', span, `${kind} \`${name}\` expects ${expected}, found ${found}`);
}

/** E0227: `f(x: e)` for a function or network. */
export function namedArgumentToFunction(span: Span, kind: string, name: string): Diagnostic {
  return make('E0227', span, `${kind} \`${name}\` takes positional arguments only`, { help: 'remove the argument name' });
}

/** E0228: calling a variable. */
export function notCallable(span: Span, name: string, kind: string): Diagnostic {
  return make('E0228', span, `\`${name}\` is a ${kind}, not a function or network, and cannot be called`, {
    help: 'index it with `[...]`, or declare a network with `net`',
  });
}

/** E0229: a network used as a value. */
export function netWithoutCall(span: Span, name: string): Diagnostic {
  return make('E0229', span, `network \`${name}\` must be called with an input`, { help: `write \`${name}(input)\`` });
}

/** E0230: `Dist(loc: a, b)`. */
export function positionalAfterNamed(span: Span): Diagnostic {
  return make('E0230', span, 'positional argument after a named argument', { help: 'put positional arguments first, or name this one too' });
}

// ---- shapes -------------------------------------------------------------------------------------

/** A latent of a `concat` network input whose shape was inferred as a scalar, and the width that would fit. */
export interface InferredScalar {
  /** The latent's name. */
  readonly name: string;
  /** The `~` statement its shape was inferred from. */
  readonly sample: SampleStmt;
  /** How the width that would make the input fit is written: a dim with that value, or the number. */
  readonly width: string;
}

/**
 * E0240: a value whose shape must be exactly something else (a network's input). With `inferred`, the
 * mismatch comes from a latent silently inferred as a scalar: a note says so at its `~`, and the help
 * gives the declaration that fixes it.
 */
export function netInputShape(span: Span, net: string, expected: Shape, found: Shape, inferred?: InferredScalar): Diagnostic {
  const message = `shape mismatch: network \`${net}\` expects input of shape ${formatShape(expected)}, found ${formatShape(found)}`;
  if (inferred === undefined) return make('E0240', span, message, { label: `shape ${formatShape(found)}` });
  const z = inferred.name;
  return make('E0240', span, `${message}: \`${z}\` was inferred as a scalar (Real), as nothing declares its shape`, {
    label: `shape ${formatShape(found)}`,
    notes: [{ span: inferred.sample.span, message: `\`${z}\` inferred as a scalar from this statement` }],
    help: `declare its shape: \`latent ${z}: Real[${inferred.width}];\``,
  });
}

/** E0240: a layer of a network that does not fit the shape reaching it (the rule's arithmetic in `detail`). */
export function netLayerShape(span: Span, net: string, detail: string, found: Shape): Diagnostic {
  return make('E0240', span, `shape mismatch in network \`${net}\`: ${detail}`, { label: `shape ${formatShape(found)}` });
}

/** E0240: a use that fixes a latent's shape differently from its declaration or earlier use. */
export function shapeMismatch(span: Span, expected: Shape, found: Shape, what: string): Diagnostic {
  return make('E0240', span, `shape mismatch: ${what} expected ${formatShape(expected)}, found ${formatShape(found)}`);
}

/** E0241: elementwise operands whose shapes do not broadcast. */
export function broadcastMismatch(span: Span, op: string, reason: string): Diagnostic {
  return make('E0241', span, `shapes do not broadcast in \`${op}\`: ${reason}`, {
    help: 'elementwise operations need equal sizes on each trailing axis, or size 1',
  });
}

/** E0242: `@` with incompatible operands. */
export function matmulMismatch(span: Span, reason: string): Diagnostic {
  return make('E0242', span, `matrix product: ${reason}`);
}

/** E0243: a constant index or slice past the end of an axis. */
export function indexOutOfBounds(span: Span, reason: string): Diagnostic {
  return make('E0243', span, reason);
}

/** E0244: an index that is not a valid constant position or slice. */
export function invalidIndex(span: Span, reason: string): Diagnostic {
  return make('E0244', span, `invalid index: ${reason}`, { help: 'indices are non-negative integer constants (literals, dims, `+ - *`); slices are `start:end`' });
}

/** E0245: a built-in function applied to arguments of the wrong shape. */
export function functionArgumentShape(span: Span, reason: string): Diagnostic {
  return make('E0245', span, reason);
}

/** E0246: a distribution parameter that does not broadcast to the sampled variable. */
export function parameterShape(span: Span, param: string, dist: string, paramShape: Shape, variable: string, varShape: Shape): Diagnostic {
  return make('E0246', span, `parameter \`${param}\` of \`${dist}\` has shape ${formatShape(paramShape)}, which does not broadcast to the shape of \`${variable}\`, ${formatShape(varShape)}`, {
    label: `shape ${formatShape(paramShape)}`,
  });
}

/** E0231: a mixture's component argument that is not a call of a (non-mixture) distribution. */
export function componentNotADistribution(span: Span, dist: string, found: string): Diagnostic {
  return make('E0231', span, `the component of \`${dist}\` must be a distribution call, found ${found}`, {
    label: 'not a distribution',
    help: 'write the component family with its parameters carrying the mixture axis, e.g. `MixtureSameFamily(w, Normal(mu, sigma))` with `w: Real[K]` and `mu: Real[K, D]`',
  });
}

/** E0232: a mixture's weights and component parameters disagree on the number of components K. */
export function mixtureAxisMismatch(span: Span, what: string, found: number, k: number, from: string): Diagnostic {
  return make('E0232', span, `${what} has ${found} entries on its mixture axis, but the mixture has K = ${k} components (${from})`, {
    label: `${found} components`,
    help: 'the mixture axis is the last axis of the weights and, in each component parameter, the axis just before the event axis (`[K, D]` for a `[D]` value); give them the same length K, or 1 to share a value across components',
  });
}

/** E0246: a vector-event distribution whose variable has no event axis. */
export function missingEventAxis(span: Span, dist: string, variable: string, varShape: Shape): Diagnostic {
  return make('E0246', span, `\`${dist}\` draws vectors, but \`${variable}\` has shape ${formatShape(varShape)}, which has no last axis for the event`, {
    help: 'declare the variable with a vector shape (e.g. `Category(K)` or `Simplex[K]`)',
  });
}

/** E0247: a latent whose shape nothing determines. */
export function undeterminedShape(span: Span, name: string, reason: string, declaration: string): Diagnostic {
  return make('E0247', span, `cannot determine the shape of \`${name}\`: ${reason}`, { help: `declare it, e.g. \`latent ${declaration};\`` });
}

/** E0248: a `factor` whose expression is not a scalar. */
export function factorNotScalar(span: Span, found: Shape): Diagnostic {
  return make('E0248', span, `a \`factor\` adds one number to the log joint, but this expression has shape ${formatShape(found)}`, {
    label: `shape ${formatShape(found)}`,
    help: 'reduce it to a scalar, e.g. `factor sum(...);`, or index one element',
  });
}
