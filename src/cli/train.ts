/**
 * `tilde train FILE --data SPEC --out DIR [options]` and `tilde train --out DIR --resume` (see train-run.ts,
 * loaded only when the command runs, so that `tilde check` does not pay for TensorFlow.js).
 */
import type { Command } from 'commander';
import { UserError } from '../common/diagnostic.js';
import { existsSync } from 'node:fs';
import { addBackendOptions } from './backend-flags.js';
import { addDataOptions } from './data-flags.js';
import type { CliIo } from './io.js';
import { addCompileOptions } from './model-input.js';
import { registerCommand } from './program.js';
import { estimatorChoices, ESTIMATOR_NAMES, ESTIMATORS } from '../registry/estimators.js';
import { DEFAULT_TRAIN_OPTIONS } from '../infer/train-options.js';

/** The estimators whose row counts its draws by this option, `elbo/stl`. */
const countedBy = (option: 'samples' | 'k') => ESTIMATOR_NAMES.filter((n) => ESTIMATORS[n].draws === option).join('/');
import type { TrainFlags } from './train-run.js';

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('train')
    .description('train a model on data with SGVB; write metrics, checkpoints and pictures to a run directory')
    .argument('[file]', 'the .tilde file (omit with --resume)')
    .requiredOption('--out <dir>', 'the run directory')
    .option('--resume', 'continue the run in --out from its last checkpoint')
    .option('--epochs <n>', 'epochs (default 10)')
    .option('--batch-size <n>', 'minibatch size (default 128)')
    .option('--lr <rate>', 'Adam learning rate (default 0.001)')
    .option('--estimator <name>', `${estimatorChoices()} (default ${DEFAULT_TRAIN_OPTIONS.estimator})`)
    .option('--samples <L>', `Monte Carlo samples per datapoint for ${countedBy('samples')} (default ${DEFAULT_TRAIN_OPTIONS.samples})`)
    .option('--k <K>', `importance samples per datapoint for ${countedBy('k')} (default ${DEFAULT_TRAIN_OPTIONS.k})`)
    .option('--seed <s>', 'random seed (default 0)')
    .option('--kl-warmup <epochs>', 'linear KL warm-up over this many epochs')
    .option('--beta <b>', 'weight of the KL terms (default 1)')
    .option('--free-bits <nats>', 'free bits per latent dimension')
    .option('--clip-norm <c>', 'clip the global gradient norm to c')
    .option('--lr-schedule <s>', 'constant, cosine or exponential')
    .option('--validation <fraction>', 'hold out this fraction of the data for validation')
    .option('--patience <epochs>', 'early stop after this many epochs without a better validation ELBO')
    .option('--test-data <spec>', 'evaluate the test ELBO on this data after every epoch (default for mnist:train: mnist:test; --limit applies to it too)')
    .option('--no-plots', 'do not write the pictures at the end');
  addCompileOptions(cmd);
  addDataOptions(cmd, false);
  addBackendOptions(cmd);
  cmd.action(async (file: string | undefined, flags: TrainFlags) => {
    if (flags.resume !== true && !existsSync(flags.out) && file === undefined) throw new UserError('tilde train needs a model FILE', 2);
    setExit(await (await import('./train-run.js')).runTrain(file, flags, io));
  });
});
