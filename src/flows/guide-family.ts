/**
 * `--guide-family`: the variational family of derived guides for latents with support Real, chosen per
 * run and optionally per latent: `normal` (the diagonal default), `mvn` (full covariance: the encoder
 * emits loc and a Cholesky factor), or `<bijector>:K` (K steps of a bijector registry row after the
 * diagonal Normal, e.g. `planar:8`; any row's `cli` name is accepted, so `iaf:K` works once its row
 * exists). `planar:8,z=mvn` gives every Real latent planar steps but z a full-covariance Gaussian.
 */
import { BIJECTORS, bijectorByCli, type BijectorName } from '../registry/bijectors.js';

/** One family. */
export type GuideFamily =
  | { readonly kind: 'normal' }
  | { readonly kind: 'mvn' }
  | { readonly kind: 'flow'; readonly bijector: BijectorName; readonly steps: number };

/** The parsed option: a default and per-latent overrides. */
export interface GuideFamilyOption {
  readonly default: GuideFamily;
  readonly perLatent: Readonly<Record<string, GuideFamily>>;
}

/** The names `--guide-family` accepts, for messages. */
export function guideFamilyChoices(): string {
  return ['normal', 'mvn', ...Object.values(BIJECTORS).map((b) => `${b.cli}:K`)].join(', ');
}

function parseOne(text: string): GuideFamily | string {
  const t = text.trim();
  if (t === 'normal') return { kind: 'normal' };
  if (t === 'mvn') return { kind: 'mvn' };
  const m = /^([a-z][a-z0-9_]*):(\d+)$/.exec(t);
  const row = m !== null ? bijectorByCli(m[1] as string) : undefined;
  if (m === null || row === undefined) return `unknown guide family \`${t}\` (expected ${guideFamilyChoices()})`;
  const steps = Number(m[2]);
  if (!(steps >= 1 && steps <= 1000)) return `\`${t}\`: the number of steps must be between 1 and 1000`;
  return { kind: 'flow', bijector: row.name, steps };
}

/** Parses `planar:8`, `mvn`, `z=mvn,w=planar:4` …; a string is the reason it does not parse. */
export function parseGuideFamily(text: string): GuideFamilyOption | string {
  let def: GuideFamily = { kind: 'normal' };
  const perLatent: Record<string, GuideFamily> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const fam = parseOne(eq < 0 ? part : part.slice(eq + 1));
    if (typeof fam === 'string') return fam;
    if (eq < 0) def = fam;
    else {
      const name = part.slice(0, eq).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `\`${part.trim()}\`: expected latent=family`;
      perLatent[name] = fam;
    }
  }
  return { default: def, perLatent };
}

/** The family as written on the command line. */
export function guideFamilyText(f: GuideFamily): string {
  return f.kind === 'flow' ? `${BIJECTORS[f.bijector].cli}:${f.steps}` : f.kind;
}
