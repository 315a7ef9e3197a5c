/** `tilde sample` on a model with a `factor`: the draws ignore it, and the command says so on stderr. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tilde } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-sample-factor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tilde sample with a factor', () => {
  it('draws from the model without its factors and notes it', async () => {
    const f = join(dir, 'soft.tilde');
    writeFileSync(f, 'model soft { data x: Real; z ~ Normal(0, 1); factor -0.5 * (z - 2) ^ 2; x ~ Normal(z, 1); }\n');
    const r = await tilde('sample', f, '-n', '2', '--json', '--backend', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
    expect(r.stderr).toContain("note: soft's factor statements (factor#1) reweight the joint and are ignored by ancestral sampling");
  });
});
