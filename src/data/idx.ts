/**
 * The IDX file format of the MNIST distribution (LeCun, Cortes & Burges, "The MNIST database of
 * handwritten digits", file-format section): a 4-byte magic number — two zero bytes, a type code and
 * the number of dimensions — then one big-endian uint32 per dimension, then the data, big-endian,
 * row-major. Fashion-MNIST and KMNIST use the same format.
 *
 * {@link readIdx} validates everything it relies on (magic, type code, dimension count, exact data
 * length) so a truncated or foreign file is a clear error instead of silently wrong numbers.
 */
import { UserError } from '../common/diagnostic.js';

/** Typed arrays an IDX file can decode to. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A decoded IDX file. */
export interface IdxArray {
  /** Sizes of each dimension, outermost first (for MNIST images: `[n, 28, 28]`). */
  readonly dims: readonly number[];
  /** The values, row-major; `data.length` is the product of `dims`. */
  readonly data: IdxData;
  /** The element type as named in the format description. */
  readonly type: IdxType;
}

/** Element types of the IDX format. */
export type IdxType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

/** The type codes of the format (third byte of the magic number) and their element sizes. */
const TYPE_CODES: ReadonlyMap<number, { readonly type: IdxType; readonly bytes: number }> = new Map([
  [0x08, { type: 'ubyte', bytes: 1 }],
  [0x09, { type: 'byte', bytes: 1 }],
  [0x0b, { type: 'short', bytes: 2 }],
  [0x0c, { type: 'int', bytes: 4 }],
  [0x0d, { type: 'float', bytes: 4 }],
  [0x0e, { type: 'double', bytes: 8 }],
]);

/**
 * Decodes an IDX file (already gunzipped).
 *
 * @param bytes - the whole file
 * @param name - the file name, used in messages
 * @returns its dimensions and values; `ubyte` data is a view of `bytes`, not a copy
 * @throws UserError (exit code 1) naming the file for a bad magic number, unknown type code, zero
 *   dimensions, or a data section shorter or longer than the header says
 */
export function readIdx(bytes: Uint8Array, name: string): IdxArray {
  const fail = (why: string): never => {
    throw new UserError(`${name}: not a valid IDX file: ${why}`, 1);
  };
  if (bytes.length < 4) fail(`the file has ${bytes.length} bytes, too short for the 4-byte magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`the magic number must start with two zero bytes, found 0x${hex(bytes[0])} 0x${hex(bytes[1])}`);
  }
  const code = bytes[2] as number;
  const element = TYPE_CODES.get(code) ?? fail(`unknown element type code 0x${hex(code)}`);
  const rank = bytes[3] as number;
  if (rank === 0) fail('the header declares zero dimensions');
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    fail(`truncated header: ${rank} dimensions need ${headerBytes} bytes, the file has ${bytes.length}`);
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = count * element.bytes;
  const found = bytes.length - headerBytes;
  if (found < expected) {
    fail(`truncated data: dimensions ${dims.join(' × ')} need ${expected} bytes after the header, found ${found}`);
  }
  if (found > expected) {
    fail(`${found - expected} unexpected bytes after the data (dimensions ${dims.join(' × ')} need ${expected})`);
  }
  return { dims, data: decode(view, headerBytes, count, element.type, element.bytes), type: element.type };
}

/** Decodes `count` big-endian elements of `type` (`size` bytes each) starting at `offset`. */
function decode(view: DataView, offset: number, count: number, type: IdxType, size: number): IdxData {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, count * size);
  switch (type) {
    case 'ubyte':
      return bytes;
    case 'byte':
      return new Int8Array(bytes.buffer, bytes.byteOffset, count);
    case 'short': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'double': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Two hex digits of a byte (`undefined` prints as `??`). */
function hex(b: number | undefined): string {
  return b === undefined ? '??' : b.toString(16).padStart(2, '0');
}

/**
 * Encodes values as an IDX file (big-endian), the inverse of {@link readIdx}. Used to write small test
 * fixtures and to export data in the format other tools read.
 *
 * @param dims - sizes of each dimension, outermost first
 * @param data - `dims` product many values
 * @param type - the element type to write
 */
export function writeIdx(dims: readonly number[], data: ArrayLike<number>, type: IdxType = 'ubyte'): Uint8Array {
  const entry = [...TYPE_CODES].find(([, t]) => t.type === type);
  const code = entry?.[0] ?? 0x08;
  const size = entry?.[1].bytes ?? 1;
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new RangeError(`writeIdx: ${data.length} values for dimensions ${dims.join(' × ')}`);
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const v = data[i] as number;
    const at = header + i * size;
    if (type === 'ubyte') view.setUint8(at, v);
    else if (type === 'byte') view.setInt8(at, v);
    else if (type === 'short') view.setInt16(at, v, false);
    else if (type === 'int') view.setInt32(at, v, false);
    else if (type === 'float') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}
