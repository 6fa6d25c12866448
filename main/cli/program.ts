// `ja4ws` command line. Exit codes: see ExitCode in common/util/errors.ts.
import type { Command } from 'commander';
import { commandFactories } from './commands.js';
import { makeProgram, runProgram } from './program-base.js';
import { configureRoot } from './root.js';

export function buildProgram(): Command {
  return makeProgram(commandFactories, configureRoot);
}

export async function runCli(argv: string[]): Promise<number> {
  return runProgram(buildProgram(), argv);
}
