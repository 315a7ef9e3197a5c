/**
 * `tilde lsp --stdio` end to end: the built CLI as a child process, spoken to over LSP's JSON-RPC
 * (Content-Length framing) as an editor would — initialize, open a bad model and receive its
 * diagnostics (codes, ranges, help and notes as `tilde check` reports them), fix it, hover, complete,
 * go to definition, run the explain command, shut down and exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { CompletionItem, Hover, Location, PublishDiagnosticsParams } from 'vscode-languageserver';
import { SourceFile } from '../../src/common/span.js';
import { checkSource } from '../../src/check/check-program.js';
import { compile } from '../../src/compile.js';
import { explain } from '../../src/derive/explain.js';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';
import { DOMAIN_NAMES } from '../../src/registry/domains.js';
import { FUNCTION_NAMES } from '../../src/registry/functions.js';
import { ARCHITECTURE_KINDS as NET_KINDS } from '../../src/registry/networks.js';
import { BUILT_CLI, ensureBuilt } from '../helpers/built.js';

const URI = 'file:///work/models/vae.tilde';
const BAD = `model vae {
  dim Z = 20;
  data x: Binary[784];
  net decoder: MLP(Z -> 400 -> 784, hidden = relu, out = sigmoid);
  z ~ Normal(0, I);
  z ~ Laplace(0, I);
  x ~ Bernoull(decoder(z));
}
`;
const GOOD = BAD.replace('  z ~ Laplace(0, I);\n', '').replace('Bernoull', 'Bernoulli');

/** Where `needle` is in `text`, as an LSP position (0-based line, UTF-16 character). */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const at = text.indexOf(needle) + delta;
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: (before[before.length - 1] as string).length };
}

let child: ChildProcessWithoutNullStreams;
let conn: MessageConnection;
const published: PublishDiagnosticsParams[] = [];
let waiters: (() => void)[] = [];

/** The next publishDiagnostics for `version`. */
async function diagnosticsFor(version: number): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const hit = published.find((p) => p.version === version);
    if (hit) return hit;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

beforeAll(async () => {
  ensureBuilt();
  child = spawn(process.execPath, [BUILT_CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  });
  conn.listen();
}, 120_000);

afterAll(() => {
  conn?.dispose();
  if (child.exitCode === null) child.kill();
});

describe('tilde lsp --stdio', () => {
  it('initializes with hover, completion, definition and the explain command', async () => {
    const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
      capabilities: Record<string, unknown>;
      serverInfo: { name: string };
    };
    expect(init.serverInfo.name).toBe('tilde');
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, executeCommandProvider: { commands: ['tilde.explain'] } });
    await conn.sendNotification('initialized', {});
  });

  it('publishes the diagnostics of a bad model with the codes, ranges, help and notes of tilde check', async () => {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'tilde', version: 1, text: BAD } });
    const got = await diagnosticsFor(1);
    const file = new SourceFile('vae.tilde', BAD);
    const expected = checkSource(file).diagnostics;
    expect(expected.map((d) => d.code)).toEqual(['E0209', 'E0203']);
    expect(got.uri).toBe(URI);
    expect(got.diagnostics.map((d) => d.code)).toEqual(expected.map((d) => d.code));
    for (const [i, d] of expected.entries()) {
      const lsp = got.diagnostics[i];
      const start = file.position(d.span.start);
      const end = file.position(d.span.end);
      expect(lsp?.range).toEqual({ start: { line: start.line - 1, character: start.column - 1 }, end: { line: end.line - 1, character: end.column - 1 } });
      expect(lsp?.severity).toBe(1);
      expect(lsp?.message).toContain(d.message);
      if (d.help !== undefined) expect(lsp?.message).toContain(`help: ${d.help}`);
      expect(lsp?.relatedInformation?.map((r) => r.message) ?? []).toEqual(d.notes?.map((n) => n.message) ?? []);
    }
    // The second `~` of z, with a note at the first.
    expect(got.diagnostics[0]?.range.start).toEqual(positionOf(BAD, 'z ~ Laplace'));
    expect(got.diagnostics[0]?.relatedInformation?.[0]?.location.range.start).toEqual(positionOf(BAD, 'z ~ Normal'));
    expect(got.diagnostics[1]?.message).toMatch(/did you mean `Bernoulli`/);
  });

  it('clears them when the model is fixed', async () => {
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: GOOD }] });
    expect((await diagnosticsFor(2)).diagnostics).toEqual([]);
  });

  it('hovers a latent with its derived guide factor and plan row, a net with its shape and parameter count, a distribution with its parameters and support', async () => {
    const hover = async (needle: string, delta = 0) =>
      ((await conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: positionOf(GOOD, needle, delta) })) as Hover | null)?.contents as { value: string } | undefined;
    const latent = (await hover('z ~'))?.value ?? '';
    expect(latent).toContain('**latent** `z`: Real[20] (local)');
    expect(latent).toMatch(/guide: q\(z \| x\) = Normal, encoder `\w+`: 784 → 400 → \(loc 20, scale 20\), mirroring `decoder`/);
    expect(latent).toMatch(/sampler: \*\*location-scale\*\*/);
    expect(latent).toMatch(/KL: \*\*analytic\*\* — KL\(Normal ‖ Normal\) in closed form/);
    const net = (await hover('decoder:'))?.value ?? '';
    expect(net).toContain('`MLP(20 -> 400 -> 784, hidden = relu, out = sigmoid)`');
    expect(net).toContain(`${(20 * 400 + 400 + 400 * 784 + 784).toLocaleString('en-US')} parameters`);
    const dist = (await hover('Bernoulli'))?.value ?? '';
    expect(dist).toContain('Bernoulli(probs: unit)');
    expect(dist).toContain('support: `Binary`');
  });

  it('completes every distribution, function, domain and layer kind of the registries, and the declared names', async () => {
    const items = (await conn.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: positionOf(GOOD, 'Normal(0, I)') })) as CompletionItem[];
    const labels = new Set(items.map((i) => i.label));
    for (const name of [...DISTRIBUTION_NAMES, ...FUNCTION_NAMES, ...DOMAIN_NAMES, ...NET_KINDS, 'Z', 'x', 'decoder', 'z']) expect(labels, name).toContain(name);
    // After `~` the distributions come first.
    const first = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))[0];
    expect(DISTRIBUTION_NAMES as readonly string[]).toContain(first?.label);
  });

  it('goes to the definition of a name', async () => {
    const loc = (await conn.sendRequest('textDocument/definition', { textDocument: { uri: URI }, position: positionOf(GOOD, 'decoder(z)') })) as Location;
    expect(loc).toEqual({ uri: URI, range: { start: positionOf(GOOD, 'decoder:'), end: positionOf(GOOD, 'decoder:', 'decoder'.length) } });
  });

  it('runs the explain command: the tilde compile --explain text', async () => {
    const text = await conn.sendRequest('workspace/executeCommand', { command: 'tilde.explain', arguments: [URI] });
    const r = compile(GOOD, { fileName: 'vae.tilde' });
    if (!r.ok) throw new Error('the fixed model should compile');
    expect(text).toBe(explain(r.artifacts, r.source));
  });

  it('shuts down and exits with code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    expect(await exited).toBe(0);
  });
});
