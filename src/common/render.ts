/**
 * Renders diagnostics as text, the way stanc3 and rustc print them, and as JSON for tools. The text
 * format is fixed (golden tests compare it byte for byte):
 *
 * ```text
 * FILE:LINE:COL: SEVERITY[CODE]: MESSAGE
 *    |
 *  1 | model m {
 *  2 |   dim Z = 20
 *    |             ^ LABEL
 *  3 |   data x: Real;
 * note: NOTE MESSAGE
 *   --> FILE:LINE:COL
 *    |
 *  1 | model m {
 *    |         ^
 * help: HELP
 * ```
 *
 * - LINE and COL are 1-based; COL counts UTF-16 code units (as editors do). SEVERITY is `error` or
 *   `warning`.
 * - The primary frame shows up to 2 lines of context before and after the span. Every line the span
 *   covers gets an underline row of `^` under the covered text (one `^` for an empty span); the label
 *   follows the last underline. A span covering more than 6 lines shows its first and last 2 lines with
 *   a `...` row between.
 * - Each note is `note: …`, an arrow line `--> FILE:LINE:COL` and a frame of just the lines its span covers.
 *   The help line, if any, comes last.
 * - Line numbers are right-aligned to the widest one printed in the diagnostic, so the `|` bars align.
 * - Displayed source is normalised: a tab prints as 4 spaces, CR/LF line ends are stripped, and other
 *   control characters print as `�`, so the caret stays under its character and no control code reaches
 *   the terminal. Lines wider than 160 columns are cut to a window around the span, marked with `…`.
 *   (Characters wider than one terminal cell, e.g. CJK, can shift carets; they are not measured.)
 * - Trailing spaces are trimmed from every row; each diagnostic ends with a newline.
 *
 * {@link renderDiagnostics} sorts by position, separates diagnostics with a blank line and ends with a
 * summary line such as `2 errors, 1 warning` (an empty list renders as the empty string).
 */
import type { Diagnostic } from './diagnostic.js';
import type { SourceFile, Span } from './span.js';

/** Context lines shown before and after the primary span. */
const CONTEXT = 2;
/** Spans covering more lines than this are elided in the middle. */
const MAX_SPAN_LINES = 6;
/** Display width past which a line is cut to a window around the span. */
const MAX_WIDTH = 160;
/** Columns of a long line kept to the left of the span's start. */
const WINDOW_LEFT = 40;
const TAB = '    ';

/** A line as displayed, and the display column at which each UTF-16 offset of the line starts. */
interface DisplayLine {
  readonly text: string;
  /** The display column of code unit `i` (`col(length)` is the display width). */
  readonly col: (i: number) => number;
}

const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function displayLine(raw: string): DisplayLine {
  // Fast path: nothing to expand or replace, so display columns are offsets.
  if (!SPECIAL.test(raw)) return { text: raw, col: (i) => Math.min(i, raw.length) };
  let text = '';
  const cols: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    cols.push(text.length);
    const c = raw.charCodeAt(i);
    if (c === 9) text += TAB;
    else if (c < 32 || c === 127 || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) text += '\ufffd';
    else text += raw[i];
  }
  cols.push(text.length);
  return { text, col: (i) => cols[Math.max(0, Math.min(i, raw.length))] ?? text.length };
}

/** One row of a frame's gutter-and-source column. */
type Row = { kind: 'source'; line: number; text: string } | { kind: 'mark'; text: string } | { kind: 'elided' };

/** The last line worth showing: a final empty line after the file's last newline is not. */
function lastContentLine(file: SourceFile): number {
  const n = file.lineCount;
  return n > 1 && file.lineText(n) === '' ? n - 1 : n;
}

/** The rows of one frame: the span's lines (elided if many), with `context` lines around them. */
function frameRows(file: SourceFile, s: Span, context: number, label: string | undefined): Row[] {
  const start = file.position(s.start);
  let end = file.position(s.end);
  // A span ending exactly at a line start ends, for display, at the end of the previous line.
  if (end.line > start.line && end.column === 1) {
    const prev = end.line - 1;
    end = { line: prev, column: file.lineText(prev).length + 1 };
  }
  const first = Math.max(1, start.line - context);
  const last = Math.max(end.line, Math.min(lastContentLine(file), end.line + context));
  const lines = new Map<number, DisplayLine>();
  for (let l = first; l <= last; l++) lines.set(l, displayLine(file.lineText(l)));
  const startCol = lines.get(start.line)?.col(start.column - 1) ?? 0;
  // Only lines wider than MAX_WIDTH are cut; each keeps WINDOW_LEFT columns left of the span's start.
  const window = (d: DisplayLine, anchor: number): { text: string; shift: number; lead: number } => {
    if (d.text.length <= MAX_WIDTH) return { text: d.text, shift: 0, lead: 0 };
    const shift = Math.max(0, Math.min(anchor - WINDOW_LEFT, d.text.length - MAX_WIDTH));
    const lead = shift > 0 ? 1 : 0;
    const body = d.text.slice(shift, shift + MAX_WIDTH);
    return { text: `${lead ? '…' : ''}${body}${d.text.length > shift + MAX_WIDTH ? '…' : ''}`, shift, lead };
  };
  const rows: Row[] = [];
  for (let l = first; l <= last; l++) {
    const inSpan = l >= start.line && l <= end.line;
    const spanLines = end.line - start.line + 1;
    if (inSpan && spanLines > MAX_SPAN_LINES && l >= start.line + 2 && l <= end.line - 2) {
      if (l === start.line + 2) rows.push({ kind: 'elided' });
      continue;
    }
    const d = lines.get(l) as DisplayLine;
    const from = l === start.line ? d.col(start.column - 1) : d.text.length - d.text.trimStart().length;
    const to = l === end.line ? d.col(end.column - 1) : d.text.length;
    const { text, shift, lead } = window(d, inSpan ? from : startCol);
    rows.push({ kind: 'source', line: l, text });
    if (!inSpan) continue;
    const isLast = l === end.line;
    const a = Math.max(0, Math.min(from - shift, MAX_WIDTH)) + lead;
    if (to <= from && !(isLast && start.line === end.line)) {
      if (isLast && label) rows.push({ kind: 'mark', text: `${' '.repeat(a)}${label}` });
      continue;
    }
    const width = Math.max(1, Math.min(to - shift, MAX_WIDTH) + lead - a);
    rows.push({ kind: 'mark', text: `${' '.repeat(a)}${'^'.repeat(width)}${isLast && label ? ` ${label}` : ''}` });
  }
  return rows;
}

