/**
 * The global catalogue of diagnostic codes: every syntax code (`E01xx`, from
 * `src/syntax/syntax-messages.ts`) and every semantic code (`E02xx` errors and `W0xxx` warnings, from
 * `src/check/messages.ts`) and every derive-stage code (`E09xx`, from `src/derive/derive-messages.ts`),
 * each with its severity, title, explanation, a small example that triggers
 * it, where in the example it is reported, and how to fix it. docs/diagnostics.md is generated from this
 * table, and every example is a bad-corpus file whose expected output the tests compare.
 */
import { SEMANTIC_CODES } from '../check/messages.js';
import { DERIVE_CODES } from '../derive/derive-messages.js';
import { SYNTAX_CODES } from '../syntax/syntax-messages.js';
import { CALL_SHAPE_CODE_DOCS } from './code-docs-calls-shapes.js';
import { DERIVE_CODE_DOCS } from './code-docs-derive.js';
import { DOMAIN_GUIDE_CODE_DOCS } from './code-docs-domains-guide.js';
import { FLOW_CODE_DOCS } from './code-docs-flows.js';
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
  /** Compile options the example needs (E0904: `--kl analytic`); absent: `tilde check`'s defaults. */
  readonly options?: { readonly kl?: 'auto' | 'analytic' | 'mc' };
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
  /** The stage that reports it: the parser, the checker, or the compile stages after them (IR, derive, plan). */
  readonly stage: 'syntax' | 'check' | 'derive';
}

const SEMANTIC_DOCS: Readonly<Record<string, CodeDoc>> = { ...NAME_CODE_DOCS, ...CALL_SHAPE_CODE_DOCS, ...DOMAIN_GUIDE_CODE_DOCS, ...FLOW_CODE_DOCS };

/** Codes that have a constructor but no documentation yet (a test requires this list to be empty). */
export const UNDOCUMENTED_CODES: readonly string[] = [
  ...SYNTAX_CODES.filter((c) => SYNTAX_CODE_DOCS[c.code] === undefined).map((c) => c.code),
  ...SEMANTIC_CODES.filter((c) => SEMANTIC_DOCS[c.code] === undefined).map((c) => c.code),
  ...DERIVE_CODES.filter((c) => DERIVE_CODE_DOCS[c.code] === undefined).map((c) => c.code),
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
  for (const c of DERIVE_CODES) {
    const doc = DERIVE_CODE_DOCS[c.code];
    if (doc !== undefined) out.push({ code: c.code, severity: c.severity, title: c.title, explanation: c.explanation, ...doc, stage: 'derive' });
  }
  return out;
}

/** Every documented code, syntax codes first, then the checker's, then the derive stage's. */
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
