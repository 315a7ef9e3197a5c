/**
 * A flow written in a guide block: `z ~ Planar(Normal(loc, scale), steps: 8);` — a bijector registry
 * row called with the base distribution as its only positional argument and the number of steps as
 * `steps:` (an integer constant), after Pyro's `TransformedDistribution(base, [transforms])` and TFP's
 * `TransformedDistribution(distribution, bijector)`. The checker checks the base as the latent's guide
 * distribution, and the flow itself here (E0320). Options of a row (IAF's `hidden`) are named
 * arguments with integer constants too.
 *
 * Verbs: `check*` return the refined flow or report.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { CallExpr, Expr, SampleStmt } from '../syntax/ast.js';
import { makeDiagnostic } from '../check/messages.js';
import { BIJECTORS, isBijectorName, type BijectorName } from '../registry/bijectors.js';

/** A flow in a guide `~` statement, checked. */
export interface CheckedFlow {
  readonly bijector: BijectorName;
  readonly steps: number;
  /** The row's options as given (constants). */
  readonly options: Readonly<Record<string, number>>;
  /** The row's amortized inputs as given (IAF's `h: enc[4:20]`), expressions over guide values. */
  readonly inputs: Readonly<Record<string, Expr>>;
  /** The base distribution's call. */
  readonly base: CallExpr;
}

/** Whether the statement's distribution is a flow (its callee a bijector row). */
export function isFlowCall(s: SampleStmt): boolean {
  return isBijectorName(s.dist.callee.name);
}

/**
 * Checks `Bijector(base, steps: K, option: v…)`; undefined (with E0320 reported) when it is malformed.
 * `support` is the latent's domain: a flow maps R^D onto R^D, so the latent must be Real.
 */
export function checkFlowCall(s: SampleStmt, domain: string | undefined, bag: DiagnosticBag): CheckedFlow | undefined {
  const call = s.dist;
  const name = call.callee.name as BijectorName;
  const spec = BIJECTORS[name];
  const usage = `write \`${s.target.name} ~ ${name}(Normal(loc, scale), steps: 8);\`: a base distribution with support Real, then the number of steps${spec.options.length > 0 ? ` (options: ${spec.options.map((o) => `${o.name}: ${o.default}`).join(', ')})` : ''}`;
  const fail = (span: CallExpr['span'], message: string): undefined => {
    bag.add(makeDiagnostic('E0320', span, message, { help: usage }));
    return undefined;
  };
  if (domain !== undefined && domain !== 'Real') return fail(call.callee.span, `a ${name} flow maps real vectors to real vectors, but \`${s.target.name}\` has domain ${domain}`);
  const positional = call.args.filter((a) => a.name === undefined);
  const base = positional[0]?.value;
  if (positional.length !== 1 || base?.kind !== 'call') return fail(call.span, `\`${name}(…)\` takes its base distribution as its one positional argument`);
  let steps: number | undefined;
  const options: Record<string, number> = {};
  const inputs: Record<string, Expr> = {};
  for (const a of call.args) {
    if (a.name === undefined) continue;
    // An amortized input of the row (IAF's context `h`) is any expression; the guide checker types it.
    if (spec.inputs.some((i) => i.name === a.name?.name)) {
      inputs[a.name.name] = a.value;
      continue;
    }
    const known = a.name.name === 'steps' || spec.options.some((o) => o.name === a.name?.name);
    if (!known) return fail(a.name.span, `\`${name}\` has no argument \`${a.name.name}\` (it takes \`steps\`${[...spec.options, ...spec.inputs].map((o) => `, \`${o.name}\``).join('')})`);
    const v = a.value;
    if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 1 || v.value > 1000) return fail(v.span, `\`${a.name.name}\` must be an integer constant between 1 and 1000`);
    if (a.name.name === 'steps') steps = v.value;
    else options[a.name.name] = v.value;
  }
  if (steps === undefined) return fail(call.span, `\`${name}(…)\` needs the number of steps, as \`steps: K\``);
  return { bijector: name, steps, options, inputs, base };
}

/**
 * E0321: a guide draw of a variable the model does not have — an auxiliary variable a of a hierarchical
 * guide q(z, a | x). The ELBO then needs a reverse model r(a | z, x) and the bound
 * E_q[log p(x, z) + log r(a | z, x) − log q(z, a | x)] (Agakov & Barber 2004; Ranganath, Tran & Blei
 * 2016; Maaløe et al. 2016); scoring a as if it were a model latent would have no log p term for it and
 * optimize the wrong objective, so Tilde refuses it.
 */
export function auxiliaryGuideVariable(span: CallExpr['span'], name: string): ReturnType<typeof makeDiagnostic> {
  return makeDiagnostic('E0321', span, `\`${name}\` is not a variable of the model: an auxiliary variable of the guide (a draw the model does not have) is not supported`, {
    help: `the auxiliary bound needs a reverse model r(${name} | z, x) (Agakov & Barber 2004); to transform a guide draw deterministically use \`let\`, or give \`${name}\` a prior in the model so it is a latent`,
  });
}
