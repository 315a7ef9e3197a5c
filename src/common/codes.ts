/**
 * The global catalogue of diagnostic codes: every syntax code (`E01xx`, from
 * `src/syntax/syntax-messages.ts`) and every semantic code (`E02xx` errors and `W0xxx` warnings, from
 * `src/check/messages.ts`), each with its severity, title, explanation, a small example that triggers
 * it, where in the example it is reported, and how to fix it. docs/diagnostics.md is generated from this
 * table, and every example is a bad-corpus file whose expected output the tests compare.
 */
import { SEMANTIC_CODES } from '../check/messages.js';
import { SYNTAX_CODES } from '../syntax/syntax-messages.js';
import { CALL_SHAPE_CODE_DOCS } from './code-docs-calls-shapes.js';
import { DOMAIN_GUIDE_CODE_DOCS } from './code-docs-domains-guide.js';
import { NAME_CODE_DOCS } from './code-docs-names.js';
import { SYNTAX_CODE_DOCS } from './code-docs-syntax.js';
import type { Severity } from './diagnostic.js';
import type { Position } from './span.js';

/** Documentation of a syntax code (its explanation lives with its constructor). */
export interface SyntaxCodeDoc {
  /** How to fix it. */
  readonly fix: string;
  /** Where the example's diagnostic with this code starts. */
  readonly at: Position;
  /** A complete source file that triggers the code. */
  readonly example: string;
}

/** Documentation of a semantic code. */
export interface CodeDoc extends SyntaxCodeDoc {
  /** What the rule is and why. */
  readonly explanation: string;
}

/** One code of the catalogue. */
export interface CodeEntry extends CodeDoc {
  /** The stable code, e.g. `E0203`. */
  readonly code: string;
  /** The severity of every diagnostic with this code. */
  readonly severity: Severity;
  /** A few words naming the problem. */
  readonly title: string;
  /** The front-end stage that reports it. */
  readonly stage: 'syntax' | 'check';
}

const SEMANTIC_DOCS: Readonly<Record<string, CodeDoc>> = { ...NAME_CODE_DOCS, ...CALL_SHAPE_CODE_DOCS, ...DOMAIN_GUIDE_CODE_DOCS };

/** Codes that have a constructor but no documentation yet (a test requires this list to be empty). */
export const UNDOCUMENTED_CODES: readonly string[] = [
  ...SYNTAX_CODES.filter((c) => SYNTAX_CODE_DOCS[c.code] === undefined).map((c) => c.code),
  ...SEMANTIC_CODES.filter((c) => SEMANTIC_DOCS[c.code] === undefined).map((c) => c.code),
];

function buildCatalogue(): CodeEntry[] {
  const out: CodeEntry[] = [];
  for (const c of SYNTAX_CODES) {
    const doc = SYNTAX_CODE_DOCS[c.code];
    if (doc !== undefined) out.push({ code: c.code, severity: 'error', title: c.title, explanation: c.explanation, ...doc, stage: 'syntax' });
  }
  for (const c of SEMANTIC_CODES) {
    const doc = SEMANTIC_DOCS[c.code];
    if (doc !== undefined) out.push({ code: c.code, severity: c.severity, title: c.title, ...doc, stage: 'check' });
  }
  return out;
}

/** Every documented code, syntax codes first, in documentation order. */
export const CODES: readonly CodeEntry[] = buildCatalogue();

/** The entry for a code, or undefined. */
export function lookupCode(code: string): CodeEntry | undefined {
  return CODES.find((c) => c.code === code);
}

/** The file name stem of a code's bad-corpus example: `E0203-unknown-distribution`. */
export function exampleStem(entry: CodeEntry): string {
  const slug = entry.title
    .replace(/`;`/g, 'semicolon')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${entry.code}-${slug}`;
}
