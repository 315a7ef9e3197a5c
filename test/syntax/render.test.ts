import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/common/diagnostic.js';
import { diagnosticToJson, renderDiagnostic, renderDiagnostics, summaryLine } from '../../src/common/render.js';
import { SourceFile } from '../../src/common/span.js';
import { parseProgram } from '../../src/syntax/parse.js';

const rendered = (name: string, text: string): string => {
  const f = new SourceFile(name, text);
  return renderDiagnostics(parseProgram(f).diagnostics, f);
};
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

describe('renderDiagnostics (golden)', () => {
  it('renders a missing `;` with ±2 context lines and the summary', () => {
    expect(rendered('m.tilde', 'model m {\n  dim Z = 20\n  data x: Real;\n}\n')).toBe(
      lines(
        'm.tilde:2:13: error[E0103]: expected `;` after this statement, found `data`',
        '  |',
        '1 | model m {',
        '2 |   dim Z = 20',
        '  |             ^ expected `;` here',
        '3 |   data x: Real;',
        '4 | }',
        'help: every statement ends with `;`',
        '',
        '1 error',
      ),
    );
  });

  it('renders an unclosed `{` at the end of the file with a note frame', () => {
    expect(rendered('u.tilde', 'model m {\n  data x: Real;\n  x ~ Normal(0, 1);\n')).toBe(
      lines(
        'u.tilde:3:20: error[E0104]: unclosed `{`: expected `}`, found end of file',
        '  |',
        '1 | model m {',
        '2 |   data x: Real;',
        '3 |   x ~ Normal(0, 1);',
        '  |                    ^ expected `}`',
        'note: `{` opened here (the `model m` block)',
        ' --> u.tilde:1:9',
        '  |',
        '1 | model m {',
        '  |         ^',
        '',
        '1 error',
      ),
    );
  });

  it('expands tabs, strips CR of CRLF line ends, and sorts several diagnostics', () => {
    expect(rendered('t.tilde', 'model m {\r\n\tx ~ N(0,\t1) # \r\n}')).toBe(
      lines(
        't.tilde:2:13: error[E0103]: expected `;` after this statement, found `}`',
        '  |',
        '1 | model m {',
        '2 |     x ~ N(0,    1) #',
        '  |                   ^ expected `;` here',
        '3 | }',
        'help: every statement ends with `;`',
        '',
        't.tilde:2:14: error[E0101]: unexpected character `#`: expected a name, a number, an operator or punctuation',
        '  |',
        '1 | model m {',
        '2 |     x ~ N(0,    1) #',
        '  |                    ^ not part of any token',
        '3 | }',
        'help: comments start with `//` or are enclosed in `/* … */`',
        '',
        '2 errors',
      ),
    );
  });

  it('renders an empty file (empty span at end of file)', () => {
    expect(rendered('e.tilde', '')).toBe(
      lines(
        'e.tilde:1:1: error[E0107]: expected a `model` block, found end of file',
        '  |',
        '1 |',
        '  | ^ this file has no model',
        'help: a Tilde file holds one or more `model NAME { … }` blocks',
        '',
        '1 error',
      ),
    );
  });

  it('renders an empty span at the end of a file that ends with a newline, and a span ending in CRLF', () => {
    const f = new SourceFile('e.tilde', 'model m {\n  x ~ N(0, 1);\n');
    const at = f.text.length;
    expect(renderDiagnostic({ code: 'E0104', severity: 'error', message: 'm', span: { start: at, end: at }, label: 'here' }, f)).toBe(
      lines('e.tilde:3:1: error[E0104]: m', '  |', '1 | model m {', '2 |   x ~ N(0, 1);', '3 |', '  | ^ here'),
    );
    const g = new SourceFile('g.tilde', 'a\r\nbb\r\n');
    expect(renderDiagnostic({ code: 'E1', severity: 'error', message: 'm', span: { start: 3, end: 7 }, label: 'l' }, g)).toBe(
      lines('g.tilde:2:1: error[E1]: m', '  |', '1 | a', '2 | bb', '  | ^^ l'),
    );
  });

  it('underlines multi-line spans line by line, elides long ones, and aligns gutters across notes', () => {
    const text = Array.from({ length: 12 }, (_, i) => `l${i + 1} = ${i};`).join('\n');
    const f = new SourceFile('w.tilde', text);
    const ds: Diagnostic[] = [
      { code: 'W0001', severity: 'warning', message: 'multi', span: { start: text.indexOf('l3'), end: text.indexOf('l5') + 4 }, label: 'these' },
      {
        code: 'E0002',
        severity: 'error',
        message: 'long',
        span: { start: text.indexOf('l2'), end: text.indexOf('l11') + 3 },
        label: 'many',
        notes: [{ span: { start: 0, end: 2 }, message: 'first' }],
        help: 'do it',
      },
    ];
    expect(renderDiagnostics(ds, f)).toBe(
      lines(
        'w.tilde:2:1: error[E0002]: long',
        '   |',
        ' 1 | l1 = 0;',
        ' 2 | l2 = 1;',
        '   | ^^^^^^^',
        ' 3 | l3 = 2;',
        '   | ^^^^^^^',
        '   | ...',
        '10 | l10 = 9;',
        '   | ^^^^^^^^',
        '11 | l11 = 10;',
        '   | ^^^ many',
        '12 | l12 = 11;',
        'note: first',
        '  --> w.tilde:1:1',
        '   |',
        ' 1 | l1 = 0;',
        '   | ^^',
        'help: do it',
        '',
        'w.tilde:3:1: warning[W0001]: multi',
        '  |',
        '1 | l1 = 0;',
        '2 | l2 = 1;',
        '3 | l3 = 2;',
        '  | ^^^^^^^',
        '4 | l4 = 3;',
        '  | ^^^^^^^',
        '5 | l5 = 4;',
        '  | ^^^^ these',
        '6 | l6 = 5;',
        '7 | l7 = 6;',
        '',
        '1 error, 1 warning',
      ),
    );
  });

  it('cuts very long lines to a window around the span', () => {
    const text = `model m {\n${'x'.repeat(500)} 3 ${'y'.repeat(500)}\n${'z'.repeat(300)} 4\n}`;
    const f = new SourceFile('l.tilde', text);
    const three = text.indexOf(' 3 ') + 1;
    const out = renderDiagnostic({ code: 'E0105', severity: 'error', message: 'm', span: { start: three, end: three + 1 } }, f).split('\n');
    // 40 columns kept left of the span, 160 shown, `…` where text was cut.
    expect(out[3]).toBe(`2 | …${'x'.repeat(39)} 3 ${'y'.repeat(118)}…`);
    expect(out[4]).toBe(`  | ${' '.repeat(41)}^`);
    // Near the end of a line the window ends at the line's end.
    const four = text.indexOf(' 4') + 1;
    const end = renderDiagnostic({ code: 'E0105', severity: 'error', message: 'm', span: { start: four, end: four + 1 } }, f).split('\n');
    expect(end[4]).toBe(`3 | …${'z'.repeat(158)} 4`);
    expect(end[5]).toBe(`  | ${' '.repeat(160)}^`);
  });

  it('never prints raw control characters from the source', () => {
    const f = new SourceFile('c.tilde', 'model m { \u001b[31m }');
    const out = renderDiagnostics(parseProgram(f).diagnostics, f);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('\ufffd[31m');
  });

  it('renders an empty list as the empty string and summarises counts', () => {
    expect(renderDiagnostics([], new SourceFile('x', ''))).toBe('');
    const d = (severity: 'error' | 'warning'): Diagnostic => ({ code: 'X', severity, message: '', span: { start: 0, end: 0 } });
    expect(summaryLine([d('error'), d('error'), d('warning')])).toBe('2 errors, 1 warning');
    expect(summaryLine([d('warning'), d('warning')])).toBe('2 warnings');
  });
});

