/** Helpers for the checker tests: checking inline sources, and walking every expression node of a model. */
import { layerExpressions } from '../../src/check/resolve-net.js';
import { fileURLToPath } from 'node:url';
import type { CheckedModel } from '../../src/check/checked-model.js';
import { checkSource, type CheckResult } from '../../src/check/check-program.js';
import type { Diagnostic } from '../../src/common/diagnostic.js';
import { SourceFile } from '../../src/common/span.js';
import type { Expr, ModelDecl, Statement } from '../../src/syntax/ast.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Checks a source string named `<test>`. */
export function check(text: string): CheckResult & { file: SourceFile } {
  const file = new SourceFile('<test>', text);
  return { ...checkSource(file), file };
}

/** Wraps statements into `model m { … }` and checks it. */
export function checkBody(body: string): CheckResult & { file: SourceFile } {
  return check(`model m {\n${body}\n}\n`);
}

/** The single checked model of a source, failing loudly with its diagnostics if there is none. */
export function model(body: string): CheckedModel {
  const r = checkBody(body);
  const m = r.models[0];
  if (m === undefined) throw new Error(`expected a checked model, got: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return m;
}

/** `CODE@line:col` for each diagnostic, in order. */
export function codesAt(r: { diagnostics: readonly Diagnostic[]; file: SourceFile }): string[] {
  return r.diagnostics.map((d) => {
    const p = r.file.position(d.span.start);
    return `${d.code}@${p.line}:${p.column}`;
  });
}

/** Codes of the diagnostics, in order. */
export function codes(r: { diagnostics: readonly Diagnostic[] }): string[] {
  return r.diagnostics.map((d) => d.code);
}

function walkExpr(e: Expr, out: Expr[]): void {
  out.push(e);
  switch (e.kind) {
    case 'unary':
      walkExpr(e.operand, out);
      break;
    case 'binary':
      walkExpr(e.left, out);
      walkExpr(e.right, out);
      break;
    case 'call':
      for (const a of e.args) walkExpr(a.value, out);
      break;
    case 'pieces':
      for (const p of e.parts) walkExpr(p.value, out);
      break;
    case 'index':
      walkExpr(e.target, out);
      for (const it of e.items) {
        if (it.kind === 'at') walkExpr(it.index, out);
        else {
          if (it.start) walkExpr(it.start, out);
          if (it.end) walkExpr(it.end, out);
        }
      }
      break;
    default:
      break;
  }
}

function walkStatements(body: readonly Statement[], out: Expr[]): void {
  for (const s of body) {
    switch (s.kind) {
      case 'dim':
        walkExpr(s.value, out);
        break;
      case 'data':
      case 'param':
      case 'latent':
        for (const e of [...s.type.domainArgs, ...s.type.shape]) walkExpr(e, out);
        break;
      case 'net':
        for (const e of layerExpressions(s.layer)) walkExpr(e, out);
        break;
      case 'sample':
        walkExpr(s.dist, out);
        break;
      case 'let':
        walkExpr(s.value, out);
        break;
      case 'guide':
        walkStatements(s.body, out);
        break;
    }
  }
}

/** Every expression node of a model declaration, including guide, types, sizes and distribution calls. */
export function allExpressions(m: ModelDecl): Expr[] {
  const out: Expr[] = [];
  walkStatements(m.body, out);
  return out;
}
