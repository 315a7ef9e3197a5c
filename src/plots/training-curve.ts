/**
 * The training curve: one line per series (train ELBO, test ELBO, optionally the PyTorch reference) over
 * epochs, as in the learning-curve figures of Kingma & Welling 2014 (Fig. 2) — which plot the lower
 * bound against training progress.
 */
import type { TopLevelSpec } from 'vega-lite';
import { InternalError } from '../common/diagnostic.js';
import { renderVegaLitePng } from './render-chart.js';

/** One point of a curve. */
export interface CurvePoint {
  /** Horizontal position, e.g. the epoch. */
  x: number;
  /** Vertical position, e.g. the ELBO in nats. */
  y: number;
}

/** One line of a {@link trainingCurvePng} chart. */
export interface CurveSeries {
  /** Legend entry, e.g. "train ELBO", "test ELBO", "PyTorch reference (test)". */
  name: string;
  /** The points, drawn in order of x; non-finite y values (e.g. −∞ before training) are left out. */
  points: CurvePoint[];
  /** Draw dashed (for a reference curve); default solid. */
  dashed?: boolean;
}

/** Options of {@link trainingCurvePng}. */
export interface CurveOptions {
  /** Chart title; default "Training curve". */
  title?: string;
  /** Horizontal axis title; default "epoch". */
  xLabel?: string;
  /** Vertical axis title; default "ELBO (nats per example)". */
  yLabel?: string;
}

/**
 * Line chart of one or more series (e.g. train/test ELBO per epoch), as a PNG with a legend. Series
 * keep the order and the colours (Vega `category10`: blue, orange, green, …) in which they are given.
 * The y axis is not forced to include 0, so ELBOs around −90 nats are legible.
 *
 * @param series - the lines; names must be distinct
 * @param opts - title and axis titles (see {@link CurveOptions})
 * @returns an RGBA PNG of 1280 × 960 pixels (`CHART_WIDTH · PIXEL_RATIO` × `CHART_HEIGHT · PIXEL_RATIO`)
 */
export function trainingCurvePng(series: CurveSeries[], opts: CurveOptions = {}): Promise<Buffer> {
  const names = series.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new InternalError(`curve series names repeat: ${names.join(', ')}`);
  const values: { x: number; y: number; series: string }[] = [];
  let integerX = true;
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
      integerX &&= Number.isInteger(p.x);
      values.push({ x: p.x, y: p.y, series: s.name });
    }
  }
  const spec: TopLevelSpec = {
    title: opts.title ?? 'Training curve',
    data: { values },
    mark: { type: 'line', point: { size: 40, filled: true }, strokeWidth: 2.5 },
    encoding: {
      x: {
        field: 'x',
        type: 'quantitative',
        title: opts.xLabel ?? 'epoch',
        scale: { zero: false, nice: false, padding: 16 },
        // Epochs are whole numbers: no tick at 1.5.
        axis: integerX ? { tickMinStep: 1, format: 'd' } : {},
      },
      y: { field: 'y', type: 'quantitative', title: opts.yLabel ?? 'ELBO (nats per example)', scale: { zero: false } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: names, scheme: 'category10' },
        legend: {
          orient: 'bottom-right',
          fillColor: 'white',
          strokeColor: '#cccccc',
          padding: 8,
          symbolType: 'stroke',
          symbolStrokeWidth: 2.5,
          symbolSize: 300,
          labelLimit: 400,
        },
      },
      // Same field and title as colour, so Vega-Lite merges both into one legend with dashed symbols.
      strokeDash: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: names, range: series.map((s) => (s.dashed === true ? [7, 4] : [1, 0])) },
      },
      order: { field: 'x', type: 'quantitative' },
    },
  };
  return renderVegaLitePng(spec);
}
