/** The `--data` family of options (declaring and reading them; loading happens in the commands' run modules). */
import type { Command } from 'commander';
import { UserError } from '../common/diagnostic.js';
import { findNamedDataset, namedDatasetSpecs } from '../registry/datasets.js';

/** Parsed data flags. */
export interface DataFlags {
  data?: string;
  binarize?: string;
  limit?: string;
  ignoreColumns?: boolean;
}

/** Declares `--data`, `--binarize`, `--limit` and `--ignore-columns`. */
export function addDataOptions(cmd: Command, required = true): Command {
  const files = 'FILE.csv | FILE.json | FILE.idx';
  const c = required
    ? cmd.requiredOption('--data <spec>', `${namedDatasetSpecs().join(' | ')} | ${files}`)
    : cmd.option('--data <spec>', `${namedDatasetSpecs('test').join(' | ')} | ${files}`);
  return c
    .option('--binarize <mode>', 'Binary data from grey levels: static (threshold 0.5, the default) or dynamic (resampled each epoch)')
    .option('--limit <n>', 'use only the first n rows')
    .option('--ignore-columns', 'allow columns the model does not declare');
}

/** The loading options the flags give explicitly (absent ones are left out, so defaults or a run's settings apply). */
export function loadOptionsOf(flags: DataFlags): { binarize?: 'static' | 'dynamic'; limit?: number; ignoreColumns?: boolean } {
  const binarize = flags.binarize;
  if (binarize !== undefined && binarize !== 'static' && binarize !== 'dynamic') throw new UserError(`--binarize must be static or dynamic, got ${binarize}`, 2);
  let limit: number | undefined;
  if (flags.limit !== undefined) {
    limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit must be a positive integer, got ${flags.limit}`, 2);
  }
  return { ...(binarize !== undefined ? { binarize } : {}), ...(limit !== undefined ? { limit } : {}), ...(flags.ignoreColumns === true ? { ignoreColumns: true } : {}) };
}


/** The test split that goes with a training spec, if there is an obvious one (`mnist:train` → `mnist:test`). */
export function companionTestSpec(spec: string): string | undefined {
  const m = /^([a-z][a-z0-9-]*):train$/.exec(spec);
  return m?.[1] !== undefined && findNamedDataset(m[1]) !== undefined ? `${m[1]}:test` : undefined;
}
