/**
 * Source locations. A span is a pair of UTF-16 offsets into one source text; line and column are
 * computed only when a diagnostic is rendered (esbuild's `Loc`/`Range` + line tracker), so every
 * stage can carry spans cheaply.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into a {@link SourceFile}'s text. */
export interface Span {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset one past the last character (`end === start` for an empty span, e.g. "missing `;` here"). */
  readonly end: number;
}

/** A 1-based line and column (column counted in UTF-16 code units, as editors do). */
export interface Position {
  /** 1-based line number. */
  readonly line: number;
  /** 1-based column number. */
  readonly column: number;
}

/** Builds a span, clamping NaN or negative offsets (chevrotain's recovered tokens have NaN positions). */
export function span(start: number, end: number): Span {
  const s = Number.isFinite(start) && start >= 0 ? Math.floor(start) : 0;
  const e = Number.isFinite(end) && end >= s ? Math.floor(end) : s;
  return { start: s, end: e };
}

/** A named source text with a lazily built line index. */
export class SourceFile {
  private lineStartsCache: number[] | undefined;

  /**
   * @param name - the name shown in diagnostics (a path, or `<input>` for strings)
   * @param text - the whole source text
   */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** Offsets at which each line starts (line 1 starts at offset 0). */
  get lineStarts(): readonly number[] {
    if (this.lineStartsCache === undefined) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** Number of lines in the text (a trailing newline does not start a new counted line of content). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The 1-based line/column of an offset (clamped into the text). */
  position(offset: number): Position {
    const off = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - (starts[lo] ?? 0) + 1 };
  }

  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end -= 1;
    return this.text.slice(start, end);
  }

  /** The source text a span covers. */
  slice(s: Span): string {
    return this.text.slice(s.start, s.end);
  }
}
