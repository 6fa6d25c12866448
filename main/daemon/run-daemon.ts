// Initializer of the headless daemon: the core, a token, and the API + UI over HTTP; stops in
// order on SIGTERM/SIGINT (a second signal exits at once).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureToken } from '../api/auth/token.js';
import { hostPolicy } from '../api/http/host-check.js';
import { createApiServer } from '../api/http/server.js';
import type { Config } from '../config/schema.js';
import { createLogger, type Logger } from '../core/log.js';
import { listenPolicy } from './listen-policy.js';
import { removeUrlFile, sensorBanner, startBanner, writeUrlFile } from './start-banner.js';
import { roleParts, sensorNameOf } from '../fleet/options.js';
import { rendererDir } from './paths.js';
import type { Pipeline, PipelineStats } from './pipeline.js';
import { AppError } from '../../common/util/errors.js';
import { startCore } from './start-core.js';

export interface RunningDaemon {
  url: string;
  token: string;
  stop: () => Promise<void>;
  /** Counters of the live pipeline (ingest, correlator, writers); still readable after stop. */
  stats: () => PipelineStats;
  /** Role sensor: what to print instead of the UI address ('' = none). */
  banner?: string;
}

export async function runDaemon(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningDaemon> {
  const policy = listenPolicy(config.daemon);
  if (policy.warning) log.warn(policy.warning);
  const core = await startCore(config, log);
  if (!roleParts(config).api) {
    // Role sensor: capture, ingest and writers only; the fleet sees it through its heartbeats.
    return {
      url: '',
      token: '',
      stats: () => pipelineStats(core.pipeline),
      stop: () => core.stop(),
      banner: sensorBanner({
        sensor: sensorNameOf(config),
        store: core.store.describe,
        interfaces: config.capture.interfaces,
      }),
    };
  }
  let server: Server | undefined;
  try {
    const token = ensureToken(config.dataDir);
    let ready = false;
    server = createApiServer({
      token: () => token,
      staticDir: rendererDir(),
      maxBodyBytes: config.daemon.maxBodyBytes,
      maxUploadBytes: config.daemon.maxUploadBytes,
      log,
      ready: () => ready,
      metrics: core.metrics,
      hosts: hostPolicy(config.daemon.host, config.daemon.allowedHosts),
      ...(policy.tls ? { tls: policy.tls } : {}),
      context: core.context,
    });
    await listen(server, config.daemon.host, config.daemon.port);
    ready = true;
    core.setHealth({ name: 'api', state: 'ok' });
    const port = (server.address() as AddressInfo).port;
    const scheme = policy.tls ? 'https' : 'http';
    const host = config.daemon.host.includes(':') ? `[${config.daemon.host}]` : config.daemon.host;
    const running = server;
    return {
      url: `${scheme}://${host}:${port}`,
      token,
      stats: () => pipelineStats(core.pipeline),
      stop: async () => {
        ready = false;
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          running.closeAllConnections();
        });
        await core.stop();
      },
    };
  } catch (err) {
    server?.close();
    await core.stop();
    throw err;
  }
}

function pipelineStats(p: Pipeline | undefined): PipelineStats {
  if (!p) throw new AppError('daemon.no_pipeline', 'this daemon runs no sensor (role server)');
  return p.stats();
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

/** Runs until a signal. Prints where the UI is and where the token is kept, never the token:
 * under systemd stdout goes to the journal. Only a person at a terminal (stdout is a TTY, which
 * a service's stdout never is) is shown the address with the token, to click. */
export async function runDaemonForeground(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const daemon = await runDaemon(config, log);
  const urlFile = daemon.banner ? undefined : writeUrlFile(config.dataDir, daemon.url);
  process.stdout.write(
    daemon.banner ??
      startBanner({
        url: daemon.url,
        token: daemon.token,
        dataDir: config.dataDir,
        tty: process.stdout.isTTY === true,
      }),
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
      daemon.stop().then(
        () => {
          if (urlFile) removeUrlFile(urlFile);
          // What was accepted and what was stored, so an operator (and the shutdown test) can see
          // that nothing accepted before the signal was lost.
          if (!roleParts(config).pipeline) {
            log.info('stopped');
            resolve();
            return;
          }
          const st = daemon.stats();
          log.info(
            {
              accepted: Object.fromEntries(
                Object.entries(st.correlation.ingest.sources).map(([k, v]) => [k, v.lines_ok]),
              ),
              stored: Object.fromEntries(
                Object.entries(st.writers).map(([k, w]) => [
                  k,
                  { rows: w.rowsWritten, spooled: w.spoolBytes },
                ]),
              ),
            },
            'stopped',
          );
          resolve();
        },
        (err: unknown) => {
          if (urlFile) removeUrlFile(urlFile);
          log.error({ err }, 'error while stopping');
          resolve();
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