function gutterWidth(rows: readonly Row[]): number {
  let w = 1;
  for (const r of rows) if (r.kind === 'source') w = Math.max(w, String(r.line).length);
  return w;
}

function printRows(rows: readonly Row[], w: number): string[] {
  const pad = ' '.repeat(w);
  return rows.map((r) => {
    const row = r.kind === 'source' ? `${String(r.line).padStart(w)} | ${r.text}` : r.kind === 'mark' ? `${pad} | ${r.text}` : `${pad} | ...`;
    return row.trimEnd();
  });
}

function location(file: SourceFile, s: Span): string {
  const p = file.position(s.start);
  return `${file.name}:${p.line}:${p.column}`;
}

/** Renders one diagnostic in the fixed format above (ends with a newline). */
export function renderDiagnostic(d: Diagnostic, file: SourceFile): string {
  const main = frameRows(file, d.span, CONTEXT, d.label);
  const notes = (d.notes ?? []).map((n) => ({ note: n, rows: frameRows(file, n.span, 0, undefined) }));
  const w = Math.max(gutterWidth(main), ...notes.map((n) => gutterWidth(n.rows)));
  const pad = ' '.repeat(w);
  const out: string[] = [`${location(file, d.span)}: ${d.severity}[${d.code}]: ${d.message}`, `${pad} |`, ...printRows(main, w)];
  for (const n of notes) {
    out.push(`note: ${n.note.message}`, `${pad}--> ${location(file, n.note.span)}`, `${pad} |`, ...printRows(n.rows, w));
  }
  if (d.help !== undefined) out.push(`help: ${d.help}`);
  return `${out.join('\n')}\n`;
}

/** Sorts diagnostics by position, then code (a stable copy). */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

/** `2 errors, 1 warning`, `1 error`, `3 warnings`; empty for no diagnostics. */
export function summaryLine(ds: readonly Diagnostic[]): string {
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/**
 * Renders several diagnostics of one file: sorted by position, separated by blank lines, then the
 * summary line. An empty list renders as `''`.
 */
export function renderDiagnostics(ds: readonly Diagnostic[], file: SourceFile): string {
  if (ds.length === 0) return '';
  return `${sortDiagnostics(ds)
    .map((d) => renderDiagnostic(d, file))
    .join('\n')}\n${summaryLine(ds)}\n`;
}

/** A location in the JSON form: 1-based positions, the end exclusive. */
export interface SpanJson {
  /** The file's name as given. */
  readonly file: string;
  /** 1-based line of the span's start. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) of the span's start. */
  readonly column: number;
  /** 1-based line of the span's end. */
  readonly endLine: number;
  /** 1-based column just past the span's last character (equal to `column` for an empty span). */
  readonly endColumn: number;
}

/**
 * A note or the help of a diagnostic in the JSON form, as rustc's JSON `children`: a note has the span it
 * points at, the help (which in Tilde is text without a location) has none.
 */
export interface DiagnosticChildJson {
  /** `note` for a related location, `help` for how to fix it. */
  readonly level: 'note' | 'help';
  /** The note's or help's text, as the text form prints it after `note:` / `help:`. */
  readonly message: string;
  /** Where a note points (one span); empty for the help. */
  readonly spans: readonly SpanJson[];
}

/** The machine-readable form of a diagnostic (`tilde check --json`). */
export interface DiagnosticJson extends SpanJson {
  /** The stable code, e.g. `E0103`. */
  readonly code: string;
  /** `error` or `warning`. */
  readonly severity: Diagnostic['severity'];
  /** The message. */
  readonly message: string;
  /** The text under the caret, when there is one. */
  readonly label?: string;
  /** The help text, when there is one (also the last of `children`). */
  readonly help?: string;
  /** The notes, in order, then the help: everything the text form prints after the primary frame. */
  readonly children: readonly DiagnosticChildJson[];
}

function spanToJson(s: Span, file: SourceFile): SpanJson {
  const start = file.position(s.start);
  const end = file.position(s.end);
  return { file: file.name, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Converts a diagnostic to its JSON form; positions are 1-based, the end exclusive. */
export function diagnosticToJson(d: Diagnostic, file: SourceFile): DiagnosticJson {
  const children: DiagnosticChildJson[] = (d.notes ?? []).map((n) => ({ level: 'note', message: n.message, spans: [spanToJson(n.span, file)] }));
  if (d.help !== undefined) children.push({ level: 'help', message: d.help, spans: [] });
  return {
    ...spanToJson(d.span, file),
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.label !== undefined ? { label: d.label } : {}),
    ...(d.help !== undefined ? { help: d.help } : {}),
    children,
  };
}
