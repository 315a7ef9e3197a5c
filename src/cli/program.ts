/**
 * The `tilde` command line: builds the commander program from one module per command and runs it,
 * turning every way a command can end into an exit code — 0 ok, 1 errors in a model or data, 2 usage or
 * I/O errors — without ever printing a stack trace for a user error.
 */
import { Command, CommanderError } from 'commander';
import { InternalError, systemErrorReason, UserError } from '../common/diagnostic.js';
import type { CliIo } from './io.js';

/** A command module: adds its subcommand to the program; the action resolves to an exit code. */
export type CommandRegistrar = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

/** Registered commands, in help order. Each `src/cli/<command>.ts` adds itself here. */
const registrars: CommandRegistrar[] = [];

/** Adds a command module (called once per command at import time by `commands.ts`). */
export function registerCommand(r: CommandRegistrar): void {
  registrars.push(r);
}

/**
 * A file-system error on a path (a `--out` that cannot be created, a file that vanished) is about the
 * user's files, not a bug: `cannot mkdir '/proc/x': no such file or directory`.
 */
function systemErrorMessage(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || typeof err.path !== 'string') return undefined;
  const reason = systemErrorReason(err.code);
  return reason === undefined ? undefined : `cannot ${err.syscall ?? 'access'} ${err.path}: ${reason}`;
}

/** Renders an unexpected failure: user errors plainly, bugs as internal errors with the stack. */
export function reportFailure(e: unknown, io: CliIo): number {
  if (e instanceof UserError) {
    io.err(`error: ${e.message}\n`);
    return e.exitCode;
  }
  const system = systemErrorMessage(e);
  if (system !== undefined) {
    io.err(`error: ${system}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const kind = err instanceof InternalError ? 'internal error' : 'internal error (unexpected exception)';
  io.err(`${kind}: ${err.message}\nThis is a bug in Tilde; please report it with the input that caused it.\n${err.stack ?? ''}\n`);
  return 70;
}

/**
 * Runs the CLI on `argv` (without `node` and the script name) and resolves to the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exit = 0;
  const program = new Command('tilde')
    .description('Tilde: probabilistic programs with derived amortized guides, trained by SGVB')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run `tilde --help` for usage)');
  for (const r of registrars) r(program, io, (code) => (exit = Math.max(exit, code)));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    return reportFailure(e, io);
  }
}
