/**
 * Diagnostics are values: a stable code, a severity, a message that says what was expected and what
 * was found, the span it is about, related notes, and an optional suggested fix. Stages collect them in
 * a list and keep going (esbuild's logger, Langium's validators); they never throw for user errors.
 * Bugs in Tilde itself are a different kind, {@link InternalError} (stanc3's ICE).
 */
import type { Span } from './span.js';

/** How bad a diagnostic is. Only `error` makes a model unusable. */
export type Severity = 'error' | 'warning';

/** A secondary location that explains a diagnostic ("`z` first sampled here"). */
export interface RelatedNote {
  /** Where the note points. */
  readonly span: Span;
  /** What is at that place. */
  readonly message: string;
}

/** One problem found in a source file. */
export interface Diagnostic {
  /** Stable code from the catalogue (`src/common/codes.ts`), e.g. `E0201`. Scripts may depend on it. */
  readonly code: string;
  /** `error` or `warning`. */
  readonly severity: Severity;
  /** One sentence: what was expected and what was found. */
  readonly message: string;
  /** The primary location. */
  readonly span: Span;
  /** Short text printed under the caret (defaults to nothing). */
  readonly label?: string;
  /** Related locations, rendered as their own code frames. */
  readonly notes?: readonly RelatedNote[];
  /** How to fix it ("did you mean `Normal`?", "wrap the scale in `softplus(...)`"). */
  readonly help?: string;
}

/** A mutable list that a stage appends diagnostics to. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];

  /** Adds one diagnostic. */
  add(d: Diagnostic): void {
    this.items.push(d);
  }

  /** Adds many diagnostics. */
  addAll(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.items.push(d);
  }

  /** Whether any error (not warning) was added. */
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** The diagnostics, sorted by position then code (stable for equal keys). */
  sorted(): Diagnostic[] {
    return [...this.items].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  }

  /** The diagnostics in insertion order. */
  get all(): readonly Diagnostic[] {
    return this.items;
  }
}

/** True if the list holds at least one error. */
export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/**
 * A bug in Tilde, never the user's fault: an invariant of the compiler was broken. The CLI prints it as
 * "internal error: … this is a bug in Tilde" with the stack, unlike user diagnostics.
 */
export class InternalError extends Error {
  /** @param message - what invariant was broken */
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/**
 * An error caused by what the user gave (a missing file, malformed data, bad options) found outside
 * the checker, where there is no model span. The CLI prints its message without a stack trace and exits
 * with {@link UserError.exitCode}.
 */
export class UserError extends Error {
  /**
   * @param message - the full message, naming the file/row/column or option at fault
   * @param exitCode - 1 for model/data errors, 2 for usage and I/O errors
   */
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Plain words for the system errors a path given by the user causes (Node's error `code`s). */
const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EEXIST: 'a file is in the way',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
};

/** The plain words for a system error code (`ENOTDIR` → `a part of the path is not a directory`), if known. */
export function systemErrorReason(code: string | undefined): string | undefined {
  return code === undefined ? undefined : SYSTEM_REASONS[code];
}
