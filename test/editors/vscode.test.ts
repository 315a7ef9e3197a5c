/**
 * The VS Code extension builds: `npm run package:vscode` bundles the client, copies the generated
 * TextMate grammar and packages a .vsix with @vscode/vsce. (Extension-host tests need a VS Code
 * download, which this machine cannot make; the language server it starts is tested in test/lsp.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const VSIX = 'editors/vscode/tilde.vsix';

/** The entries of a zip file, read from its central directory (APPNOTE.TXT §4.3.12). */
function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLength + extra;
  }
  return out;
}

describe('npm run package:vscode', () => {
  it('builds a .vsix with the client, the language configuration and the generated grammar', () => {
    rmSync(VSIX, { force: true });
    execFileSync('npm', ['run', 'package:vscode'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    const entries = zipEntries(readFileSync(VSIX));
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/language-configuration.json', 'extension/syntaxes/tilde.tmLanguage.json']) {
      expect([...entries.keys()], f).toContain(f);
    }
    expect(entries.get('extension/syntaxes/tilde.tmLanguage.json')?.toString('utf8')).toBe(readFileSync('grammar/tilde.tmLanguage.json', 'utf8'));
    const manifest = JSON.parse(entries.get('extension/package.json')?.toString('utf8') ?? '{}') as {
      contributes: { languages: { id: string; extensions: string[] }[]; grammars: { language: string; scopeName: string }[] };
    };
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'tilde', extensions: ['.tilde'] });
    expect(manifest.contributes.grammars[0]).toMatchObject({ language: 'tilde', scopeName: 'source.tilde' });
    // The client starts the language server as `tilde lsp --stdio`, with vscode left to the editor.
    const client = entries.get('extension/dist/extension.js')?.toString('utf8') ?? '';
    expect(client).toMatch(/"lsp","--stdio"/);
    expect(client).toContain('require("vscode")');
    expect([...entries.keys()].filter((f) => f.includes('node_modules') || f.startsWith('extension/src/'))).toEqual([]);
  }, 120_000);
});
