/**
 * What the language server knows about one open document: the syntax tree, the diagnostics `tilde
 * check` reports (the front end's, then the derive stage's for every model that checks), the checked
 * models and, for each model that compiles, its artifacts (derived guide, plan). Pure: runs anywhere
 * (the playground runs it in a Web Worker) and loads no TensorFlow.js.
 */
import type { Diagnostic } from '../common/diagnostic.js';
import { SourceFile, type Span } from '../common/span.js';
import type { CheckedModel } from '../check/checked-model.js';
import { checkThroughPlan, type CompiledArtifacts } from '../compile.js';
import type { Ident, ModelDecl, Program, Statement } from '../syntax/ast.js';
import { parseProgram } from '../syntax/parse.js';
import { tildeLexer } from '../syntax/tokens.js';

/** One analysed document. */
export interface Analysis {
  /** The text, with its name (spans index into it). */
  readonly source: SourceFile;
  /** The (possibly recovered) syntax tree: declared names are found here even when the model has errors. */
  readonly program: Program;
  /** Every diagnostic, sorted by position: the front end's, then each checked model's compile diagnostics. */
  readonly diagnostics: readonly Diagnostic[];
  /** Models without front-end errors. */
  readonly models: readonly CheckedModel[];
  /** Artifacts of each model that compiles, by model name. */
  readonly compiled: ReadonlyMap<string, CompiledArtifacts>;
}

/** Analyses a document's text. Never throws for any input. */
export function analyze(name: string, text: string): Analysis {
  const source = new SourceFile(name, text);
  const { diagnostics, models, compiled } = checkThroughPlan(source);
  return { source, program: parseProgram(source).program, diagnostics, models, compiled };
}

/** A name written in the source, with what kind of token it is. */
export interface WordAt {
  /** The identifier or keyword text. */
  readonly text: string;
  /** Its span. */
  readonly span: Span;
  /** `name` for identifiers, `keyword` for keywords. */
  readonly kind: 'name' | 'keyword';
}

/** The identifier or keyword under `offset` (or ending at it), by the lexer — never inside a comment. */
export function wordAt(text: string, offset: number): WordAt | undefined {
  for (const t of tildeLexer.tokenize(text).tokens) {
    const start = t.startOffset;
    const end = start + t.image.length;
    if (start > offset) break;
    if (offset > end || !/^[A-Za-z_]/.test(t.image)) continue;
    return { text: t.image, span: { start, end }, kind: t.tokenType.name === 'Identifier' ? 'name' : 'keyword' };
  }
  return undefined;
}

/** The model whose text contains `offset` (the last one starting before it). */
export function modelAt(program: Program, offset: number): ModelDecl | undefined {
  let found: ModelDecl | undefined;
  for (const m of program.models) if (m.span.start <= offset) found = m;
  return found;
}

/** A name a model declares, where it is declared, and by what statement. */
export interface Declaration {
  /** The declared name. */
  readonly name: string;
  /** The name's span in its declaration. */
  readonly span: Span;
  /** `dim`, `data`, `param`, `latent`, `net`, `let`, or `sample` for a latent introduced by its `~`. */
  readonly kind: Statement['kind'];
  /** Whether the declaration is inside the model's `guide` block. */
  readonly inGuide: boolean;
}

/**
 * Every name a model declares, first declaration first: a `~` statement declares its target only if
 * no `latent`/`data` declaration named it. Read from the syntax tree, so it works on models with errors.
 */
export function declarations(model: ModelDecl): Declaration[] {
  const all: Declaration[] = [];
  const visit = (body: readonly Statement[], inGuide: boolean): void => {
    for (const s of body) {
      if (s.kind === 'guide') visit(s.body, true);
      else if (s.kind === 'for') visit(s.body, inGuide);
      else if (s.kind !== 'factor') {
        const ident: Ident = s.kind === 'sample' ? s.target : s.name;
        all.push({ name: ident.name, span: ident.span, kind: s.kind, inGuide });
      }
    }
  };
  visit(model.body, false);
  const first = new Map<string, Declaration>();
  for (const d of all) {
    const key = `${d.inGuide}/${d.name}`;
    const prev = first.get(key);
    if (prev === undefined || (prev.kind === 'sample' && d.kind !== 'sample')) first.set(key, d);
  }
  return [...first.values()].sort((a, b) => a.span.start - b.span.start);
}
