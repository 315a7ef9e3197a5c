/**
 * Lowers checked AST expressions to IR expressions. Shapes and domains come from the checker's table
 * (`CheckedModel.exprs`) — this stage never re-infers them; index bounds are constant-folded here.
 */
import { InternalError } from '../common/diagnostic.js';
import type { CheckedModel, ExprInfo } from '../check/checked-model.js';
import type { Expr, IndexItem } from '../syntax/ast.js';
import { lookupFunction } from '../registry/functions.js';
import type { IndexAxis, IRExpr, ValueInfo } from './model-ir.js';

/** What lowering needs to know about names: which refer to nets and what dims are worth. */
export interface LowerScope {
  readonly model: CheckedModel;
  /** Names that are networks (model nets, or guide nets inside a guide block). */
  isNet(name: string): boolean;
  /** The value of a dim, or undefined. */
  dim(name: string): number | undefined;
}

function infoOf(scope: LowerScope, e: Expr): ValueInfo {
  const info: ExprInfo | undefined = scope.model.exprs.get(e);
  if (info === undefined) throw new InternalError(`the checker left no type for the expression at offset ${e.span.start}`);
  return { shape: info.shape, domain: info.domain, perDatapoint: info.perDatapoint, span: e.span };
}

/** Evaluates a constant integer expression (numbers, dims, `+ - *`, unary minus). */
export function evalConstInt(scope: LowerScope, e: Expr): number {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'name': {
      const v = scope.dim(e.name);
      if (v === undefined) throw new InternalError(`\`${e.name}\` is not a dim; the checker should have rejected it as an index`);
      return v;
    }
    case 'unary':
      return -evalConstInt(scope, e.operand);
    case 'binary': {
      const a = evalConstInt(scope, e.left);
      const b = evalConstInt(scope, e.right);
      if (e.op === '+') return a + b;
      if (e.op === '-') return a - b;
      if (e.op === '*') return a * b;
      throw new InternalError(`operator ${e.op} in a constant index`);
    }
    default:
      throw new InternalError(`a ${e.kind} expression used as a constant index`);
  }
}

function lowerAxis(scope: LowerScope, item: IndexItem, length: number): IndexAxis {
  if (item.kind === 'at') return { kind: 'at', index: evalConstInt(scope, item.index) };
  const start = item.start === undefined ? 0 : evalConstInt(scope, item.start);
  const end = item.end === undefined ? length : evalConstInt(scope, item.end);
  return { kind: 'slice', start, end };
}

/** Lowers one expression (and its sub-expressions). */
export function lowerExpr(scope: LowerScope, e: Expr): IRExpr {
  const info = infoOf(scope, e);
  switch (e.kind) {
    case 'number':
      return { op: 'const', value: e.value, info };
    case 'identity':
      return { op: 'ones', info };
    case 'name': {
      // A dim used as a value is the constant it names (dims are not sites).
      const dim = scope.dim(e.name);
      return dim !== undefined ? { op: 'const', value: dim, info } : { op: 'ref', name: e.name, info };
    }
    case 'unary':
      return { op: 'neg', arg: lowerExpr(scope, e.operand), info };
    case 'binary':
      return { op: 'binary', operator: e.op, left: lowerExpr(scope, e.left), right: lowerExpr(scope, e.right), info };
    case 'pieces':
      return { op: 'pieces', parts: e.parts.map((p) => ({ start: p.start, end: p.end, value: lowerExpr(scope, p.value), vectorized: p.vectorized })), info };
    case 'index': {
      const target = lowerExpr(scope, e.target);
      const axes = e.items.map((it, i) => lowerAxis(scope, it, target.info.shape[i] ?? 0));
      return { op: 'index', target, axes, info };
    }
    case 'call': {
      const name = e.callee.name;
      const args = e.args.map((a) => lowerExpr(scope, a.value));
      if (scope.isNet(name)) {
        const arg = args[0];
        if (arg === undefined || args.length !== 1) throw new InternalError(`net \`${name}\` called with ${args.length} arguments`);
        return { op: 'net', net: name, arg, preActivation: false, info };
      }
      const fn = lookupFunction(name);
      if (fn === undefined) throw new InternalError(`\`${name}\` is neither a net nor a function after checking`);
      return { op: 'call', fn: fn.name, args, info };
    }
  }
}
