/**
 * Backend selection: the automatic choice on this machine (no tfjs-node, so wasm with every core),
 * the overrides and their errors, idempotency, and that the threaded wasm build computes the same
 * numbers as the single-threaded cpu kernels. One process per test file (vitest forks), so the wasm
 * thread count chosen by the first selection holds for the whole file.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/common/diagnostic.js';
import { describeBackend, selectBackend } from '../../src/runtime/backend.js';

async function nativeInstalled(): Promise<boolean> {
  for (const pkg of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
    try {
      const spec: string = pkg;
      await import(spec);
      return true;
    } catch {
      // not installed
    }
  }
  return false;
}

async function expectUserError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).exitCode).toBe(2);
  expect((err as UserError).message).toMatch(pattern);
}

describe('selectBackend', () => {
  const savedEnv = { backend: process.env['TILDE_BACKEND'], threads: process.env['TILDE_THREADS'] };
  afterEach(() => {
    for (const [key, value] of [['TILDE_BACKEND', savedEnv.backend], ['TILDE_THREADS', savedEnv.threads]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('picks the fastest available backend by itself, with every core on wasm', async () => {
    delete process.env['TILDE_BACKEND'];
    delete process.env['TILDE_THREADS'];
    const native = await nativeInstalled();
    const info = await selectBackend();
    expect(tf.getBackend()).toBe(info.name);
    if (native) {
      expect(info.name).toBe('tensorflow');
      return;
    }
    expect(info.name).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.threads).toBe(Math.min(8, os.availableParallelism()));
    expect(info.reason).toMatch(/tfjs-node is not installed/);
    expect(describeBackend(info)).toBe(`backend wasm (SIMD, ${info.threads} thread${info.threads === 1 ? '' : 's'})`);
  });

  it('is idempotent: the same request returns the same answer without re-initializing', async () => {
    const a = await selectBackend();
    const b = await selectBackend();
    expect(b).toBe(a);
  });

  it('registers tfjs gradients (tfjs-core alone has none)', async () => {
    await selectBackend();
    expect(tf.getGradient('Mean')).toBeDefined();
    expect(tf.getGradient('BatchMatMul')).toBeDefined();
  });

  it('the wasm build in use (threaded when threads > 1) computes what the cpu kernels compute', async () => {
    const info = await selectBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
    const a = tf.randomNormal([64, 96], 0, 1, 'float32', 11);
    const b = tf.randomNormal([96, 80], 0, 1, 'float32', 12);
    const onWasm = tf.tidy(() => tf.relu(tf.matMul(a, b)).dataSync());
    await selectBackend({ backend: 'cpu' });
    const onCpu = tf.tidy(() => tf.relu(tf.matMul(a, b)).dataSync());
    let worst = 0;
    for (let i = 0; i < onCpu.length; i++) worst = Math.max(worst, Math.abs(onWasm[i]! - onCpu[i]!));
    expect(worst).toBeLessThan(1e-4); // sums of 96 products of N(0,1) values in float32
    tf.dispose([a, b]);
  });

  it('switches between initialized backends; the wasm thread count stays what it was', async () => {
    const first = await selectBackend({ backend: 'wasm' });
    const cpu = await selectBackend({ backend: 'cpu' });
    expect(cpu).toMatchObject({ name: 'cpu', threads: 1, simd: false });
    expect(tf.getBackend()).toBe('cpu');
    const again = await selectBackend({ backend: 'wasm', threads: first.threads + 1 });
    expect(tf.getBackend()).toBe('wasm');
    expect(again.threads).toBe(first.threads);
    expect(again.reason).toMatch(/fixed when wasm is first initialized/);
  });

  it('TILDE_BACKEND overrides the automatic choice; --backend overrides TILDE_BACKEND', async () => {
    process.env['TILDE_BACKEND'] = 'cpu';
    expect((await selectBackend()).name).toBe('cpu');
    expect((await selectBackend()).reason).toMatch(/TILDE_BACKEND/);
    const info = await selectBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
    expect(info.reason).toMatch(/--backend/);
  });

  it('rejects an unknown backend name, from either source, as a usage error', async () => {
    await expectUserError(selectBackend({ backend: 'gpu' }), /unknown backend 'gpu' \(from --backend\); expected one of: tensorflow, wasm, cpu/);
    process.env['TILDE_BACKEND'] = 'webgl';
    await expectUserError(selectBackend(), /unknown backend 'webgl' \(from TILDE_BACKEND\)/);
  });

  it('rejects a bad thread count as a usage error', async () => {
    await expectUserError(selectBackend({ backend: 'wasm', threads: 0 }), /invalid thread count '0' \(from --threads\)/);
    process.env['TILDE_THREADS'] = 'two';
    await expectUserError(selectBackend({ backend: 'wasm' }), /invalid thread count 'two' \(from TILDE_THREADS\)/);
  });

  it('a process that used the threaded wasm build exits by itself when its work is done', async () => {
    // Emscripten keeps pthread workers referenced while their threads run; XNNPACK's pool threads
    // never stop, so without releaseWasmThreads the process would hang after its last line.
    const fixture = fileURLToPath(new URL('./fixtures/threads-then-exit.ts', import.meta.url));
    const started = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', fixture], { timeout: 30_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    expect(out).toMatch(/^backend wasm \(SIMD, 2 threads\) 32768$/m);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a requested tensorflow backend that is not installed is a usage error saying so', async () => {
    if (await nativeInstalled()) return;
    await expectUserError(selectBackend({ backend: 'tensorflow' }), /backend 'tensorflow' \(requested by --backend\) is unavailable: @tensorflow\/tfjs-node is not installed/);
  });
});
