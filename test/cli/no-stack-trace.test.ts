/**
 * No command prints a stack trace for a user error (issue 10): bad flags, an unknown command, missing
 * files, an `--out` that cannot be created, a run directory of another model, a truncated checkpoint,
 * bad data. Each case runs the built CLI (`dist/`, rebuilt when a source is newer) as a user would, and
 * requires a plain `error: …` line naming what is wrong, exit status 1 or 2 (never 70, the internal-error
 * status), and no `    at …` stack frame.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, ensureBuilt } from '../helpers/built.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-nostack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV = join(dir, 'reg.csv');
const RUN = join(dir, 'run');

function tilde(...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BUILT_CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TILDE_BACKEND: 'cpu' } });
  return { code: r.status, stderr: r.stderr };
}

/** The user-error contract: exit 1 or 2, an `error:` line matching `message`, no stack frame. */
function expectUserError(r: { code: number | null; stderr: string }, message: RegExp): void {
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/internal error/);
  expect([1, 2], r.stderr).toContain(r.code);
  expect(r.stderr).toMatch(message);
}

beforeAll(() => {
  ensureBuilt();
  const rows = ['x.0,x.1,x.2,y'];
  for (let i = 0; i < 24; i++) rows.push(`${i % 3},${(i * 7) % 5},${i / 10},${(i % 4) - 1.5}`);
  writeFileSync(CSV, `${rows.join('\n')}\n`);
  const r = tilde('train', 'examples/regression.tilde', '--data', CSV, '--out', RUN, '--epochs', '1', '--no-plots');
  expect(r.code, r.stderr).toBe(0);
}, 180_000);

describe('user errors print a located message, never a stack trace', () => {
  it('usage: an unknown command, an unknown flag, a flag value that is not a number', () => {
    expectUserError(tilde('frobnicate'), /^error: unknown command 'frobnicate'/m);
    expectUserError(tilde('check', '--bogus', 'examples/vae.tilde'), /^error: unknown option '--bogus'/m);
    expectUserError(tilde('train', 'examples/regression.tilde', '--data', CSV, '--out', join(dir, 'nan'), '--epochs', 'abc'), /^error: --epochs must be a positive integer, got something that is not a number$/m);
    expectUserError(tilde('compile', '--emit', 'nope', 'examples/vae.tilde'), /^error: --emit must be/m);
  });

  it('missing files: the model, the data, the run directory', () => {
    expectUserError(tilde('check', join(dir, 'missing.tilde')), /^error: cannot read .*missing\.tilde: no such file$/m);
    expectUserError(tilde('train', join(dir, 'missing.tilde'), '--data', CSV, '--out', join(dir, 'm1')), /missing\.tilde/);
    expectUserError(tilde('train', 'examples/regression.tilde', '--data', join(dir, 'missing.csv'), '--out', join(dir, 'm2')), /^error: .*missing\.csv: cannot read the data file/m);
    expectUserError(tilde('eval', join(dir, 'no-run')), /^error: .*no-run is not a Tilde run directory/m);
  });

  it('an --out that cannot be created: under a file, and under /proc (where Node\'s recursive mkdir never returns)', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expectUserError(tilde('train', 'examples/regression.tilde', '--data', CSV, '--out', join(file, 'run'), '--epochs', '1', '--no-plots'), /^error: cannot create directory .*a-file\/run: a part of the path is not a directory$/m);
    expectUserError(tilde('train', 'examples/regression.tilde', '--data', CSV, '--out', file, '--epochs', '1', '--no-plots'), /^error: cannot create directory .*a-file: a file is in the way$/m);
    if (existsSync('/proc/self')) {
      expectUserError(tilde('train', 'examples/regression.tilde', '--data', CSV, '--out', '/proc/tilde-no/run', '--epochs', '1', '--no-plots'), /^error: cannot create directory \/proc\/tilde-no\/run: no such file or directory$/m);
    }
  }, 60_000);

  it('a run directory of another model, and resuming a run with another model', () => {
    const other = join(dir, 'other');
    cpSync(RUN, other, { recursive: true });
    cpSync('examples/vae-2d.tilde', join(other, 'model.tilde'));
    expectUserError(tilde('eval', other, '--data', CSV), /^error: the checkpoint has no weight `.+`: it was written for another model or another version of its nets$/m);
    expectUserError(tilde('sample', other, '-n', '2'), /^error: the checkpoint has no weight/m);
    expectUserError(tilde('train', 'examples/vae-2d.tilde', '--out', RUN, '--resume', '--epochs', '2'), /^error: --resume: .*differs from the model this run was started with/m);
    expectUserError(tilde('train', 'examples/vae-2d.tilde', '--out', RUN, '--epochs', '2'), /already holds a run; pass --resume/);
  }, 60_000);

  it('a truncated checkpoint, for eval and for --resume', () => {
    const cut = join(dir, 'truncated');
    cpSync(RUN, cut, { recursive: true });
    const ckpts = join(cut, 'checkpoints');
    const last = readdirSync(ckpts).sort().at(-1) as string;
    const weights = join(ckpts, last, 'weights.bin');
    truncateSync(weights, Math.floor(statSync(weights).size / 2));
    expectUserError(tilde('eval', cut, '--data', CSV), /^error: checkpoint .* is corrupt: weights\.bin has \d+ bytes, expected \d+ \(truncated\?\)$/m);
    expectUserError(tilde('train', '--out', cut, '--resume', '--epochs', '2', '--data', CSV, '--no-plots'), /is corrupt/);
    truncateSync(join(ckpts, last, 'manifest.json'), 10);
    expectUserError(tilde('eval', cut, '--data', CSV), /^error: checkpoint .* is corrupt: manifest\.json is not valid JSON/m);
  }, 60_000);

  it('bad data: missing columns, a cell that is not a number', () => {
    const missing = join(dir, 'cols.csv');
    writeFileSync(missing, 'a,b\n1,2\n');
    expectUserError(tilde('eval', RUN, '--data', missing), /^error: .*cols\.csv: missing columns x\.0, x\.1, x\.2/m);
    const cell = join(dir, 'cell.csv');
    writeFileSync(cell, 'x.0,x.1,x.2,y\n1,2,3,4\n1,two,3,4\n');
    expectUserError(tilde('train', 'examples/regression.tilde', '--data', cell, '--out', join(dir, 'cell-run'), '--epochs', '1', '--no-plots'), /cell\.csv.*(row|line) 3/);
  }, 60_000);
});
