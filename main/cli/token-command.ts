import { Command } from 'commander';
import { rotateToken, tokenPath } from '../api/auth/token.js';
import { configFrom, withConfigOptions } from './config-options.js';

export function tokenCommand(): Command {
  const token = new Command('token').description('manage the API access token');
  token.addCommand(
    withConfigOptions(new Command('rotate'))
      .description('replace the API token; a running daemon keeps the old one until it restarts')
      .action((flags) => {
        const config = configFrom(flags);
        const value = rotateToken(config.dataDir);
        process.stdout.write(
          `new token written to ${tokenPath(config.dataDir)} (mode 0600):\n${value}\n`,
        );
      }),
  );
  return token;
}
