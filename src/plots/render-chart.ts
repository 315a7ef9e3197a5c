/**
 * Charts as PNG: a Vega-Lite specification is compiled to Vega (Satyanarayan et al. 2017, "Vega-Lite:
 * A Grammar of Interactive Graphics"), rendered headless to SVG by Vega's scenegraph, and rasterized by
 * resvg. No browser, no node-canvas: every piece is an npm package (resvg ships its native binary as a
 * platform package).
 *
 * Text needs a font. resvg is told to load no system fonts and only DejaVu Sans from the
 * `dejavu-fonts-ttf` package, so labels render the same on every machine that ran `npm install`,
 * whatever fonts it has. Without node-canvas Vega estimates text widths (0.8 em per character), which
 * is wider than DejaVu's glyphs: layouts get a little more room than they need, never overlaps.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { InternalError } from '../common/diagnostic.js';

/** The one font family charts use; its files come from the `dejavu-fonts-ttf` package. */
export const CHART_FONT = 'DejaVu Sans';
/** Default chart size in CSS pixels, legend and axes included (Vega-Lite `autosize: fit`). */
export const CHART_WIDTH = 640;
/** Default chart height in CSS pixels, title, legend and axes included. */
export const CHART_HEIGHT = 480;
/** Raster pixels per CSS pixel: 2 gives print-sharp lines and text (a 640 × 480 chart is 1280 × 960). */
export const PIXEL_RATIO = 2;

const require = createRequire(import.meta.url);
let fontFiles: string[] | undefined;

/** Absolute paths of DejaVu Sans regular and bold (bold for titles), resolved once from node_modules. */
export function chartFontFiles(): string[] {
  if (fontFiles === undefined) {
    try {
      fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    } catch (cause) {
      throw new InternalError(`the chart font is missing from node_modules (dejavu-fonts-ttf): ${String(cause)}`);
    }
  }
  return fontFiles;
}

/** Vega-Lite's `config` block (theme) type. */
export type ChartConfig = NonNullable<TopLevelSpec['config']>;

/** The house style shared by every chart: one font, white background, light grid, readable sizes. */
export const CHART_CONFIG: ChartConfig = {
  font: CHART_FONT,
  background: 'white',
  padding: 12,
  view: { stroke: '#888888' },
  title: { fontSize: 17, fontWeight: 'bold', anchor: 'middle', offset: 10 },
  axis: {
    labelFontSize: 12,
    titleFontSize: 14,
    titleFontWeight: 'normal',
    gridColor: '#e6e6e6',
    domainColor: '#444444',
    tickColor: '#444444',
  },
  // About 8 ticks per axis: Vega-Lite's default (one per 40 px) gives half-unit steps on a 1000-px
  // axis, whose labels then get thinned by the (over-)estimated text widths into odd, decimal steps.
  axisQuantitative: { tickCount: 8 },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', symbolSize: 110 },
};

/** Size of a rendered chart, in CSS pixels (the PNG is {@link PIXEL_RATIO} times larger). */
export interface ChartSize {
  /** Total width, axes, title and legend included. */
  width: number;
  /** Total height, axes, title and legend included. */
  height: number;
}

/**
 * Render a Vega-Lite specification to PNG at exactly size × {@link PIXEL_RATIO} pixels.
 *
 * The caller's spec gives data, marks and encodings; this function adds the house {@link CHART_CONFIG}
 * and `autosize: fit` with the given total size, so the picture's size does not depend on label widths.
 *
 * @param spec - a single-view Vega-Lite specification with inline data
 * @param size - total size in CSS pixels; default {@link CHART_WIDTH} × {@link CHART_HEIGHT}
 * @returns an RGBA PNG of (size.width · PIXEL_RATIO) × (size.height · PIXEL_RATIO) pixels
 */
export async function renderVegaLitePng(
  spec: TopLevelSpec,
  size: ChartSize = { width: CHART_WIDTH, height: CHART_HEIGHT },
): Promise<Buffer> {
  const fitted = {
    ...spec,
    width: size.width,
    height: size.height,
    autosize: { type: 'fit', contains: 'padding' },
    config: { ...CHART_CONFIG, ...spec.config },
  } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(fitted).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: PIXEL_RATIO },
      background: 'white',
      font: {
        loadSystemFonts: false,
        fontFiles: chartFontFiles(),
        defaultFontFamily: CHART_FONT,
        sansSerifFamily: CHART_FONT,
      },
    });
    return resvg.render().asPng();
  } finally {
    view.finalize();
  }
}
