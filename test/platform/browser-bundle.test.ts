/**
 * The core runs anywhere: src/index.ts bundles for the browser (esbuild, platform browser, the
 * `browser` export conditions) with no Node module in it, and the compiler — parse, check, compile,
 * explain — bundles without TensorFlow.js. (tsconfig.core.json checks the same boundary on types.)
 */
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Bundles the entries for the browser; returns the bundled inputs and every import esbuild saw. */
async function bundleForBrowser(entryPoints: string[]): Promise<{ inputs: string[]; imports: string[]; errors: string[] }> {
  try {
    const result = await esbuild.build({
      entryPoints, bundle: true, write: false, metafile: true, platform: 'browser', format: 'esm', outdir: 'out',
      splitting: true, logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    return { inputs, imports, errors: [] };
  } catch (e) {
    const failure = e as esbuild.BuildFailure;
    return { inputs: [], imports: [], errors: (failure.errors ?? [{ text: String(e) }]).map((m) => `${m.location?.file ?? '?'}: ${m.text}`) };
  }
}

describe('the core in a browser', () => {
  it('bundles src/index.ts for the browser without any Node module', async () => {
    const { inputs, imports, errors } = await bundleForBrowser(['src/index.ts']);
    expect(errors).toEqual([]);
    expect(imports.filter((p) => NODE_BUILTINS.has(p) || p.startsWith('node:'))).toEqual([]);
    // The core's own files only: no Node adapter slipped in through a re-export.
    const adapters = ['src/api/run-dir.ts', 'src/api/pictures.ts', 'src/data/dataset.ts', 'src/data/read-file.ts', 'src/runtime/backend.ts', 'src/infer/checkpoint.ts'];
    expect(inputs.filter((f) => adapters.includes(f))).toEqual([]);
    expect(inputs).toContain('src/compile.ts');
    expect(inputs).toContain('src/api/tilde-model.ts');
  });

  it('bundles the language server (as the playground runs it in a Web Worker) without Node modules or TensorFlow.js', async () => {
    const { inputs, errors } = await bundleForBrowser(['src/lsp/server.ts']);
    expect(errors).toEqual([]);
    expect(inputs.filter((f) => f.includes('@tensorflow'))).toEqual([]);
  });

  it('a Node module in the core fails the bundle (the check can fail)', async () => {
    const { errors } = await bundleForBrowser(['src/node.ts']);
    expect(errors.join('\n')).toMatch(/node:/);
  });

  it('bundles the compiler without TensorFlow.js', async () => {
    const { inputs, errors } = await bundleForBrowser(['src/compile.ts', 'src/derive/explain.ts', 'src/check/check-program.ts']);
    expect(errors).toEqual([]);
    expect(inputs.filter((f) => f.includes('@tensorflow'))).toEqual([]);
    expect(inputs).toContain('src/registry/kl-pairs.ts');
  });
});
