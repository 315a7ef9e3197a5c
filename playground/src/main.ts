/**
 * The playground page: a CodeMirror 6 editor talking LSP to the Tilde language server in one Web Worker
 * (diagnostics, hover, completion, go to definition), the explain panel refreshed from the server's
 * `tilde.explain` command after every analysis, and a trainer in a second worker drawing the ELBO
 * curve, samples and reconstructions. The model lives in the URL (`#model=…`), so a link shares it.
 */
import { lintGutter } from '@codemirror/lint';
import { languageServerExtensions, LSPClient, LSPPlugin, type Transport } from '@codemirror/lsp-client';
import { basicSetup, EditorView } from 'codemirror';
import { drawCurve, drawImageGrid } from './draw.js';
import type { FromTrainer, ToTrainer } from './messages.js';
import { decodeModel, encodeModel } from './share.js';
import { tilde } from './tilde-language.js';

const URI = 'file:///playground/model.tilde';
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const EXAMPLES = Object.fromEntries(
  Object.entries(import.meta.glob<string>('../../examples/*.tilde', { query: '?raw', import: 'default', eager: true })).map(([path, text]) => [
    (path.split('/').pop() as string).replace(/\.tilde$/, ''),
    text,
  ]),
);

/** An LSP transport over a worker running the server (vscode-languageserver/browser posts message objects). */
function workerTransport(worker: Worker): Transport {
  let handlers: ((message: string) => void)[] = [];
  worker.onmessage = (e: MessageEvent) => {
    for (const h of handlers) h(JSON.stringify(e.data));
  };
  return {
    send: (message) => worker.postMessage(JSON.parse(message)),
    subscribe: (h) => void handlers.push(h),
    unsubscribe: (h) => void (handlers = handlers.filter((x) => x !== h)),
  };
}

interface PublishedDiagnostic {
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
  readonly code?: string | number;
  readonly severity?: number;
  readonly message: string;
}

// ---- the editor and the language server

const lspWorker = new Worker(new URL('./lsp-worker.ts', import.meta.url), { type: 'module' });
const client: LSPClient = new LSPClient({
  extensions: languageServerExtensions(),
  notificationHandlers: {
    'textDocument/publishDiagnostics': (_client, params: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      if (params.uri === URI) showProblems(params.diagnostics);
      return false; // the diagnostics extension still puts them in the editor
    },
  },
}).connect(workerTransport(lspWorker));

function showProblems(diagnostics: readonly PublishedDiagnostic[]): void {
  const problems = $('problems');
  const errors = diagnostics.filter((d) => d.severity === 1).length;
  problems.className = errors === 0 ? 'ok' : '';
  problems.textContent =
    diagnostics.length === 0
      ? 'no problems'
      : diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity === 1 ? 'error' : 'warning'}[${String(d.code)}] ${d.message}`).join('\n');
  void refreshExplain();
}

async function refreshExplain(): Promise<void> {
  client.sync();
  const text = await client.request<{ command: string; arguments: string[] }, string>('workspace/executeCommand', { command: 'tilde.explain', arguments: [URI] });
  $('explain').textContent = text;
}

const initial = decodeModel(location.hash) ?? EXAMPLES['vae'] ?? '';
let shareTimer: ReturnType<typeof setTimeout> | undefined;
const view = new EditorView({
  doc: initial,
  parent: $('editor'),
  extensions: [
    basicSetup,
    tilde(),
    lintGutter(),
    LSPPlugin.create(client, URI, 'tilde'),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      clearTimeout(shareTimer);
      shareTimer = setTimeout(() => history.replaceState(null, '', encodeModel(view.state.doc.toString())), 300);
    }),
  ],
});

function load(text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

const nav = $('examples');
for (const name of Object.keys(EXAMPLES).sort()) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = name;
  b.dataset['example'] = name;
  b.onclick = () => {
    load(EXAMPLES[name] as string);
    for (const other of nav.querySelectorAll('button')) other.classList.toggle('active', other === b);
  };
  nav.append(b);
}
window.addEventListener('hashchange', () => {
  const text = decodeModel(location.hash);
  if (text !== undefined && text !== view.state.doc.toString()) load(text);
});
$('share').onclick = async () => {
  history.replaceState(null, '', encodeModel(view.state.doc.toString()));
  try {
    await navigator.clipboard.writeText(location.href);
    $('share').textContent = 'Link copied';
  } catch {
    $('share').textContent = 'Link in the address bar';
  }
};

// ---- training

const elbos: number[] = [];
/** What the page shows, for scripts and the browser test. */
(window as unknown as { playground: unknown }).playground = { elbos, view };

let trainer: Worker | undefined;
const buttons = { train: $<HTMLButtonElement>('train'), stop: $<HTMLButtonElement>('stop'), resume: $<HTMLButtonElement>('resume') };
const number = (id: string, fallback: number): number => {
  const v = Number($<HTMLInputElement>(id).value);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

function onTrainer(m: FromTrainer): void {
  if (m.type === 'step') {
    elbos.push(m.elbo);
    $('elbo').textContent = m.elbo.toFixed(1);
    $('step').textContent = String(m.step);
    if (m.step % 5 === 0) drawCurve($('curve'), elbos);
  } else if (m.type === 'samples') {
    drawImageGrid($('samples'), m.images, 8);
  } else if (m.type === 'reconstructions') {
    drawImageGrid($('reconstructions'), { n: m.originals.n * 2, side: m.originals.side, pixels: concat(m.originals.pixels, m.reconstructions.pixels) }, 8);
  } else if (m.type === 'stopped') {
    drawCurve($('curve'), elbos);
    buttons.stop.disabled = true;
    buttons.train.disabled = false;
    buttons.resume.disabled = !m.canResume;
  } else if (m.type === 'backend') {
    $('backend').textContent = `${m.text}${m.isolated ? '' : ' (not cross-origin isolated: serve with COOP/COEP headers for threads)'}`;
  } else if (m.type === 'status') {
    $('status').textContent = m.text;
  } else {
    $('status').textContent = `error: ${m.message}`;
    buttons.stop.disabled = true;
    buttons.train.disabled = false;
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function send(m: ToTrainer): void {
  trainer?.postMessage(m);
}

buttons.train.onclick = () => {
  trainer?.terminate();
  trainer = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
  trainer.onmessage = (e: MessageEvent<FromTrainer>) => onTrainer(e.data);
  elbos.length = 0;
  drawCurve($('curve'), elbos);
  buttons.train.disabled = true;
  buttons.stop.disabled = false;
  buttons.resume.disabled = true;
  $('status').textContent = 'starting…';
  send({ type: 'train', source: view.state.doc.toString(), baseUrl: new URL('.', document.baseURI).href, maxSteps: number('steps', 500), batchSize: number('batch', 64), seed: 0 });
};
buttons.stop.onclick = () => send({ type: 'stop' });
buttons.resume.onclick = () => {
  buttons.resume.disabled = true;
  buttons.stop.disabled = false;
  buttons.train.disabled = true;
  send({ type: 'resume', maxSteps: number('steps', 500) });
};
