/**
 * docs/diagnostics.md, generated from the catalogue (`src/common/codes.ts`): one entry per code with its
 * severity, explanation, the example (the bad-corpus file), the output `tilde check` prints for it, and
 * the fix. The docs test compares the file with this text; after changing the catalogue or a message,
 * refresh it with `npx vitest run test/docs -u` and review the diff.
 */
import { CODES, exampleStem } from '../../src/common/codes.js';
import { renderDiagnostics } from '../../src/common/render.js';
import { SourceFile } from '../../src/common/span.js';
import { checkThroughPlan } from '../../src/compile.js';

const STAGE_NAMES = { syntax: 'syntax', check: 'checker', derive: 'derive stage' } as const;

/** A fenced block whose fence is longer than any backtick run inside. */
function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${body.endsWith('\n') ? body : `${body}\n`}${f}`;
}

/** The whole of docs/diagnostics.md. */
export function diagnosticsMarkdown(): string {
  const out: string[] = [
    '# Diagnostics',
    '',
    '<!-- Generated from src/common/codes.ts by test/docs/diagnostics-doc.ts; do not edit by hand. -->',
    '',
    'Every problem Tilde finds in a model has a stable code: `E01xx` for syntax errors, `E02xx` for errors',
    'found by the checker, `E09xx` for models the checker accepts but the compile stages after it (IR, derived',
    'guide, weight budget, estimator plan) reject, and `W0xxx` for warnings (which do not stop a model).',
    '`tilde check` runs all of these stages, so it reports whatever `tilde compile` would. Each entry below gives the rule,',
    'a small file that triggers the code (it is also `test/corpus/bad/<code>-<title>.tilde`), what',
    '`tilde check` prints for it, and the fix. The language rules themselves are in [language.md](language.md).',
    '',
    '| Code | Severity | Title |',
    '| --- | --- | --- |',
    ...CODES.map((c) => `| [${c.code}](#${c.code.toLowerCase()}) | ${c.severity} | ${c.title.replaceAll('|', '\\|')} |`),
    '',
  ];
  for (const c of CODES) {
    const name = `${exampleStem(c)}.tilde`;
    const file = new SourceFile(name, c.example);
    const rendered = renderDiagnostics(checkThroughPlan(file, c.options ?? {}).diagnostics, file);
    const command = c.options?.kl !== undefined ? `tilde compile --kl ${c.options.kl}` : 'tilde check';
    out.push(
      `## ${c.code}`,
      '',
      `**${c.title}** (${c.severity}, ${STAGE_NAMES[c.stage]})`,
      '',
      c.explanation,
      '',
      `Example (\`${name}\`, reported at ${c.at.line}:${c.at.column}):`,
      '',
      fence('tilde', c.example),
      '',
      command === 'tilde check' ? 'Output:' : `Output (\`${command}\`):`,
      '',
      fence('text', rendered),
      '',
      `**Fix:** ${c.fix}`,
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
