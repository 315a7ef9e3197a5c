/**
 * The built-in functions of the expression language and the activations networks may use, as data.
 * The checker reads `shape` and `domain` to type calls; the runtime maps each name to a tfjs op (its
 * table is typed `Record<FunctionName, …>`, so a function cannot exist in one and not the other).
 */
import type { ValueDomain } from './domains.js';
import { isSubdomain, joinDomains } from './domains.js';

/**
 * How a function maps argument shapes to its result shape (per datapoint, without the batch axis):
 * - `elementwise`: one argument, same shape out;
 * - `last-axis`: one argument of rank ≥ 1, same shape out, computed along the last axis (softmax);
 * - `reduce`: one argument, reduced over every axis to a scalar (sum, mean, logsumexp);
 * - `dot`: two vectors of equal length to a scalar;
 * - `concat`: two or more arguments, equal in all but the last axis, joined along the last axis;
 * - `fill-tril`: a vector of D(D + 1)/2 entries to a D × D lower-triangular matrix.
 */
export type ShapeRule = 'elementwise' | 'last-axis' | 'reduce' | 'dot' | 'concat' | 'fill-tril';

/** A row of the function table. */
export interface FunctionSpec {
  /** The name written in model files. */
  readonly name: FunctionName;
  /** Exact number of arguments, or the minimum for `concat`. */
  readonly arity: number;
  /** Whether more than {@link arity} arguments are allowed. */
  readonly variadic?: boolean;
  /** Shape rule. */
  readonly shape: ShapeRule;
  /** The domain of the result from the domains of the arguments. */
  readonly domain: (args: readonly ValueDomain[]) => ValueDomain;
  /**
   * The domain an argument must lie in for the result to be finite (`log` needs Positive); the checker
   * warns when it cannot prove it.
   */
  readonly argDomain?: ValueDomain;
  /** One line for docs. */
  readonly doc: string;
  /**
   * A distribution-parameter constraint its values satisfy whatever its arguments are
   * (`fill_scale_tril`: a Cholesky factor), which no value domain expresses.
   */
  readonly satisfies?: 'cholesky';
}

/** Names of all built-in functions, in documentation order. */
export const FUNCTION_NAMES = [
  'exp', 'log', 'log1p', 'sqrt', 'abs', 'softplus', 'sigmoid', 'tanh', 'relu',
  'softmax', 'sum', 'mean', 'logsumexp', 'dot', 'concat', 'fill_scale_tril',
] as const;

/** A built-in function name. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

const always = (d: ValueDomain) => (): ValueDomain => d;
const first = (args: readonly ValueDomain[]): ValueDomain => args[0] ?? 'Real';
const allIn = (args: readonly ValueDomain[], d: ValueDomain) => args.length > 0 && args.every((a) => isSubdomain(a, d));

/** The function table. */
export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  exp: { name: 'exp', arity: 1, shape: 'elementwise', domain: always('Positive'), doc: 'e^x, elementwise.' },
  log: { name: 'log', arity: 1, shape: 'elementwise', domain: always('Real'), argDomain: 'Positive', doc: 'Natural logarithm, elementwise.' },
  log1p: {
    name: 'log1p', arity: 1, shape: 'elementwise', argDomain: 'NonNegative',
    domain: (a) => (allIn(a, 'Positive') ? 'Positive' : allIn(a, 'NonNegative') ? 'NonNegative' : 'Real'),
    doc: 'log(1 + x), accurate for small x.',
  },
  sqrt: {
    name: 'sqrt', arity: 1, shape: 'elementwise', argDomain: 'NonNegative',
    domain: (a) => (allIn(a, 'Positive') ? 'Positive' : 'NonNegative'), doc: 'Square root, elementwise.',
  },
  abs: { name: 'abs', arity: 1, shape: 'elementwise', domain: (a) => (allIn(a, 'Positive') ? 'Positive' : 'NonNegative'), doc: 'Absolute value.' },
  softplus: { name: 'softplus', arity: 1, shape: 'elementwise', domain: always('Positive'), doc: 'log(1 + e^x): a smooth map onto (0, ∞).' },
  sigmoid: { name: 'sigmoid', arity: 1, shape: 'elementwise', domain: always('Unit'), doc: '1 / (1 + e^−x): a smooth map onto (0, 1).' },
  tanh: { name: 'tanh', arity: 1, shape: 'elementwise', domain: always('Real'), doc: 'Hyperbolic tangent.' },
  relu: { name: 'relu', arity: 1, shape: 'elementwise', domain: (a) => (allIn(a, 'Positive') ? first(a) : 'NonNegative'), doc: 'max(x, 0).' },
  softmax: { name: 'softmax', arity: 1, shape: 'last-axis', domain: always('Simplex'), doc: 'Normalized exponentials along the last axis.' },
  sum: {
    name: 'sum', arity: 1, shape: 'reduce', domain: (a) => (allIn(a, 'Count') ? 'Count' : allIn(a, 'Positive') ? 'Positive' : allIn(a, 'NonNegative') ? 'NonNegative' : 'Real'),
    doc: 'Sum of all elements.',
  },
  mean: {
    name: 'mean', arity: 1, shape: 'reduce', domain: (a) => (allIn(a, 'Unit') ? 'Unit' : allIn(a, 'Positive') ? 'Positive' : allIn(a, 'NonNegative') ? 'NonNegative' : 'Real'),
    doc: 'Mean of all elements.',
  },
  logsumexp: { name: 'logsumexp', arity: 1, shape: 'reduce', domain: always('Real'), doc: 'log(sum(exp(x))), computed stably.' },
  dot: {
    name: 'dot', arity: 2, shape: 'dot', domain: (a) => (allIn(a, 'Positive') ? 'Positive' : allIn(a, 'NonNegative') ? 'NonNegative' : 'Real'),
    doc: 'Inner product of two vectors of equal length.',
  },
  concat: {
    name: 'concat', arity: 2, variadic: true, shape: 'concat', domain: (a) => a.reduce<ValueDomain>((acc, d) => joinDomains(acc, d), first(a)),
    doc: 'Joins vectors along the last axis.',
  },
  fill_scale_tril: {
    name: 'fill_scale_tril', arity: 1, shape: 'fill-tril', domain: always('Real'), satisfies: 'cholesky',
    doc: "A vector of D(D + 1)/2 reals to a D × D lower-triangular matrix, row by row, with softplus(·) + 1e-4 on the diagonal: a Cholesky factor (TFP's FillScaleTriL).",
  },
};

/** The row for a name, or undefined. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name as FunctionName] : undefined;
}

/** Activations allowed between hidden layers of an `MLP`. */
export const HIDDEN_ACTIVATIONS = ['relu', 'tanh', 'softplus', 'elu', 'sigmoid'] as const;
/** A hidden-layer activation. */
export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number];

/** Activations allowed on a network's output, with the domain of the output they give. */
export const OUTPUT_ACTIVATIONS = {
  identity: 'Real',
  sigmoid: 'Unit',
  softplus: 'Positive',
  exp: 'Positive',
  softmax: 'Simplex',
} as const satisfies Record<string, ValueDomain>;
/** An output activation. */
export type OutputActivation = keyof typeof OUTPUT_ACTIVATIONS;

