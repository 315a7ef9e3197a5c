/**
 * The Tilde language server in a Web Worker: the same server as `tilde lsp --stdio` (src/lsp/server.ts),
 * speaking LSP over the worker's messages instead of standard input and output.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startLanguageServer } from '../../src/lsp/server.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
startLanguageServer(createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope)));
