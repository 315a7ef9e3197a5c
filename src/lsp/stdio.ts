/**
 * `tilde lsp --stdio`: the language server over standard input and output (a Node adapter; editors
 * start it as a child process and speak LSP's JSON-RPC with Content-Length headers).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from './server.js';

/** Serves LSP on this process's standard input and output until the client exits. */
export function serveStdio(): void {
  startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}
