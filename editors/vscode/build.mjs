// Builds the extension for packaging: the client bundled into dist/extension.js (vscode is provided by
// the editor) and the generated TextMate grammar copied in from grammar/, so the .vsix needs no node_modules.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'syntaxes'), { recursive: true });
copyFileSync(join(here, '../../grammar/tilde.tmLanguage.json'), join(here, 'syntaxes/tilde.tmLanguage.json'));
await esbuild.build({
  entryPoints: [join(here, 'src/extension.ts')],
  outfile: join(here, 'dist/extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: true,
  logLevel: 'warning',
});
