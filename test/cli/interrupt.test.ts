/**
 * Interrupted runs never leave a corrupt checkpoint: a run killed with SIGKILL at arbitrary moments, or
 * stopped with SIGINT, keeps a checkpoint that loads (or none at all, before the first epoch), and
 * `--resume` continues from it. Runs the built CLI (`dist/`, made by `npm install`) in a child process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCheckpoint, loadCheckpoint } from '../../src/infer/checkpoint.js';
import { useCpu } from '../helpers/backend.js';

beforeAll(useCpu);
const dir = mkdtempSync(join(tmpdir(), 'tilde-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODEL = join(dir, 'tiny.tilde');
writeFileSync(MODEL, 'model tiny { data x: Binary[784]; net d: MLP(8 -> 64 -> 784, hidden = relu); latent z: Real[8]; z ~ Normal(0, I); x ~ Bernoulli(logits: d(z)); }\n');
const CLI = 'dist/cli/main.js';

function train(out: string, extra: string[] = []) {
  return spawn(process.execPath, [CLI, 'train', MODEL, '--data', 'mnist:train', '--limit', '256', '--batch-size', '32', '--epochs', '200', '--out', out, '--backend', 'cpu', '--no-plots', '--test-data', 'mnist:test', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const exited = (p: ReturnType<typeof spawn>) => new Promise<number | null>((resolve) => p.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? -9 : null))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!existsSync(CLI))('interrupted training', () => {
  it('SIGKILL at arbitrary moments after the first checkpoint leaves a loadable checkpoint', async () => {
    for (let i = 0; i < 3; i++) {
      const out = join(dir, `kill-${i}`);
      const p = train(out);
      const deadline = Date.now() + 30_000;
      while (!hasCheckpoint(out) && Date.now() < deadline) await sleep(50);
      // Offsets spread over an epoch, so some kills land while the next checkpoint is being written.
      await sleep(i * 311);
      p.kill('SIGKILL');
      await exited(p);
      expect(hasCheckpoint(out)).toBe(true);
      const ckpt = loadCheckpoint(out);
      expect(Object.keys(ckpt.weights).length).toBeGreaterThan(0);
    }
  }, 90_000);

  it('SIGINT stops after the current step with exit code 130, and --resume continues', async () => {
    const out = join(dir, 'sigint');
    const p = train(out);
    let stderr = '';
    p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!hasCheckpoint(out) && Date.now() < deadline) await sleep(100);
    p.kill('SIGINT');
    expect(await exited(p)).toBe(130);
    expect(stderr).toContain('interrupted');
    const epoch = (loadCheckpoint(out).state['trainer'] as { epoch: number }).epoch;
    expect(epoch).toBeGreaterThan(0);
    const r = spawn(process.execPath, [CLI, 'train', '--out', out, '--resume', '--epochs', String(epoch + 1), '--backend', 'cpu', '--no-plots'], { stdio: 'ignore' });
    expect(await exited(r)).toBe(0);
    expect((loadCheckpoint(out).state['trainer'] as { epoch: number }).epoch).toBe(epoch + 1);
  }, 60_000);
});
