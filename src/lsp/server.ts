/**
 * The Tilde language server over any LSP connection: `tilde lsp --stdio` gives it one over standard
 * input and output (stdio.ts), the playground one over a Web Worker's messages. It publishes the
 * diagnostics `tilde check` reports (same codes, spans, help and notes) when a document opens or
 * changes, and answers hover, completion, go to definition, and the `tilde.explain` command (the
 * `tilde compile --explain` text of the document's models).
 */
import {
  CompletionItem,
  DiagnosticSeverity,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../common/diagnostic.js';
import { renderDiagnostics } from '../common/render.js';
import type { Span } from '../common/span.js';
import { explain } from '../derive/explain.js';
import { analyze, type Analysis } from './analysis.js';
import { completionsAt, definitionAt } from './completion.js';
import { hoverAt } from './hover.js';

/** The command that returns the `--explain` text: arguments `[uri]` or `[uri, modelName]`. */
export const EXPLAIN_COMMAND = 'tilde.explain';

/** The name diagnostics and `--explain` use for a document: its file name. */
export function documentName(uri: string): string {
  const last = uri.split(/[/\\]/).pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function rangeOf(doc: TextDocument, s: Span): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: doc.positionAt(s.start), end: doc.positionAt(s.end) };
}

/** A Tilde diagnostic as LSP's: the code, the span, the message with its help, and the notes as related information. */
export function toLspDiagnostic(d: Diagnostic, doc: TextDocument): LspDiagnostic {
  const label = d.label !== undefined && d.label !== '' ? ` (${d.label})` : '';
  return {
    range: rangeOf(doc, d.span),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'tilde',
    message: `${d.message}${label}${d.help !== undefined ? `\nhelp: ${d.help}` : ''}`,
    ...(d.notes !== undefined && d.notes.length > 0
      ? { relatedInformation: d.notes.map((n) => ({ location: { uri: doc.uri, range: rangeOf(doc, n.span) }, message: n.message })) }
      : {}),
  };
}

/** The `--explain` text of a document's models that compile, or its rendered diagnostics when none does. */
export function explainDocument(analysis: Analysis, model?: string): string {
  const texts = [...analysis.compiled.entries()].filter(([name]) => model === undefined || name === model).map(([, a]) => explain(a, analysis.source));
  if (texts.length > 0) return texts.join('\n');
  const errors = renderDiagnostics(analysis.diagnostics.filter((d) => d.severity === 'error'), analysis.source);
  return errors !== '' ? errors : model !== undefined ? `no model named \`${model}\` compiles\n` : 'the file defines no model\n';
}

/** Serves Tilde on `connection` (which the caller created for its transport) until it closes. */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, { version: number; analysis: Analysis }>();
  const analysisOf = (doc: TextDocument): Analysis => {
    const hit = cache.get(doc.uri);
    if (hit !== undefined && hit.version === doc.version) return hit.analysis;
    const analysis = analyze(documentName(doc.uri), doc.getText());
    cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['~', ':'] },
        definitionProvider: true,
        executeCommandProvider: { commands: [EXPLAIN_COMMAND] },
      },
      serverInfo: { name: 'tilde', version: '0.1.0' },
    }),
  );

  documents.onDidChangeContent(({ document }) => {
    const analysis = analysisOf(document);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(d, document)) });
  });
  documents.onDidClose(({ document }) => {
    cache.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (doc === undefined) return null;
    const hover = hoverAt(analysisOf(doc), doc.offsetAt(position));
    return hover === undefined ? null : { contents: { kind: 'markdown', value: hover.markdown }, range: rangeOf(doc, hover.span) };
  });
  connection.onCompletion(({ textDocument, position }): CompletionItem[] => {
    const doc = documents.get(textDocument.uri);
    return doc === undefined ? [] : completionsAt(analysisOf(doc), doc.offsetAt(position));
  });
  connection.onDefinition(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (doc === undefined) return null;
    const target = definitionAt(analysisOf(doc), doc.offsetAt(position));
    return target === undefined ? null : { uri: doc.uri, range: rangeOf(doc, target) };
  });
  connection.onExecuteCommand(({ command, arguments: args }) => {
    if (command !== EXPLAIN_COMMAND) return null;
    const [uri, model] = (args ?? []) as [unknown, unknown];
    const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
    if (doc === undefined) return `no open document ${String(uri)}\n`;
    return explainDocument(analysisOf(doc), typeof model === 'string' ? model : undefined);
  });

  documents.listen(connection);
  connection.listen();
}
