/**
 * The latent space drawn as a scatter of test-set posterior means, coloured by label — the "latent space
 * colored by digit" figure of VAE tutorials (cf. Kingma & Welling 2014, Fig. 4 for the 2-D case). With a
 * latent of more than two dimensions the picture shows either its first two coordinates or, when asked,
 * its first two principal components ({@link pcaProject2}).
 */
import type { TopLevelSpec } from 'vega-lite';
import { InternalError } from '../common/diagnostic.js';
import { requirePositiveInteger } from './grey-canvas.js';
import { pcaProject2 } from './pca.js';
import { renderVegaLitePng } from './render-chart.js';

/** Options of {@link latentScatterPng}. */
export interface LatentScatterOptions {
  /** Chart title; default "Latent space (posterior means)". */
  title?: string;
  /** Project on the first two principal components when dims > 2 (default: first two coordinates). */
  pca?: boolean;
  /** Title of the colour legend; default "label" (the CLI passes "digit" for MNIST). */
  legendTitle?: string;
}

/** The two plotted coordinates of each point and the axis titles that say what they are. */
export interface ScatterCoordinates {
  /** n × 2 values, point-major. */
  readonly xy: Float32Array;
  /** Horizontal axis title, e.g. "z₁" or "PC 1 (41.3 % of variance)". */
  readonly xTitle: string;
  /** Vertical axis title. */
  readonly yTitle: string;
}

/**
 * Choose what to plot: PCA scores when `pca` is set and dims > 2, else the first two coordinates
 * (a 1-D latent is drawn as a strip at height 0).
 *
 * @param points - n × dims values, point-major
 * @param dims - latent dimension (≥ 1)
 * @param pca - whether to project on principal components when dims > 2
 */
export function scatterCoordinates(points: Float32Array, dims: number, pca: boolean): ScatterCoordinates {
  requirePositiveInteger(dims, 'latent dimension');
  if (points.length % dims !== 0) throw new InternalError(`${points.length} values are not whole points of ${dims} dims`);
  const n = points.length / dims;
  if (pca && dims > 2 && n > 0) {
    const projection = pcaProject2(points, n, dims);
    const percent = (f: number): string => `${(100 * f).toFixed(1)} % of variance`;
    return {
      xy: projection.points,
      xTitle: `PC 1 (${percent(projection.explained[0])})`,
      yTitle: `PC 2 (${percent(projection.explained[1])})`,
    };
  }
  const xy = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = points[i * dims] as number;
    xy[2 * i + 1] = dims > 1 ? (points[i * dims + 1] as number) : 0;
  }
  return { xy, xTitle: 'z₁', yTitle: dims > 1 ? 'z₂' : '(one-dimensional latent)' };
}

/**
 * Scatter of latent points (e.g. test-set posterior means) coloured by label, as a PNG.
 *
 * Colours follow Vega's `category10` scheme in increasing label order (label 0 blue, 1 orange, 2 green,
 * …), with a legend. Points are drawn small and semi-transparent so 10 000 of them stay readable.
 *
 * @param points - n × dims values, point-major
 * @param dims - latent dimension
 * @param labels - n integer labels (e.g. digit classes), or undefined for a single colour
 * @param opts - title, PCA and legend title (see {@link LatentScatterOptions})
 * @returns an RGBA PNG of 1280 × 960 pixels (`CHART_WIDTH · PIXEL_RATIO` × `CHART_HEIGHT · PIXEL_RATIO`)
 */
export function latentScatterPng(
  points: Float32Array,
  dims: number,
  labels: Int32Array | undefined,
  opts: LatentScatterOptions = {},
): Promise<Buffer> {
  const { xy, xTitle, yTitle } = scatterCoordinates(points, dims, opts.pca ?? false);
  const n = xy.length / 2;
  if (labels !== undefined && labels.length !== n) {
    throw new InternalError(`${labels.length} labels for ${n} latent points`);
  }
  const values: { x: number; y: number; label?: number }[] = [];
  for (let i = 0; i < n; i++) {
    const row: { x: number; y: number; label?: number } = { x: xy[2 * i] as number, y: xy[2 * i + 1] as number };
    if (labels !== undefined) row.label = labels[i] as number;
    values.push(row);
  }
  const spec: TopLevelSpec = {
    title: opts.title ?? 'Latent space (posterior means)',
    data: { values },
    mark: { type: 'circle', size: 9, opacity: 0.55 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false, nice: true } },
      y: { field: 'y', type: 'quantitative', title: yTitle, scale: { zero: false, nice: true } },
      ...(labels !== undefined
        ? {
            color: {
              field: 'label',
              type: 'nominal',
              title: opts.legendTitle ?? 'label',
              scale: { scheme: 'category10' },
              sort: 'ascending',
              legend: { symbolOpacity: 1 },
            },
          }
        : {}),
    },
  };
  return renderVegaLitePng(spec);
}
