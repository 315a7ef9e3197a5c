/**
 * Statement order and global independence, shared by the model body and the guide: the dependency graph
 * of `~` and `let` statements (cycles reported as E0271, the rest topologically sorted with ties in
 * source order), and the rule that a global latent (or its guide) reads nothing that differs between
 * datapoints, directly or through lets.
 *
 * Verbs: `order*` sort and report cycles, `check*` report.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { LetStmt, SampleStmt } from '../syntax/ast.js';
import type { OrderedStmt } from './checked-model.js';
import { collectNameUses, type DepNode, findCycles, type NameUse, orderTopologically } from './dependencies.js';
import { dependencyCycle, globalDependsOnLocal } from './messages-model.js';

/** The names a statement reads. */
function usesOf(s: SampleStmt | LetStmt): NameUse[] {
  const out: NameUse[] = [];
  if (s.kind === 'sample') for (const a of s.dist.args) collectNameUses(a.value, out);
  else collectNameUses(s.value, out);
  return out;
}

/**
 * Orders `~` and `let` statements by dependency (ties in source order), reporting cycles. `bound` holds
 * the checked form of each sample statement; statements without one (they had errors) are left out.
 */
export function orderStatements(
  samples: readonly SampleStmt[],
  lets: readonly LetStmt[],
  bound: ReadonlyMap<SampleStmt, OrderedStmt>,
  bag: DiagnosticBag,
): OrderedStmt[] {
  const stmts = [...samples, ...lets].sort((a, b) => a.span.start - b.span.start);
  const nodes: DepNode[] = stmts.map((s) => ({
    name: s.kind === 'sample' ? s.target.name : s.name.name,
    span: s.kind === 'sample' ? s.target.span : s.name.span,
    uses: usesOf(s),
  }));
  for (const c of findCycles(nodes)) bag.add(dependencyCycle((nodes[c.at] as DepNode).span, c.names, c.notes));
  const order: OrderedStmt[] = [];
  for (const i of orderTopologically(nodes)) {
    const s = stmts[i] as SampleStmt | LetStmt;
    if (s.kind === 'let') order.push({ kind: 'let', stmt: s });
    else {
      const b = bound.get(s);
      if (b !== undefined) order.push(b);
    }
  }
  return order;
}

/** How the global check sees a name: per-datapoint roots, lets to look through, or anything else. */
export type NameClass = { readonly kind: 'data' | 'local latent' | 'let' | 'other'; readonly let?: LetStmt };

/**
 * Reports (once) a global `~` statement whose distribution reads data or a local latent, directly or
 * through lets. `guide` selects the wording for a guide's global.
 */
export function checkGlobalIndependence(s: SampleStmt, classify: (name: string) => NameClass, guide: boolean, bag: DiagnosticBag): void {
  const seen = new Set<LetStmt>();
  // Depth-first through lets; `via` is the chain of lets from the statement to the use.
  const search = (uses: readonly NameUse[], via: readonly string[], at: NameUse | undefined): boolean => {
    for (const u of uses) {
      const c = classify(u.name);
      if (c.kind === 'data' || c.kind === 'local latent') {
        bag.add(globalDependsOnLocal((at ?? u).span, s.target.name, u.name, c.kind, via, guide));
        return true;
      }
      if (c.kind === 'let' && c.let !== undefined && !seen.has(c.let)) {
        seen.add(c.let);
        if (search(usesOf(c.let), [...via, u.name], at ?? u)) return true;
      }
    }
    return false;
  };
  search(usesOf(s), [], undefined);
}
