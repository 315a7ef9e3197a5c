/**
 * The readouts of `tilde predict` laid out as columns (src/api/readouts.ts): a CSV with a `#` header line
 * saying what the numbers are (the posterior as the guide q approximates it, and with how many draws),
 * then a header row naming every column, one row per datapoint; or a short aligned table for a terminal.
 * Column names: `z.mean`, `z.sd` (scalar), `z[0].mean` (vector), `z[1,2].sd` (matrix); `b.p`, `b[3].p`
 * (Bernoulli: P(1)); `y.p[3]`, `y[0].p[3]` (Categorical: P(class 3)); `x[4].imputed` (a data cell: its
 * value where observed, the posterior predictive mean where missing).
 */
import type { Predictions, SiteReadout } from '../api/readouts.js';

/** One output column: its name and where its values are. */
interface ColumnRef {
  readonly name: string;
  readonly values: Float32Array;
  /** Offset of row 0 and the stride between rows. */
  readonly offset: number;
  readonly stride: number;
}

/** `[i,j]` of a flat index into `shape` (empty for a scalar). */
function indexLabel(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return '';
  const idx: number[] = [];
  let rest = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a] as number;
    idx.unshift(rest % d);
    rest = Math.floor(rest / d);
  }
  return `[${idx.join(',')}]`;
}

/** The columns of one site's readout. */
function siteColumns(r: SiteReadout): ColumnRef[] {
  const size = r.shape.reduce((a, b) => a * b, 1);
  const cols: ColumnRef[] = [];
  const outer = r.categorical ? r.shape.slice(0, -1) : r.shape;
  const k = r.categorical ? (r.shape[r.shape.length - 1] as number) : 1;
  for (let e = 0; e < size; e++) {
    const at = indexLabel(Math.floor(e / k), outer);
    const cls = r.categorical ? `[${e % k}]` : '';
    const ref = (suffix: string, values: Float32Array) => ({ name: `${r.name}${at}.${suffix}`, values, offset: e, stride: size });
    if (r.kind === 'moments') cols.push(ref('mean', r.mean), ref('sd', r.sd ?? new Float32Array(r.mean.length)));
    else if (r.kind === 'classes') cols.push(ref(`p${cls}`, r.mean));
    else cols.push(ref(r.categorical ? `imputed.p${cls}` : 'imputed', r.mean));
  }
  return cols;
}

/** Every column of the readouts, sites in order. */
export function readoutColumns(p: Predictions): ColumnRef[] {
  return p.sites.flatMap(siteColumns);
}

/** A number as CSV text: up to 7 significant digits, no trailing zeros; `NaN`, `Infinity` as such. */
function num(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : String(v);
}

/** The `#` line above the header: what the numbers are, with the number of draws. */
export function readoutPreamble(p: Predictions, source: string): string {
  const exact = p.sites.filter((s) => s.kind !== 'imputed' && s.exact).map((s) => s.name);
  const mc = p.sites.filter((s) => s.kind !== 'imputed' && !s.exact).map((s) => s.name);
  const parts = [`# posterior under the trained guide q (its approximation of p(latents | row)) for ${source}, ${p.draws} draws of q per row`];
  if (exact.length > 0) parts.push(`exact moments of q: ${exact.join(', ')}`);
  if (mc.length > 0) parts.push(`Monte Carlo over the draws: ${mc.join(', ')}`);
  if (p.sites.some((s) => s.kind === 'imputed')) parts.push('imputed cells: posterior predictive mean');
  return parts.join('; ');
}

/** The whole CSV: preamble, header (`row` first), one line per datapoint. */
export function readoutCsv(p: Predictions, source: string): string {
  const cols = readoutColumns(p);
  const lines = [readoutPreamble(p, source), ['row', ...cols.map((c) => c.name)].join(',')];
  for (let i = 0; i < p.n; i++) lines.push([String(i), ...cols.map((c) => num(c.values[c.offset + i * c.stride] as number))].join(','));
  return `${lines.join('\n')}\n`;
}

/** A short aligned table of the first `rows` rows and `maxColumns` columns, saying what was left out. */
export function readoutTable(p: Predictions, source: string, rows = 10, maxColumns = 8): string {
  const all = readoutColumns(p);
  const cols = all.slice(0, maxColumns);
  const shown = Math.min(rows, p.n);
  const cells = [['row', ...cols.map((c) => c.name)]];
  for (let i = 0; i < shown; i++) cells.push([String(i), ...cols.map((c) => (c.values[c.offset + i * c.stride] as number).toFixed(4))]);
  const widths = (cells[0] ?? []).map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const body = cells.map((r) => r.map((c, j) => c.padStart(widths[j] ?? 0)).join('  ')).join('\n');
  const more: string[] = [];
  const count = (k: number, what: string) => `${k} more ${what}${k === 1 ? '' : 's'}`;
  if (shown < p.n) more.push(count(p.n - shown, 'row'));
  if (cols.length < all.length) more.push(count(all.length - cols.length, 'column'));
  const tail = more.length > 0 ? `\n(${more.join(' and ')}; --out FILE.csv writes them all)` : '';
  return `${readoutPreamble(p, source)}\n${body}${tail}\n`;
}
