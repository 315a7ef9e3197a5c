/**
 * Binding a distribution call's arguments to one parameterization of its registry row.
 *
 * Rules: positional arguments come first and bind, in order, to the parameters of the chosen
 * parameterization; named arguments bind by name. The parameterization is the first one whose
 * parameter names include every named argument (so `Bernoulli(p)` is `probs`, `Bernoulli(logits: e)`
 * is `logits`). Unknown or repeated names, names from two parameterizations, and a wrong total count are
 * errors that list the expected parameters.
 *
 * Verbs: `bind*` return the binding or report why there is none.
 */
import { DiagnosticBag } from '../common/diagnostic.js';
import type { DistributionSpec, ParamSpec } from '../registry/distributions.js';
import type { Arg, CallExpr, Expr } from '../syntax/ast.js';
import type { BoundDistribution } from './checked-model.js';
import { distributionArity, duplicateArgument, mixedParameterizations, positionalAfterNamed, unknownParameterName } from './messages-expr.js';
import { suggest } from './scope.js';

/** Binds `call`'s arguments to a parameterization of `spec`, or reports and returns undefined. */
export function bindDistribution(call: CallExpr, spec: DistributionSpec, bag: DiagnosticBag): BoundDistribution | undefined {
  const names = spec.parameterizations.map((p) => p.map((q) => q.name));
  const allNames = [...new Set(names.flat())];
  let ok = true;
  let seenNamed = false;
  const named = new Map<string, Arg>();
  const positional: Arg[] = [];
  for (const a of call.args) {
    if (a.name === undefined) {
      if (seenNamed) {
        bag.add(positionalAfterNamed(a.span));
        ok = false;
      }
      positional.push(a);
      continue;
    }
    seenNamed = true;
    const n = a.name.name;
    if (!allNames.includes(n)) {
      bag.add(unknownParameterName(a.name.span, spec.name, n, names, suggest(n, allNames)));
      ok = false;
    } else if (named.has(n)) {
      bag.add(duplicateArgument(a.name.span, n, (named.get(n) as Arg).name?.span ?? a.span));
      ok = false;
    } else named.set(n, a);
  }
  if (!ok) return undefined;
  const index = chooseParameterization(call, spec, names, named, bag);
  if (index === undefined) return undefined;
  const params = spec.parameterizations[index] as readonly ParamSpec[];
  if (call.args.length !== params.length) {
    bag.add(distributionArity(call.span, spec.name, call.args.length, names));
    return undefined;
  }
  const values = new Map<string, Expr>();
  for (const [i, a] of positional.entries()) values.set((params[i] as ParamSpec).name, a.value);
  for (const [n, a] of named) {
    if (values.has(n)) {
      const posArg = positional[params.findIndex((p) => p.name === n)] as Arg;
      bag.add(duplicateArgument((a.name ?? a).span, n, posArg.span));
      return undefined;
    }
    values.set(n, a.value);
  }
  // Count and uniqueness hold, so every parameter has exactly one value.
  return { call, spec, parameterization: index, args: params.map((param) => ({ param, value: values.get(param.name) as Expr })) };
}

function chooseParameterization(
  call: CallExpr,
  spec: DistributionSpec,
  names: readonly (readonly string[])[],
  named: ReadonlyMap<string, Arg>,
  bag: DiagnosticBag,
): number | undefined {
  const given = [...named.keys()];
  const index = names.findIndex((ps) => given.every((g) => ps.includes(g)));
  if (index >= 0) return index;
  // Find two names that no single parameterization has together, to name them.
  for (const [i, a] of given.entries()) {
    for (const b of given.slice(i + 1)) {
      if (!names.some((ps) => ps.includes(a) && ps.includes(b))) {
        bag.add(mixedParameterizations((named.get(b) as Arg).span, spec.name, a, b, names));
        return undefined;
      }
    }
  }
  bag.add(mixedParameterizations(call.span, spec.name, given[0] ?? '', given[1] ?? '', names));
  return undefined;
}

/** A call's arguments bound to a parameterization of `spec`, without reporting (undefined when they do not bind). */
export function bindSilently(call: CallExpr, spec: DistributionSpec): BoundDistribution | undefined {
  return bindDistribution(call, spec, new DiagnosticBag());
}
