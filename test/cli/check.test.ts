/**
 * `tilde check`, in-process through `runCli` (exact text and exit codes, every bad-corpus file against its
 * `.expected` output), and once through the built executable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../src/cli/commands.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { lookupCode } from '../../src/common/codes.js';
import { ROOT } from '../check/helpers.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

beforeAll(() => {
  // Paths in messages are as given on the command line, relative to the repository root.
  process.chdir(ROOT);
});

describe('tilde check', () => {
  it('prints one OK line per model and exits 0', async () => {
    const r = await run('check', 'examples/vae.tilde', 'examples/regression.tilde');
    expect(r).toEqual({
      code: 0,
      err: '',
      out:
        'examples/vae.tilde: model vae OK — latent z (local, Real[20]); observed x (Binary[784])\n' +
        'examples/regression.tilde: model regression OK — latent w (global, Real[3]), b (global, Real), sigma (global, Positive); observed y (Real); covariate x (Real[3])\n',
    });
  });

  it('names the guide coverage and checks every model of a file', async () => {
    const r = await run('check', 'test/corpus/good/multi-model.tilde', 'test/corpus/good/guide-partial.tilde');
    expect(r.out.split('\n')).toEqual([
      'test/corpus/good/multi-model.tilde: model small OK — latent m (local, Real); observed x (Real)',
      'test/corpus/good/multi-model.tilde: model heavy_tailed OK — latent m (local, Real), s (local, Positive); observed x (Real)',
      'test/corpus/good/guide-partial.tilde: model guide_partial OK — latent z1 (local, Real[2]), z2 (local, Real[4]); observed x (Real[6]); guide for z1',
      '',
    ]);
  });

  // Every bad-corpus file but those whose code needs a compile flag `tilde check` does not take (E0904).
  const bad = readdirSync(join(ROOT, 'test', 'corpus', 'bad'))
    .filter((f) => f.endsWith('.tilde') && lookupCode(f.slice(0, 5))?.options === undefined)
    .sort();
  it('prints each bad-corpus file exactly as its .expected file, exiting 1 for errors and 0 for warnings', async () => {
    expect(bad.length).toBeGreaterThanOrEqual(25);
    for (const f of bad) {
      const path = `test/corpus/bad/${f}`;
      const expected = readFileSync(join(ROOT, path.replace(/\.tilde$/, '.expected')), 'utf8');
      const r = await run('check', path);
      expect(r.err, f).toBe(expected);
      expect(r.code, f).toBe(f.startsWith('W') ? 0 : 1);
    }
  });

  it('reports what compile would reject (E0901, E0902, E0905), located, and prints no OK line for that model', async () => {
    for (const code of ['E0901', 'E0902', 'E0905']) {
      const path = readdirSync(join(ROOT, 'test', 'corpus', 'bad')).find((f) => f.startsWith(code) && f.endsWith('.tilde'));
      const r = await run('check', `test/corpus/bad/${path}`, 'examples/vae.tilde');
      expect(r.code, code).toBe(1);
      expect(r.err, code).toMatch(new RegExp(`^test/corpus/bad/${code}-[a-z-]+\\.tilde:\\d+:\\d+: error\\[${code}\\]`));
      expect(r.out, code).toBe('examples/vae.tilde: model vae OK — latent z (local, Real[20]); observed x (Binary[784])\n');
    }
  });

  it('prints JSON with 1-based positions on --json', async () => {
    const r = await run('check', '--json', 'test/corpus/bad/E0203-unknown-distribution.tilde', 'examples/vae.tilde');
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([
      {
        file: 'test/corpus/bad/E0203-unknown-distribution.tilde',
        line: 4,
        column: 7,
        endLine: 4,
        endColumn: 13,
        code: 'E0203',
        severity: 'error',
        message: 'unknown distribution `Nromal`',
        label: 'not a distribution',
        help: 'did you mean `Normal`?',
        children: [{ level: 'help', message: 'did you mean `Normal`?', spans: [] }],
      },
    ]);
  });

  it('gives each note its span in --json, then the help, as the text form prints them', async () => {
    const path = 'test/corpus/bad/E0271-dependency-cycle.tilde';
    const [d] = JSON.parse((await run('check', '--json', path)).out) as { children: unknown[] }[];
    const at = (line: number, column: number) => [{ file: path, line, column, endLine: line, endColumn: column + 1 }];
    expect(d?.children).toEqual([
      { level: 'note', message: '`a` depends on `b` here', spans: at(4, 14) },
      { level: 'note', message: '`b` depends on `a` here', spans: at(5, 14) },
      { level: 'help', message: 'a variable cannot depend on itself, directly or through others; break the cycle', spans: [] },
    ]);
  });

  it('exits 2 with a plain message for a missing file or a directory, and still checks the others', async () => {
    const r = await run('check', 'no/such.tilde', 'examples', 'examples/vae.tilde');
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: cannot read no/such.tilde: no such file\nerror: cannot read examples: is a directory\n');
    expect(r.out).toContain('model vae OK');
  });

  it('exits 2 on a usage error', async () => {
    const r = await run('check');
    expect(r.code).toBe(2);
    expect(r.err).toContain("missing required argument 'files'");
  });
});

describe('the built executable', () => {
  it('checks a file and sets the exit status', () => {
    const main = join(ROOT, 'dist', 'cli', 'main.js');
    if (!existsSync(main)) {
      const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
      expect(build.status, build.stdout + build.stderr).toBe(0);
    }
    const ok = spawnSync(process.execPath, [main, 'check', 'examples/vae.tilde'], { cwd: ROOT, encoding: 'utf8' });
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, 'examples/vae.tilde: model vae OK — latent z (local, Real[20]); observed x (Binary[784])\n', '']);
    const missing = spawnSync(process.execPath, [main, 'check', 'missing.tilde'], { cwd: ROOT, encoding: 'utf8' });
    expect([missing.status, missing.stderr]).toEqual([2, 'error: cannot read missing.tilde: no such file\n']);
  });
});
