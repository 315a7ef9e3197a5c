/** Runs the CLI in-process, with every command registered, and collects its output. */
import '../../src/cli/commands.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

/** What a CLI run produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tilde ...args`. */
export async function tilde(...args: string[]): Promise<CliRun> {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
