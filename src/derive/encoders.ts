/**
 * Default encoder architectures for derived guides: the encoder of a latent mirrors the network that
 * carries the latent towards the data in the model (its "decoder path"), with hidden widths reversed —
 * the VAE's decoder z → 400 → x gives the encoder x → 400 → (loc, scale) (Kingma & Welling 2014, App. C).
 * With no network on the path (e.g. a linear-Gaussian model) the encoder is a single linear layer,
 * enough to represent every posterior whose parameters are linear in the inputs.
 */
import { denseWidths, hiddenActivation } from '../registry/networks.js';
import { mirrorEncoder, type MirroredEncoder } from '../registry/networks-mirror.js';
import type { HiddenActivation } from '../registry/functions.js';
import { distExprs, type IRExpr, type ModelIR, type NetSite, type Shape } from '../ir/model-ir.js';

/** Hidden widths and activation of an encoder (or, for a decoder that is not dense, its mirrored layers). */
export interface EncoderShape {
  readonly hidden: readonly number[];
  readonly activation: HiddenActivation;
  /** A convolutional (or reshaping) decoder's mirror: the encoder's layers before its heads. */
  readonly mirror?: MirroredEncoder;
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
function decoderNet(ir: ModelIR, latent: string): { site: NetSite; arg: Shape } | undefined {
  const found: { net: string; arg: Shape }[] = [];
  const scan = (e: IRExpr): void => {
    switch (e.op) {
      case 'net':
        if (readsThroughLets(ir, e.arg, latent)) found.push({ net: e.net, arg: e.arg.info.shape });
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
      const site = ir.sites[net.net];
      if (site?.kind === 'net') return { site, arg: net.arg };
    }
  }
  return undefined;
}

/** The default encoder shape of a latent, or the user's override (`--encoder-hidden 512,256`). */
export function encoderShape(ir: ModelIR, latent: string, override?: readonly number[]): EncoderShape {
  const found = decoderNet(ir, latent);
  const net = found?.site;
  const activation = (net !== undefined ? hiddenActivation(net.spec) : 'relu') as HiddenActivation;
  if (override !== undefined) return { hidden: override, activation };
  const widths = net !== undefined ? denseWidths(net.spec) : undefined;
  if (net !== undefined && widths === undefined && found !== undefined) {
    const mirror = mirrorEncoder(net.spec, found.arg);
    if (mirror !== undefined) return { hidden: [], activation, mirror, mirrors: net.name };
  }
  if (net === undefined || widths === undefined) return { hidden: [], activation };
  const hidden = widths.slice(1, -1).reverse();
  return { hidden, activation, mirrors: net.name };
}
