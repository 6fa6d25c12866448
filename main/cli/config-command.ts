import { Command } from 'commander';
import { stringify } from 'yaml';
import { maskSecrets } from '../config/load.js';
import { configFrom, withConfigOptions } from './config-options.js';

export function configCommand(): Command {
  const config = new Command('config').description('inspect the configuration');
  config.addCommand(
    withConfigOptions(new Command('check'))
      .description('validate the configuration and print the effective values (secrets masked)')
      .action((flags) => {
        process.stdout.write(stringify(maskSecrets(configFrom(flags))));
      }),
  );
  return config;
}
