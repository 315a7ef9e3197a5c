/**
 * How a derived encoder mirrors a decoder, read from the network registry's `mirror` column: the
 * decoder's layers in reverse, each replaced by its row's mirror (ConvTranspose2d ↔ Conv2d with the
 * channels reversed, Reshape ↔ Flatten, Linear reversed). `derive/encoders.ts` puts the guide family's
 * heads after it.
 */
import { hiddenActivation, layerRow, netOutputShape, primitives, type LayerKind } from './networks.js';
import { prod, type LayerSpec, type NetShape } from './networks-types.js';

/** A derived encoder's body mirroring a decoder: its input shape (the decoder's output) and the width it ends in. */
export interface MirroredEncoder {
  /** The encoder's layers before its heads (`Conv2d(1 -> 16, …), relu, …, Flatten`). */
  readonly layers: readonly LayerSpec[];
  /** The shape it takes: the decoder's output shape (`[1, 28, 28]`). */
  readonly input: NetShape;
  /** The width of its last layer's output, where the heads' Linear layer attaches. */
  readonly width: number;
}

/**
 * The encoder mirroring a decoder applied to values of shape `latent`: the decoder's layers in reverse,
 * each replaced by its row's mirror, with the decoder's hidden activation after every weighted layer; the
 * mirror of the first decoder layer (which would map back to the latent) is dropped, since the family's
 * heads take its place. Undefined when a layer has no mirror or the mirrored shapes do not round-trip.
 */
export function mirrorEncoder(spec: LayerSpec, latent: NetShape): MirroredEncoder | undefined {
  const r = netOutputShape(spec, latent);
  if ('error' in r || r.lead.length > 0) return undefined;
  const ps = primitives(spec);
  const shapes: NetShape[] = [latent.length === 0 ? [1] : latent, ...r.trace.map((t) => t.shape)];
  const act = hiddenActivation(spec);
  const out: LayerSpec[] = [];
  for (let i = ps.length - 1; i >= 0; i--) {
    const l = ps[i] as LayerSpec;
    const row = layerRow(l.kind);
    if (row.activation !== undefined) continue;
    const m = row.mirror?.(l, shapes[i] as NetShape, shapes[i + 1] as NetShape);
    if (m === undefined) return undefined;
    out.push(m);
    if (layerRow(m.kind).weights !== undefined) out.push({ kind: act as LayerKind, sizes: [], options: {} });
  }
  // Drop the mirror of the decoder's first layer (back to the latent) and the activation after it.
  while (out.length > 0 && layerRow((out[out.length - 1] as LayerSpec).kind).activation !== undefined) out.pop();
  if (out[out.length - 1]?.kind === 'Linear') out.pop();
  while (out.length > 0 && layerRow((out[out.length - 1] as LayerSpec).kind).activation !== undefined) out.pop();
  if (out.length === 0) return undefined;
  const body: LayerSpec = { kind: 'Sequential', sizes: [], options: {}, layers: out };
  const check = netOutputShape(body, r.shape);
  if ('error' in check) return undefined;
  let end = check.shape;
  if (end.length > 1) {
    out.push({ kind: 'Flatten', sizes: [], options: {} });
    end = [prod(end)];
  }
  return { layers: out, input: r.shape, width: end[0] as number };
}
