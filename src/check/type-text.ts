/**
 * How a checked variable's type is written back to the user (`tilde check`'s summary lines, the language
 * server's hovers): the domain with its shape, as in a declaration.
 */
import type { Shape } from './checked-model.js';

/** `Real[20]`, `Binary[784]`, `Real` for a scalar, `Category(10)` for a one-hot vector of 10. */
export function formatType(domain: string, shape: Shape, categories?: number): string {
  if (categories !== undefined) {
    const lead = shape.slice(0, -1);
    return `Category(${categories})${lead.length > 0 ? `[${lead.join(', ')}]` : ''}`;
  }
  return shape.length === 0 ? domain : `${domain}[${shape.join(', ')}]`;
}
