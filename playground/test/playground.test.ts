/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * Builds the static page, serves it with the cross-origin isolation headers, then — as a person
 * would — types a model with an error and sees the diagnostic in the editor, fixes it and sees the
 * plan, trains 50 steps and sees the ELBO rise and the sample grid drawn, stops and resumes, and
 * checks that the model is in the URL and that the console has no errors. Screenshots go to docs/
 * with TILDE_SCREENSHOTS=docs (else to a temporary folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG = 'playground/vite.config.ts';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling out to a network that is closed here.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = process.env['TILDE_SCREENSHOTS'] === 'docs' ? 'docs' : mkdtempSync(join(tmpdir(), 'tilde-shots-'));

const BAD = `// a VAE with a typo in the likelihood
model vae {
  dim Z = 20;
  data x: Binary[784];
  net decoder: MLP(Z -> 400 -> 784, hidden = relu, out = sigmoid);

  z ~ Normal(0, I);
  x ~ Bernoull(decoder(z));
}
`;

let server: PreviewServer;
let context: BrowserContext;
let page: Page;
let profile: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  await build({ configFile: CONFIG, logLevel: 'warn' });
  server = await preview({ configFile: CONFIG, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  profile = mkdtempSync(join(tmpdir(), 'tilde-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 1000 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => (m.type() === 'error' ? consoleErrors.push(`worker: ${m.text()}`) : undefined)));
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the preview server has no local URL');
  await page.goto(url);
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  rmSync(profile, { recursive: true, force: true });
  if (SHOTS !== 'docs') rmSync(SHOTS, { recursive: true, force: true });
});

/** Puts the cursor at `offset` in the editor. */
async function cursorAt(p: Page, offset: number): Promise<void> {
  await p.evaluate((at) => {
    const view = (window as unknown as { playground: { view: { dispatch(t: unknown): void; focus(): void } } }).playground.view;
    view.dispatch({ selection: { anchor: at } });
    view.focus();
  }, offset);
}

describe('the playground in headless Chromium', () => {
  it('is cross-origin isolated and shows the examples', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect.poll(() => page.locator('#examples button').count()).toBeGreaterThanOrEqual(8);
  });

  it('shows the diagnostic of a model with an error in the editor', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(BAD);
    await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#problems').textContent()).toContain('error[E0203]');
    expect(await page.locator('#problems').textContent()).toContain('did you mean `Bernoulli`?');
    expect(await page.locator('#problems').textContent()).toMatch(/^8:7 /);
    expect(await page.locator('.cm-lintRange-error').first().textContent()).toBe('Bernoull');
    await page.screenshot({ path: join(SHOTS, 'playground-diagnostic.png') });
  });

  it('fixed, it shows the derived guide and the plan', async () => {
    await cursorAt(page, BAD.indexOf('Bernoull(') + 'Bernoull'.length);
    await page.keyboard.type('i');
    await expect.poll(() => page.locator('#problems').textContent(), { timeout: 20_000 }).toBe('no problems');
    await expect.poll(() => page.locator('#explain').textContent(), { timeout: 20_000 }).toContain('Estimator plan');
    const plan = (await page.locator('#explain').textContent()) ?? '';
    expect(plan).toMatch(/q\(z \| x\) = Normal, encoder `\w+`: 784 → 400 → \(loc 20, scale 20\)/);
    expect(plan).toMatch(/z\s+latent\s+local\s+Normal\s+Normal\s+location-scale\s+analytic\s+x/);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
  });

  it('completes from the language server', async () => {
    await cursorAt(page, BAD.indexOf('Normal(0, I)') + 3);
    await page.keyboard.press('Control+Space');
    const list = page.locator('.cm-tooltip-autocomplete');
    await list.waitFor({ timeout: 10_000 });
    await expect.poll(() => list.textContent()).toContain('Normal');
    // Filtered by the prefix `Nor`, with the server's detail.
    expect(await list.textContent()).toContain('LogNormal');
    expect(await list.textContent()).toContain('distribution');
    await page.keyboard.press('Escape');
  });

  it('keeps the model in the URL', async () => {
    await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5_000 }).toMatch(/^#model=/);
    const text = await page.evaluate(() => (window as unknown as { playground: { view: { state: { doc: { toString(): string } } } } }).playground.view.state.doc.toString());
    expect(text).toBe(BAD.replace('Bernoull(', 'Bernoulli('));
  });

  it('trains 50 steps on MNIST in a worker: the ELBO rises and the samples are drawn', async () => {
    await page.locator('#steps').fill('50');
    await page.locator('#train').click();
    await expect.poll(() => page.locator('#step').textContent(), { timeout: 90_000, interval: 500 }).toBe('50');
    await page.locator('#resume:not([disabled])').waitFor({ timeout: 30_000 });
    const backend = (await page.locator('#backend').textContent()) ?? '';
    expect(backend).toMatch(/^backend wasm \(SIMD, \d+ threads?\)/);
    // Cross-origin isolated, so the threaded build runs, with as many threads as the machine has cores (up to 8).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    if (cores > 1) expect(backend).toContain(`${Math.min(8, cores)} threads (threaded SIMD build)`);
    const elbos = await page.evaluate(() => (window as unknown as { playground: { elbos: number[] } }).playground.elbos);
    expect(elbos).toHaveLength(50);
    expect(elbos.every(Number.isFinite)).toBe(true);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // From about −540 nats (an untrained Bernoulli decoder) the minibatch ELBO climbs by well over 100 in 50 steps.
    expect(mean(elbos.slice(-10))).toBeGreaterThan(mean(elbos.slice(0, 10)) + 50);
    expect(await page.locator('#samples').getAttribute('data-drawn')).toBe('64');
    expect(await page.locator('#reconstructions').getAttribute('data-drawn')).toBe('16');
    const inked = await page.evaluate(() => {
      const c = document.getElementById('samples') as HTMLCanvasElement;
      const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if ((d[i] as number) < 240) n++;
      return n / (d.length / 4);
    });
    // Means of p(x | z) after 50 steps are grey strokes on white: some pixels inked, not all.
    expect(inked).toBeGreaterThan(0.05);
    expect(inked).toBeLessThan(0.95);
    await page.screenshot({ path: join(SHOTS, 'playground.png'), fullPage: true });
  });

  it('resumes training where it stopped, and stops when asked', async () => {
    await page.locator('#steps').fill('100000');
    await page.locator('#resume').click();
    await expect.poll(async () => Number(await page.locator('#step').textContent()), { timeout: 60_000, interval: 200 }).toBeGreaterThanOrEqual(55);
    await page.locator('#stop').click();
    await page.locator('#resume:not([disabled])').waitFor({ timeout: 30_000 });
    const steps = Number(await page.locator('#step').textContent());
    expect(steps).toBeGreaterThanOrEqual(55);
    expect(steps).toBeLessThan(1000);
    expect(await page.locator('#status').textContent()).toBe(`stopped after ${steps} steps (${(steps / Math.ceil(10_000 / 64)).toFixed(2)} epochs of 10000 images)`);
  });

  it('logged no errors to the console', () => {
    expect(consoleErrors).toEqual([]);
  });
});
