// The `ja4ws` program without its commands, and the run loop with the documented exit codes:
// shared by the whole program (program.ts) and the one-command fast path of main.ts, which loads
// only the command it runs (start-up of `ja4ws fingerprint`: no store, no server modules).
import { Command, CommanderError } from 'commander';
import { ExitCode, errorMessage } from '../../common/util/errors.js';
import { exitCodeOf } from './exit-code.js';
import { addExamples } from './examples.js';

export type CommandFactory = () => Command;

export function makeProgram(
  factories: readonly CommandFactory[],
  configureRoot?: (program: Command) => Command,
): Command {
  const program = new Command('ja4ws')
    .description('JA4+/JA3 TLS fingerprinting and bot detection workstation')
    // Options after a subcommand's name belong to it (so `import --data-dir` is import's).
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError();
  for (const make of factories) program.addCommand(make());
  // Every level, so a usage error or --help in a nested command (`migrate down`, `config check`)
  // comes back to runCli for the documented exit code instead of commander's process.exit.
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  program.commands.forEach(override);
  configureRoot?.(program);
  addExamples(program);
  return program;
}

export async function runProgram(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    process.stderr.write(`ja4ws: ${errorMessage(err)}\n`);
    return exitCodeOf(err);
  }
}
