// `ja4ws token url|show|rotate`. The daemon never prints the token (its stdout may be a journal);
// a person who can read the data directory asks for it here instead.
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { AppError } from '../../common/util/errors.js';
import { ensureToken, rotateToken, tokenPath } from '../api/auth/token.js';
import { runningDaemonUrl, urlFileName } from '../daemon/start-banner.js';
import { configFrom, withConfigOptions } from './config-options.js';

function existingToken(dataDir: string): string {
  if (!existsSync(tokenPath(dataDir)))
    throw new AppError(
      'token.missing',
      `no API token in ${dataDir} yet: the daemon creates one at its first start (ja4ws --daemon --data-dir ${dataDir})`,
      { dataDir },
    );
  return ensureToken(dataDir);
}

export function tokenCommand(): Command {
  const token = new Command('token').description('manage the API access token');
  token.addCommand(
    withConfigOptions(new Command('url'))
      .description("print the running daemon's UI address with the token, to open in a browser")
      .action((flags) => {
        const { dataDir } = configFrom(flags);
        const url = runningDaemonUrl(dataDir);
        if (url === undefined)
          throw new AppError(
            'daemon.not_running',
            `no daemon is running on ${dataDir} (no live ${urlFileName} there); start it with ja4ws --daemon --data-dir ${dataDir}`,
            { dataDir },
          );
        process.stdout.write(`${url}/#token=${existingToken(dataDir)}\n`);
      }),
  );
  token.addCommand(
    withConfigOptions(new Command('show'))
      .description('print the API token (for Authorization: Bearer, or desktop.remoteToken)')
      .action((flags) => {
        process.stdout.write(`${existingToken(configFrom(flags).dataDir)}\n`);
      }),
  );
  token.addCommand(
    withConfigOptions(new Command('rotate'))
      .description('replace the API token; a running daemon keeps the old one until it restarts')
      .action((flags) => {
        const { dataDir } = configFrom(flags);
        rotateToken(dataDir);
        process.stdout.write(
          `new token written to ${tokenPath(dataDir)} (mode 0600); print it with: ja4ws token show --data-dir ${dataDir}\n`,
        );
      }),
  );
  return token;
}
