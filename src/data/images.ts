/**
 * Grey-level image data (MNIST and other IDX image files) laid out for a model. The images go to the
 * model's single image variable, whose size must be the image size (shape `[784]`, `[28, 28]` or
 * `[1, 28, 28]` for MNIST); class labels, when the source has them, go to a scalar `Category(K)` data variable if the
 * model declares one (one-hot) and are always kept in {@link Dataset.labels}.
 *
 * How grey levels p ∈ {0…255} become values depends on the image variable's domain (see binarize.ts):
 * `Binary` — binarized (static threshold or dynamic resampling); `Unit` — p/255 clamped into (0, 1);
 * `Real` — p/255 in [0, 1]. Other domains do not describe grey levels and are an error.
 */
import { UserError } from '../common/diagnostic.js';
import { Rng } from '../distributions/rng.js';
import { binarizeStatic, greyLevels, greyLevelsInUnit, resampleBinary } from './binarize.js';
import { describeSource, type Dataset, type LoadOptions } from './dataset-types.js';
import { expectedValue } from './validate.js';
import { categoryCount, describeAcceptedShapes, describeDeclaration, fitsFileShape, rowWidth, type DataVariable } from './variables.js';

/** A set of 8-bit grey-level images, optionally labelled, already cut to the rows to keep. */
export interface GreyImages {
  /** What the user calls the source (`mnist:train`, a file name), for messages and the description. */
  readonly name: string;
  /** Sizes of one image, e.g. `[28, 28]`. */
  readonly imageDims: readonly number[];
  /** `n × prod(imageDims)` grey levels, row-major. */
  readonly pixels: Uint8Array;
  /** Rows kept. */
  readonly n: number;
  /** Rows in the source before any limit. */
  readonly total: number;
  /** One class label per kept row, if the source has labels. */
  readonly labels?: Uint8Array;
  /** Where the labels came from, for messages (defaults to `name`). */
  readonly labelsName?: string;
}

/**
 * Lays grey-level images out for the model's data variables.
 *
 * @param images - the images (and labels)
 * @param variables - the model's data variables
 * @param options - `binarize` and `seed` are used
 * @throws UserError (exit code 1) when the model's data declarations do not fit the images
 */
export function datasetFromGreyImages(images: GreyImages, variables: readonly DataVariable[], options: LoadOptions): Dataset {
  const size = images.imageDims.reduce((a, b) => a * b, 1);
  const dimsText = images.imageDims.join(' × ');
  const provides = `${images.name} holds ${dimsText} grey-level images${images.labels ? ' with class labels' : ''}`;
  const misfit = (why: string): never => {
    throw new UserError(`${provides}, which do not fit the model's data (${variables.map(describeDeclaration).join(', ')}): ${why}`, 1);
  };
  const isLabel = (v: DataVariable): boolean => v.domain === 'Category' && v.shape.length === 1;
  const labelVars = variables.filter(isLabel);
  if (labelVars.length > 0 && !images.labels) misfit(`${labelVars.map((v) => v.name).join(', ')} would need class labels, and ${images.name} has none`);
  if (labelVars.length > 1) misfit(`only one Category variable can receive the labels, found ${labelVars.map((v) => v.name).join(', ')}`);
  const imageVars = variables.filter((v) => !isLabel(v));
  const imageVar = imageVars[0] ?? misfit(`declare one data variable of ${size} elements for the images, e.g. data x: Binary[${size}]`);
  if (imageVars.length > 1) misfit(`declare exactly one data variable for the images besides the labels, found ${imageVars.map((v) => v.name).join(', ')}`);
  checkImageVariable(imageVar, images.imageDims, size, misfit);

  const columns = new Map<string, Float32Array>();
  let grey: ReadonlyMap<string, Float32Array> | undefined;
  if (imageVar.domain === 'Binary' && options.binarize === 'dynamic') {
    const levels = greyLevels(images.pixels);
    grey = new Map([[imageVar.name, levels]]);
    columns.set(imageVar.name, resampleBinary(levels, new Rng(options.seed ?? 0)));
  } else {
    const convert = imageVar.domain === 'Binary' ? binarizeStatic : imageVar.domain === 'Unit' ? greyLevelsInUnit : greyLevels;
    columns.set(imageVar.name, convert(images.pixels));
  }
  const labelVar = labelVars[0];
  if (labelVar !== undefined && images.labels) columns.set(labelVar.name, oneHotLabels(images.labels, labelVar, images.labelsName ?? images.name));
  const base = { n: images.n, columns, source: describeSource(images.name, images.n, images.total) };
  const withLabels = images.labels ? { ...base, labels: Int32Array.from(images.labels) } : base;
  return grey ? { ...withLabels, greyLevels: grey } : withLabels;
}

/**
 * The image variable must hold grey levels and have the image's size, flat, in the image's shape, or
 * channel-first with one channel (see acceptedShapes in variables.ts).
 */
function checkImageVariable(v: DataVariable, dims: readonly number[], size: number, misfit: (why: string) => never): void {
  const decl = describeDeclaration(v);
  const shapes = describeAcceptedShapes(dims);
  if (v.domain !== 'Binary' && v.domain !== 'Unit' && v.domain !== 'Real') {
    misfit(`${decl}: grey levels load as Binary (binarized), Unit (clamped into (0, 1)) or Real (in [0, 1]), not ${v.domain}`);
  }
  const width = rowWidth(v);
  if (width !== size) misfit(`${decl} has ${width} elements per datapoint, the images ${size} (${dims.join(' × ')}): declare the shape ${shapes}`);
  if (!fitsFileShape(v.shape, dims)) misfit(`${decl} has the right size but not the images' shape ${`[${dims.join(', ')}]`}: declare ${shapes}`);
}

/** Labels as one-hot rows for a `Category(K)` variable; a label ≥ K is an error naming its row. */
function oneHotLabels(labels: Uint8Array, v: DataVariable, source: string): Float32Array {
  const k = categoryCount(v);
  const out = new Float32Array(labels.length * k);
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r] as number;
    if (label >= k) throw new UserError(`${source}: row ${r + 1}, column ${v.name}: expected ${expectedValue(v)}, found ${label}`, 1);
    out[r * k + label] = 1;
  }
  return out;
}
