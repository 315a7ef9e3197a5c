/**
 * The Tilde extension: starts the Tilde language server (`tilde lsp --stdio`) for `.tilde` files and
 * adds a command that shows the derived guide and estimator plan (`tilde compile --explain`) of the
 * model being edited. Highlighting comes from the generated TextMate grammar (grammar/tilde.tmLanguage.json).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The `tilde` executable: the setting, else the workspace's local install, else the PATH's. */
function tildeCommand(): string {
  const configured = vscode.workspace.getConfiguration('tilde').get<string>('server.command', '');
  if (configured !== '') return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'tilde.cmd' : 'tilde');
    if (existsSync(local)) return local;
  }
  return 'tilde';
}

/** Starts the client and registers the explain command. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = tildeCommand();
  const serverOptions: ServerOptions = { command, args: ['lsp', '--stdio'] };
  const clientOptions: LanguageClientOptions = { documentSelector: [{ language: 'tilde' }] };
  client = new LanguageClient('tilde', 'Tilde', serverOptions, clientOptions);
  const explainView = vscode.window.createOutputChannel('Tilde: plan');
  context.subscriptions.push(
    explainView,
    vscode.commands.registerCommand('tilde.showExplain', async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor === undefined || client === undefined) return;
      const text = await client.sendRequest<string>('workspace/executeCommand', { command: 'tilde.explain', arguments: [editor.document.uri.toString()] });
      explainView.clear();
      explainView.append(text);
      explainView.show(true);
    }),
  );
  await client.start();
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
