/**
 * Compile-time integer expressions: dim values, sizes in types and network signatures, and constant
 * indices. They are written with integer literals, dims, unary `-` and `+ - *`; a size must come out
 * positive, an index non-negative. Dims may refer to each other in any order; a cycle among dims is an
 * error naming it.
 *
 * Verbs: `evaluate*` compute a value and report what is wrong with the expression.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { DimDecl, Expr, NameRef } from '../syntax/ast.js';
import type { ExprInfo } from './checked-model.js';
import { constantDomain, foldBinary } from './domains.js';
import { invalidIndex } from './messages-expr.js';
import { dependencyCycle } from './messages-model.js';
import { invalidSize, unknownName } from './messages.js';
import { KIND_WORDS, type ScopeEntry, suggest } from './scope.js';

/** What an integer expression is for: sizes must be ≥ 1, indices ≥ 0. */
export type IntegerPurpose = 'size' | 'index';

/** Evaluates dims (lazily, once each) and other integer expressions of one model. */
export class IntegerEvaluator {
  private readonly values = new Map<string, number | undefined>();
  private readonly visiting: string[] = [];

  /**
   * @param lookup - resolves a name to its model-level entry (marking it used)
   * @param dimNames - every dim's name, for suggestions
   * @param bag - where errors go
   * @param exprs - where the info of every evaluated sub-expression is recorded
   */
  constructor(
    private readonly lookup: (name: string) => ScopeEntry | undefined,
    private readonly dimNames: readonly string[],
    private readonly bag: DiagnosticBag,
    private readonly exprs: Map<Expr, ExprInfo>,
  ) {}

  /** The value of a dim (evaluating it on first use), or undefined if it is invalid. */
  dim(decl: DimDecl): number | undefined {
    const name = decl.name.name;
    if (this.values.has(name)) return this.values.get(name);
    const at = this.visiting.indexOf(name);
    if (at >= 0) {
      const cycle = [...this.visiting.slice(at), name];
      this.bag.add(dependencyCycle(decl.name.span, cycle, []));
      for (const n of cycle) this.values.set(n, undefined);
      return undefined;
    }
    this.visiting.push(name);
    const v = this.evaluate(decl.value, 'size');
    this.visiting.pop();
    // A cycle found below already stored `undefined` for this dim: keep it.
    if (!this.values.has(name)) this.values.set(name, v);
    return this.values.get(name);
  }

  /** Evaluates an integer expression and checks its range for the purpose. */
  evaluate(e: Expr, purpose: IntegerPurpose): number | undefined {
    const v = this.value(e, purpose);
    if (v === undefined) return undefined;
    if (purpose === 'size' && v < 1) {
      this.bag.add(invalidSize(e.span, `a size must be positive, but this is ${v}`));
      return undefined;
    }
    if (purpose === 'index' && v < 0) {
      this.bag.add(invalidIndex(e.span, `an index must be non-negative, but this is ${v}`));
      return undefined;
    }
    return v;
  }

  /**
   * The value of a constant expression (literals, dims, unary `-`, `+ - * / ^`), without reporting;
   * undefined when it is not constant. Used for the bounds of `Uniform`.
   */
  constantOf(e: Expr): number | undefined {
    switch (e.kind) {
      case 'number':
        return e.value;
      case 'name': {
        const entry = this.lookup(e.name);
        return entry?.kind === 'dim' ? this.dim(entry.decl) : undefined;
      }
      case 'unary': {
        const v = this.constantOf(e.operand);
        return v === undefined ? undefined : -v;
      }
      case 'binary': {
        if (e.op === '@') return undefined;
        const a = this.constantOf(e.left);
        const b = this.constantOf(e.right);
        return a === undefined || b === undefined ? undefined : foldBinary(e.op, a, b);
      }
      default:
        return undefined;
    }
  }

  private fail(e: Expr, purpose: IntegerPurpose, detail: string): undefined {
    this.bag.add(purpose === 'size' ? invalidSize(e.span, detail) : invalidIndex(e.span, detail));
    return undefined;
  }

  private value(e: Expr, purpose: IntegerPurpose): number | undefined {
    const v = this.compute(e, purpose);
    if (v !== undefined) this.exprs.set(e, { shape: [], domain: constantDomain(v), perDatapoint: false, constant: v });
    return v;
  }

  private compute(e: Expr, purpose: IntegerPurpose): number | undefined {
    const what = purpose === 'size' ? 'sizes' : 'indices';
    switch (e.kind) {
      case 'number':
        return Number.isInteger(e.value) ? e.value : this.fail(e, purpose, `${what} must be integers, found \`${e.text}\``);
      case 'name':
        return this.name(e, purpose);
      case 'unary': {
        const v = this.value(e.operand, purpose);
        return v === undefined ? undefined : -v;
      }
      case 'binary': {
        if (e.op !== '+' && e.op !== '-' && e.op !== '*') return this.fail(e, purpose, `operator \`${e.op}\` is not allowed in ${what} (only \`+ - *\`)`);
        const a = this.value(e.left, purpose);
        const b = this.value(e.right, purpose);
        if (a === undefined || b === undefined) return undefined;
        return e.op === '+' ? a + b : e.op === '-' ? a - b : a * b;
      }
      case 'identity':
        return this.fail(e, purpose, `\`I\` is not a constant integer`);
      case 'call':
        return this.fail(e, purpose, `${what} must be constant integers, found a call to \`${e.callee.name}\``);
      case 'index':
        return this.fail(e, purpose, `${what} must be constant integers, found an indexed value`);
    }
  }

  private name(ref: NameRef, purpose: IntegerPurpose): number | undefined {
    const entry = this.lookup(ref.name);
    if (entry === undefined) {
      this.bag.add(unknownName(ref.span, ref.name, suggest(ref.name, this.dimNames)));
      return undefined;
    }
    if (entry.kind !== 'dim') {
      const what = purpose === 'size' ? 'sizes' : 'indices';
      return this.fail(ref, purpose, `${what} may only use dims, but \`${ref.name}\` is a ${KIND_WORDS[entry.kind]}`);
    }
    return this.dim(entry.decl);
  }
}