describe('diagnosticToJson', () => {
  it('gives 1-based positions with an exclusive end', () => {
    const f = new SourceFile('t.tilde', 'model m {\r\n\tx ~ N(0,\t1) # \r\n}');
    expect(parseProgram(f).diagnostics.map((d) => diagnosticToJson(d, f))).toEqual([
      expect.objectContaining({ file: 't.tilde', line: 2, column: 13, endLine: 2, endColumn: 13, code: 'E0103', severity: 'error', message: 'expected `;` after this statement, found `}`' }),
      expect.objectContaining({
        file: 't.tilde',
        line: 2,
        column: 14,
        endLine: 2,
        endColumn: 15,
        code: 'E0101',
        severity: 'error',
        message: 'unexpected character `#`: expected a name, a number, an operator or punctuation',
      }),
    ]);
  });

  it('carries the label, and the notes (each with its span) then the help as children, as rustc does', () => {
    const f = new SourceFile('n.tilde', 'model m {\n  x ~ N(0, 1);\n}');
    const d: Diagnostic = {
      code: 'E0271', severity: 'error', message: 'm', span: { start: 12, end: 13 }, label: 'here',
      notes: [{ span: { start: 16, end: 17 }, message: 'first' }, { span: { start: 0, end: 5 }, message: 'second' }],
      help: 'fix it',
    };
    expect(diagnosticToJson(d, f)).toEqual({
      file: 'n.tilde', line: 2, column: 3, endLine: 2, endColumn: 4, code: 'E0271', severity: 'error', message: 'm', label: 'here', help: 'fix it',
      children: [
        { level: 'note', message: 'first', spans: [{ file: 'n.tilde', line: 2, column: 7, endLine: 2, endColumn: 8 }] },
        { level: 'note', message: 'second', spans: [{ file: 'n.tilde', line: 1, column: 1, endLine: 1, endColumn: 6 }] },
        { level: 'help', message: 'fix it', spans: [] },
      ],
    });
    const bare = diagnosticToJson({ code: 'E0103', severity: 'error', message: 'm', span: { start: 0, end: 0 } }, f);
    expect(bare).toEqual({ file: 'n.tilde', line: 1, column: 1, endLine: 1, endColumn: 1, code: 'E0103', severity: 'error', message: 'm', children: [] });
  });
});
