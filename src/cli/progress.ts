/**
 * Training progress: on a terminal, a progress bar with ETA, loss and throughput (cli-progress); otherwise
 * plain log lines, one per epoch, that read well in CI logs and files.
 */
import cliProgress from 'cli-progress';
import type { EpochReport, StepProgress } from '../infer/trainer.js';
import type { CliIo } from './io.js';

/** Receives the trainer's events and shows them. */
export interface ProgressView {
  step(p: StepProgress): void;
  epoch(r: EpochReport, test: TestEstimate | undefined, epochs: number): void;
  stop(): void;
}

/** The test-set ELBO after an epoch, with its Monte Carlo standard error. */
export interface TestEstimate {
  readonly elbo: number;
  readonly standardError: number;
}

const fmt = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));
/** `-93.41 ± 0.12`; the error to as many decimals as the value, and one more when it would print as 0. */
const pm = (x: number, se: number | undefined) => {
  if (se === undefined || !Number.isFinite(se)) return `${fmt(x)} ± —`;
  const d = se > 0 && se < 0.005 ? Math.min(6, Math.ceil(-Math.log10(se)) + 1) : 2;
  return `${x.toFixed(d)} ± ${se.toFixed(d)}`;
};

function epochLine(r: EpochReport, test: TestEstimate | undefined, epochs: number): string {
  const parts = [`epoch ${r.epoch}/${epochs}`, `train ${r.objective} ${pm(r.trainBound, r.trainBoundStandardError)}`];
  if (r.validationElbo !== undefined) parts.push(`validation ELBO ${pm(r.validationElbo, r.validationElboStandardError)}`);
  if (test !== undefined) parts.push(`test ELBO ${pm(test.elbo, test.standardError)}`);
  const kl = Object.entries(r.kl).map(([k, v]) => `${k} ${pm(v, r.klStandardError[k])}`).join(', ');
  if (kl !== '') parts.push(`KL ${kl}`);
  parts.push(`${fmt(r.seconds, 1)} s`, `${Math.round(r.samplesPerSecond)} samples/s`);
  if (r.skippedSteps > 0) parts.push(`${r.skippedSteps} steps skipped`);
  return parts.join(' | ');
}

/** A progress view for the given output. */
export function progressView(io: CliIo): ProgressView {
  if (!io.isTTY) {
    return { step: () => undefined, epoch: (r, t, n) => io.out(`${epochLine(r, t, n)}\n`), stop: () => undefined };
  }
  let bar: cliProgress.SingleBar | undefined;
  let current = 0;
  return {
    step(p) {
      if (bar === undefined || current !== p.epoch) {
        bar?.stop();
        current = p.epoch;
        bar = new cliProgress.SingleBar(
          { format: `epoch ${p.epoch} [{bar}] {percentage}% | ETA {eta_formatted} | loss {loss} | {rate} samples/s`, hideCursor: true, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.steps, 0, { loss: '—', rate: '—' });
      }
      bar.update(p.step, { loss: fmt(p.loss), rate: String(Math.round(p.samplesPerSecond)) });
    },
    epoch(r, t, n) {
      bar?.stop();
      bar = undefined;
      io.out(`${epochLine(r, t, n)}\n`);
    },
    stop() {
      bar?.stop();
    },
  };
}
