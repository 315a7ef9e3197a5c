/**
 * The amortized inputs of a flow written in a guide block (IAF's context, `IAF(Normal(…), steps: 2,
 * h: enc[4:20])`; Kingma et al. 2016, §4): each is typed like any guide expression and must be a vector
 * of the width its bijector row declares (`context`, 16 by default); a missing one is allowed (the steps
 * then read a zero context, as a non-amortized IAF does). Reported as E0320 at the argument.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { ExprTyper } from '../check/infer-expr.js';
import { makeDiagnostic } from '../check/messages.js';
import { BIJECTORS, bijectorOptions } from '../registry/bijectors.js';
import type { CheckedFlow } from './check-flow.js';

/** Types the flow's inputs; false (after reporting) when one has the wrong shape. */
export function checkFlowInputs(flow: CheckedFlow, latentShape: readonly number[] | undefined, typer: ExprTyper, bag: DiagnosticBag): boolean {
  const spec = BIJECTORS[flow.bijector];
  const options = bijectorOptions(spec, flow.options);
  const eventSize = (latentShape ?? []).reduce((a, b) => a * b, 1);
  let ok = true;
  for (const inp of spec.inputs) {
    const e = flow.inputs[inp.name];
    if (e === undefined) continue;
    const info = typer.infer(e);
    if (info === undefined) {
      ok = false;
      continue;
    }
    const width = inp.width(eventSize, options);
    if (info.shape.length !== 1 || info.shape[0] !== width) {
      bag.add(makeDiagnostic('E0320', e.span, `\`${inp.name}\` of \`${spec.name}\` (${inp.doc}) must be a vector of ${width} values here, but it has shape [${info.shape.join(', ')}]`, { help: `give it ${width} values, or set \`context: ${info.shape.length === 1 ? info.shape[0] : width}\`` }));
      ok = false;
    }
  }
  return ok;
}
