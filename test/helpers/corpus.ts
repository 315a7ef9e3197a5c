/** Every model of the examples and the good corpus, as (file, model name, source) triples. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceFile } from '../../src/common/span.js';
import { parseProgram } from '../../src/syntax/parse.js';

/** One model of a file. */
export interface CorpusModel {
  readonly file: string;
  readonly model: string;
  readonly text: string;
}

/** The `.tilde` files of a directory, sorted. */
export function tildeFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tilde')).sort().map((f) => join(dir, f));
}

/** Every model of examples/ and test/corpus/good/. */
export function corpusModels(): CorpusModel[] {
  const out: CorpusModel[] = [];
  for (const file of [...tildeFiles('examples'), ...tildeFiles('test/corpus/good')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of parseProgram(new SourceFile(file, text)).program.models) out.push({ file, model: m.name.name, text });
  }
  return out;
}

/**
 * The source with the model's guide block (if any) replaced by `guide`: the block is cut out by its span and
 * the new one inserted before the model's closing brace.
 */
export function withGuide(text: string, model: string, guide: string): string {
  const decl = parseProgram(new SourceFile('<input>', text)).program.models.find((m) => m.name.name === model);
  if (decl === undefined) throw new Error(`no model ${model}`);
  const block = decl.body.find((s) => s.kind === 'guide');
  const close = decl.span.end - 1;
  const indented = guide.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
  if (block === undefined) return `${text.slice(0, close)}${indented}\n${text.slice(close)}`;
  return `${text.slice(0, block.span.start)}${text.slice(block.span.end, close)}${indented}\n${text.slice(close)}`;
}
