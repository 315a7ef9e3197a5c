/**
 * The one place that maps each bijector registry row to its implementation. Typed
 * `Record<BijectorName, …>`, so a row without an implementation does not compile.
 */
import type { BijectorName } from '../registry/bijectors.js';
import type { Bijector } from './bijector.js';
import { iaf } from './iaf.js';
import { planar } from './planar.js';

export const BIJECTOR_IMPLEMENTATIONS: Readonly<Record<BijectorName, Bijector>> = {
  Planar: planar,
  IAF: iaf,
};

/** The implementation of a registry row. */
export function bijectorOf(name: BijectorName): Bijector {
  return BIJECTOR_IMPLEMENTATIONS[name];
}
