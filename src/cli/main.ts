#!/usr/bin/env node
/** The `tilde` executable: runs the CLI on the process's arguments and exits with its code. */
import './commands.js';
import { processIo } from './io.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
