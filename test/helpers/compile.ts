/** Compiles Tilde source in tests, failing with the rendered diagnostics when it does not compile. */
import { readFileSync } from 'node:fs';
import { compile, type CompileOptions, type CompiledArtifacts } from '../../src/compile.js';
import { renderDiagnostics } from '../../src/common/render.js';

/** The artifacts of `text`, or an exception carrying the rendered diagnostics. */
export function compileOk(text: string, options: CompileOptions = {}): CompiledArtifacts {
  const r = compile(text, options);
  if (!r.ok) {
    const usage = 'usage' in r ? `${r.usage}\n` : '';
    throw new Error(`expected the model to compile:\n${usage}${renderDiagnostics(r.diagnostics, r.source)}`);
  }
  return r.artifacts;
}

/** Compiles a file. */
export function compileFile(path: string, options: CompileOptions = {}): CompiledArtifacts {
  return compileOk(readFileSync(path, 'utf8'), { fileName: path, ...options });
}
