// Initializer of the headless daemon: open and migrate the store, make sure a token exists, serve
// the API and UI, and stop in order on SIGTERM/SIGINT (a second signal exits at once).
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { z } from 'zod';
import type { PartHealth } from '../../common/api/health.js';
import { ensureToken } from '../api/auth/token.js';
import { createApiServer } from '../api/http/server.js';
import type { Config } from '../config/schema.js';
import { storeConfigOf } from '../config/schema.js';
import { createLogger, type Logger } from '../core/log.js';
import { createMetrics } from '../core/metrics.js';
import { version } from '../core/version.js';
import { migrateUp } from '../storage/migrations/runner.js';
import { openStore, type Store } from '../storage/store.js';
import { listenPolicy } from './listen-policy.js';
import { rendererDir } from './paths.js';

export interface RunningDaemon {
  url: string;
  token: string;
  stop: () => Promise<void>;
}

export async function runDaemon(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningDaemon> {
  const policy = listenPolicy(config.daemon);
  if (policy.warning) log.warn(policy.warning);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  const store = await openStore(storeConfigOf(config));
  let server: Server | undefined;
  try {
    const migrated = await migrateUp(store);
    if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, 'migrations applied');
    const token = ensureToken(config.dataDir);
    const startedAt = new Date();
    let ready = false;
    server = createApiServer({
      token: () => token,
      staticDir: rendererDir(),
      maxBodyBytes: config.daemon.maxBodyBytes,
      log,
      ready: () => ready,
      metrics: createMetrics(),
      ...(policy.tls ? { tls: policy.tls } : {}),
      context: { ch: store.client, version, startedAt, health: () => health(store, ready) },
    });
    await listen(server, config.daemon.host, config.daemon.port);
    ready = true;
    const port = (server.address() as AddressInfo).port;
    const scheme = policy.tls ? 'https' : 'http';
    const host = config.daemon.host.includes(':') ? `[${config.daemon.host}]` : config.daemon.host;
    const url = `${scheme}://${host}:${port}`;
    const running = server;
    return {
      url,
      token,
      stop: async () => {
        ready = false;
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          running.closeAllConnections();
        });
        await store.close();
      },
    };
  } catch (err) {
    server?.close();
    await store.close();
    throw err;
  }
}

function health(store: Store, ready: boolean): z.infer<typeof PartHealth>[] {
  return [
    { name: 'api', state: ready ? 'ok' : 'starting' },
    { name: 'store', state: 'ok', detail: store.describe },
  ];
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Runs until a signal; prints the URL with the token for the person who started it. */
export async function runDaemonForeground(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const daemon = await runDaemon(config, log);
  process.stdout.write(
    [
      'ja4-workstation daemon is running',
      `  UI:    ${daemon.url}/#token=${daemon.token}`,
      `  API:   ${daemon.url}/api/v1/openapi.json (Authorization: Bearer <token>)`,
      `  token: kept in ${config.dataDir}/api-token (rotate: ja4ws token rotate)`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting at once');
        process.exit(130);
      }
      stopping = true;
      log.info({ signal }, 'stopping');
      const timer = setTimeout(() => {
        log.error('shutdown took longer than 10 s: exiting');
        process.exit(1);
      }, 10_000);
      timer.unref();
      daemon.stop().then(resolve, (err: unknown) => {
        log.error({ err }, 'error while stopping');
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
