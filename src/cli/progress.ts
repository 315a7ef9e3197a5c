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
  epoch(r: EpochReport, testElbo: number | undefined, epochs: number): void;
  stop(): void;
}

const fmt = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

function epochLine(r: EpochReport, testElbo: number | undefined, epochs: number): string {
  const parts = [`epoch ${r.epoch}/${epochs}`, `train ${r.objective} ${fmt(r.trainBound)}`];
  if (r.validationElbo !== undefined) parts.push(`validation ELBO ${fmt(r.validationElbo)}`);
  if (testElbo !== undefined) parts.push(`test ELBO ${fmt(testElbo)}`);
  const kl = Object.entries(r.kl).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
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
