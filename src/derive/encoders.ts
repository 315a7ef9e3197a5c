/**
 * Default encoder architectures for derived guides: the encoder of a latent mirrors the network that
 * carries the latent towards the data in the model (its "decoder path"), with hidden widths reversed —
 * the VAE's decoder z → 400 → x gives the encoder x → 400 → (loc, scale) (Kingma & Welling 2014, App. C).
 * With no network on the path (e.g. a linear-Gaussian model) the encoder is a single linear layer,
 * enough to represent every posterior whose parameters are linear in the inputs.
 */
import type { HiddenActivation } from '../registry/functions.js';
import { distExprs, type IRExpr, type ModelIR, type NetSite } from '../ir/model-ir.js';

/** Hidden widths and activation of an encoder. */
export interface EncoderShape {
  readonly hidden: readonly number[];
  readonly activation: HiddenActivation;
  /** The model net it mirrors, if any (for `--explain`). */
  readonly mirrors?: string;
}

/** Whether an expression reads `name` directly or through the model's lets (not through another net). */
function readsThroughLets(ir: ModelIR, e: IRExpr, name: string, seen = new Set<string>()): boolean {
  switch (e.op) {
    case 'ref': {
      if (e.name === name) return true;
      const s = ir.sites[e.name];
      if (s?.kind !== 'let' || seen.has(e.name)) return false;
      seen.add(e.name);
      return readsThroughLets(ir, s.value, name, seen);
    }
    case 'net':
      return false;
    case 'call':
      return e.args.some((a) => readsThroughLets(ir, a, name, seen));
    case 'binary':
      return readsThroughLets(ir, e.left, name, seen) || readsThroughLets(ir, e.right, name, seen);
    case 'neg':
      return readsThroughLets(ir, e.arg, name, seen);
    case 'index':
      return readsThroughLets(ir, e.target, name, seen);
    default:
      return false;
  }
}

/** The first network (in dependency order) applied to an expression of `latent`. */
function decoderNet(ir: ModelIR, latent: string): NetSite | undefined {
  const found: string[] = [];
  const scan = (e: IRExpr): void => {
    switch (e.op) {
      case 'net':
        if (readsThroughLets(ir, e.arg, latent)) found.push(e.net);
        scan(e.arg);
        break;
      case 'call':
        e.args.forEach(scan);
        break;
      case 'binary':
        scan(e.left);
        scan(e.right);
        break;
      case 'neg':
        scan(e.arg);
        break;
      case 'index':
        scan(e.target);
        break;
      default:
        break;
    }
  };
  for (const n of ir.order) {
    const s = ir.sites[n];
    if (s?.kind === 'let') scan(s.value);
    else if (s?.kind === 'latent') distExprs(s.prior).forEach(scan);
    else if (s?.kind === 'data' && s.likelihood) distExprs(s.likelihood).forEach(scan);
    const net = found[0];
    if (net !== undefined) {
      const site = ir.sites[net];
      if (site?.kind === 'net') return site;
    }
  }
  return undefined;
}

/** The default encoder shape of a latent, or the user's override (`--encoder-hidden 512,256`). */
export function encoderShape(ir: ModelIR, latent: string, override?: readonly number[]): EncoderShape {
  const net = decoderNet(ir, latent);
  const activation: HiddenActivation = net?.arch === 'MLP' ? net.hidden : 'relu';
  if (override !== undefined) return { hidden: override, activation };
  if (net === undefined) return { hidden: [] , activation };
  const hidden = net.layers.slice(1, -1).reverse();
  return { hidden, activation, mirrors: net.name };
}
