// The options every command that touches the store or the daemon shares, and how they become
// the flags layer of the configuration (file < environment < flags).
import { type Command, Option } from 'commander';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';

export interface ConfigFlags {
  config?: string;
  dataDir?: string;
  logLevel?: string;
}

export function withConfigOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration file (env: JA4WS_CONFIG)')
    .option(
      '-d, --data-dir <dir>',
      'data directory: embedded store, token, spool (env: JA4WS_DATA_DIR)',
    )
    .addOption(
      new Option('--log-level <level>', 'log level').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
        'fatal',
        'silent',
      ]),
    );
}

export function configFrom(flags: ConfigFlags, extra: Record<string, unknown> = {}): Config {
  const file = flags.config ?? process.env.JA4WS_CONFIG;
  const env = { ...process.env };
  delete env.JA4WS_CONFIG;
  return loadConfig({
    ...(file ? { file } : {}),
    env,
    flags: {
      ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
      ...(flags.logLevel ? { logLevel: flags.logLevel } : {}),
      ...extra,
    },
  });
}
