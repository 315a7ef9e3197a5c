/**
 * The loop stage's codes (issue 17), in their own import-free module so that the semantic catalogue
 * (`../messages.ts`) can splice them in without an import cycle. Constructors: `loop-messages.ts`.
 */

/** A code with its severity and title (the shape of `SemanticCode` in `../messages.ts`). */
interface LoopCode {
  readonly code: string;
  readonly severity: 'error';
  readonly title: string;
}

const e = (code: string, title: string): LoopCode => ({ code, severity: 'error', title });

/** The loop codes, in documentation order (spliced into the semantic catalogue). */
export const LOOP_CODES: readonly LoopCode[] = [
  e('E0300', 'element defined twice'),
  e('E0301', 'element never defined'),
  e('E0302', 'piecewise variable without a declaration'),
  e('E0303', 'loop index out of range'),
  e('E0304', 'element read before it is defined'),
  e('E0305', 'invalid loop range'),
  e('E0306', 'invalid use of the loop variable'),
  e('E0307', 'statement not allowed in a loop'),
  e('E0308', 'invalid element target'),
  e('E0309', 'loop body not vectorizable'),
  e('E0310', 'pieces drawn from different distributions'),
];

