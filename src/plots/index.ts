/**
 * The pictures of a trained model, as PNG buffers computed from plain arrays (no tensors, no files):
 * the trainer and `tilde plot` call these and write the buffers into the run directory.
 *
 * - {@link imageGridPng}: ancestral samples (Bernoulli means) in a grid.
 * - {@link reconstructionPng}: test digits beside their reconstructions.
 * - {@link manifoldPng}: the learned 2-D manifold (Kingma & Welling 2014, Fig. 4).
 * - {@link latentScatterPng}: posterior means coloured by label (first two dims or PCA).
 * - {@link trainingCurvePng}: ELBO per epoch, one line per series.
 */
export {
  imageGridPng,
  reconstructionPng,
  gridLayout,
  tileOrigin,
  reconstructionLayout,
  pairOrigin,
  PAD_LEVEL,
  DEFAULT_PAD,
  DEFAULT_SCALE,
  type ImageGridOptions,
  type GridLayout,
  type PixelPosition,
  type ReconstructionLayout,
} from './image-grid.js';
export { manifoldPng, manifoldLatentGrid, MANIFOLD_LOW, MANIFOLD_HIGH, type ManifoldOptions } from './manifold.js';
export {
  latentScatterPng,
  scatterCoordinates,
  type LatentScatterOptions,
  type ScatterCoordinates,
} from './latent-scatter.js';
export { trainingCurvePng, type CurveSeries, type CurveOptions, type CurvePoint } from './training-curve.js';
export { pcaProject2, type Projection2D } from './pca.js';
export { normalQuantile } from './normal-quantile.js';
export { CHART_WIDTH, CHART_HEIGHT, PIXEL_RATIO, CHART_FONT } from './render-chart.js';
