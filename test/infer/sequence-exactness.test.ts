/**
 * The LGSSM exactness test of issue 17, at short T: the model of the issue with T = 5 on the seeded
 * fixture lgssm-t5.csv, trained with its derived guide (the structured inference network of
 * runtime/structured-guide.ts), against the Kalman filter's exact log-evidence (test/helpers/state-space.ts).
 * - validity: IWAE-K never exceeds the exact evidence (beyond 5 SE), which fails if log q were not the
 *   density the draws come from;
 * - fit: the guide's family holds the exact posterior's structure, so the ELBO comes within 0.1 nats per
 *   sequence of the evidence, and IWAE-1000 closer still.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { Dataset } from '../../src/data/dataset.js';
import { selectBackend } from '../../src/runtime/backend.js';
import { compileOk } from '../helpers/compile.js';
import { ISSUE_LGSSM, kalmanLogEvidence, readNumericCsv, sequenceFixture } from '../helpers/state-space.js';

// wasm on one thread: deterministic, and several times faster than cpu on these small ops.
beforeAll(async () => {
  await selectBackend({ backend: 'wasm', threads: 1 });
});

const T = 5;
const SOURCE = `model lgssm {
  dim T = ${T};
  data x: Real[T];
  latent z: Real[T];
  z[0] ~ Normal(0, 1);
  for t in 1:T { z[t] ~ Normal(0.9 * z[t - 1], 0.5); }
  for t in 0:T { x[t] ~ Normal(z[t], 0.3); }
}`;

const { rows } = readNumericCsv(sequenceFixture('lgssm-t5.csv'));
const data: Dataset = { n: rows.length, columns: new Map([['x', Float32Array.from(rows.flat())]]), source: 'lgssm-t5.csv' };
const exact = rows.reduce((a, x) => a + kalmanLogEvidence(x, ISSUE_LGSSM), 0) / rows.length;

describe('LGSSM (T = 5) with the derived structured guide', () => {
  let m: TildeModel;
  beforeAll(async () => {
    m = TildeModel.create(compileOk(SOURCE, { encoderHidden: [16] }), { encoderHidden: [16] }, 0);
    // Eight draws per sequence and step: the steps cost the same (op overhead dominates at this size) and
    // the gradient is less noisy, so 400 full-batch steps suffice.
    await m.fit(data, { epochs: 400, batchSize: data.n, lr: 0.05, lrSchedule: 'cosine', seed: 1, samples: 8 });
  }, 300_000);

  it('has IWAE estimates at or below the Kalman evidence, and an ELBO below them', () => {
    const iwae = m.logLikelihood(data, { k: 1000, seed: 3 });
    const elbo = m.elbo(data, { seed: 4, samples: 50 });
    const context = `exact ${exact}, IWAE-1000 ${iwae.logLikelihood} ± ${iwae.standardError}, ELBO ${elbo.elbo} ± ${elbo.standardError}`;
    expect(iwae.logLikelihood, context).toBeLessThanOrEqual(exact + 5 * iwae.standardError);
    expect(elbo.elbo, context).toBeLessThanOrEqual(iwae.logLikelihood + 5 * Math.hypot(elbo.standardError, iwae.standardError));
  });

  it('reaches the evidence: ELBO within 0.1 nats per sequence, IWAE-1000 within 0.02', () => {
    const iwae = m.logLikelihood(data, { k: 1000, seed: 5 });
    const elbo = m.elbo(data, { seed: 6, samples: 50 });
    const context = `exact ${exact}, IWAE-1000 ${iwae.logLikelihood} ± ${iwae.standardError}, ELBO ${elbo.elbo} ± ${elbo.standardError}`;
    expect(exact - elbo.elbo, context).toBeLessThan(0.1 + 5 * elbo.standardError);
    expect(exact - iwae.logLikelihood, context).toBeLessThan(0.02 + 5 * iwae.standardError);
  });
});
