/**
 * `tilde lsp --stdio`: runs the language server (src/lsp/) on standard input and output, for editors
 * (the VS Code extension in editors/vscode starts it). It loads no TensorFlow.js.
 */
import type { Command } from 'commander';
import { UserError } from '../common/diagnostic.js';
import type { CliIo } from './io.js';
import { registerCommand } from './program.js';

registerCommand((program: Command, _io: CliIo, setExit: (code: number) => void) => {
  program
    .command('lsp')
    .description('run the Tilde language server (diagnostics, hover, completion, definition, explain) for editors')
    .option('--stdio', 'speak LSP over standard input and output (the only transport)')
    .action(async (opts: { stdio?: boolean }) => {
      if (opts.stdio !== true) throw new UserError('tilde lsp needs --stdio (the language server speaks LSP over standard input and output)', 2);
      (await import('../lsp/stdio.js')).serveStdio();
      // The server runs until the client sends exit; the process's exit code is then the server's.
      setExit(0);
      await new Promise<never>(() => undefined);
    });
});
