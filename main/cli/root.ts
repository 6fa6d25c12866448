// `ja4ws` with no subcommand: the desktop app, or the headless daemon with --daemon.
import { type Command, Option } from 'commander';
import { AppError } from '../../common/util/errors.js';
import { runDaemonForeground } from '../daemon/run-daemon.js';
import { launchDesktop } from './launch-desktop.js';
import { type ConfigFlags, configFrom, withConfigOptions } from './config-options.js';

interface RootFlags extends ConfigFlags {
  daemon?: boolean;
  host?: string;
  port?: number;
  insecureListen?: boolean;
}

export function configureRoot(program: Command): Command {
  withConfigOptions(program)
    .option('--daemon', 'run headless: serve the UI and API over HTTP (no Electron)')
    .option('--host <address>', 'daemon listen address (default 127.0.0.1)')
    .addOption(new Option('--port <port>', 'daemon port (0 = any free port)').argParser(parsePort))
    .option(
      '--insecure-listen',
      'allow plain HTTP on a non-loopback address (the token crosses the network in clear)',
    )
    .action(async (flags: RootFlags) => {
      if (!flags.daemon) {
        process.exitCode = await launchDesktop();
        return;
      }
      const daemon: Record<string, unknown> = {};
      if (flags.host !== undefined) daemon.host = flags.host;
      if (flags.port !== undefined) daemon.port = flags.port;
      if (flags.insecureListen) daemon.insecureListen = true;
      await runDaemonForeground(
        configFrom(flags, Object.keys(daemon).length > 0 ? { daemon } : {}),
      );
    });
  return program;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new AppError('usage.port', `--port: expected an integer 0-65535, got "${value}"`);
  return n;
}
