// The running correlation: ingest inputs -> correlator -> sinks, with a timer that lets the wall
// clock close windows when traffic is quiet. The supervisor starts one of these; local capture
// workers feed handshakes through addHandshake, external sensors through network.socket.
import type { Logger } from 'pino';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { startIngest, type Ingest, type IngestStats, type IntakeHook } from '../ingest/ingest.js';
import type { IngestOptionsInput } from '../ingest/options.js';
import { FanoutSink } from '../sinks/fanout.js';
import type { Sink } from '../sinks/sink.js';
import { Correlator, type Clock } from './correlator.js';
import type { CorrelatorOptionsInput } from './options.js';
import type { CorrelatorStats } from './stats.js';

export interface CorrelationServiceOptions {
  dataDir: string;
  /** Where the ingest sockets go unless configured (the daemon's per-instance directory). */
  socketDir?: string;
  ingest?: IngestOptionsInput;
  correlator?: CorrelatorOptionsInput;
  /** Correlated events (http_logs). */
  sinks: Sink<CorrelatedEvent>[];
  /** Raw validated requests (http_requests), before correlation. */
  requestSinks?: Sink<HttpRequest>[];
  /** Connection records received on network.socket (tls_handshakes from external sensors). */
  handshakeSinks?: Sink<ConnectionRecord>[];
  logger: Logger;
  /** Sees every ingest line first (the main process's journal). */
  intake?: IntakeHook;
  /** Microseconds; default the wall clock. null: event time only (replays, tests). */
  clock?: Clock | null;
  tickMs?: number;
}

export interface CorrelationStats {
  correlator: CorrelatorStats;
  ingest: IngestStats;
  sink_errors: Record<string, number>;
}

export interface CorrelationService {
  readonly ingest: Ingest;
  readonly correlator: Correlator;
  /** Handshakes from local capture workers. */
  addHandshake(rec: ConnectionRecord): void;
  stats(): CorrelationStats;
  /** Stop inputs, decide everything still pending (nothing is lost), flush and close sinks. */
  close(): Promise<void>;
}

export async function startCorrelationService(
  opts: CorrelationServiceOptions,
): Promise<CorrelationService> {
  const out = new FanoutSink(opts.sinks);
  const requests = new FanoutSink(opts.requestSinks ?? []);
  const handshakes = new FanoutSink(opts.handshakeSinks ?? []);
  const clock = opts.clock === null ? undefined : (opts.clock ?? (() => Date.now() * 1000));
  const correlator = new Correlator((e) => out.write(e), opts.correlator ?? {}, clock);
  const ingest = await startIngest(
    opts.ingest ?? {},
    opts.dataDir,
    {
      request: (r) => {
        requests.write(r);
        correlator.addRequest(r);
      },
      handshake: (h) => {
        handshakes.write(h);
        correlator.addHandshake(h);
      },
    },
    opts.logger,
    opts.intake,
    opts.socketDir,
  );
  const timer = setInterval(() => correlator.advance(), opts.tickMs ?? 250);
  timer.unref();
  let closed = false;
  return {
    ingest,
    correlator,
    addHandshake: (h) => correlator.addHandshake(h),
    stats: () => ({
      correlator: { ...correlator.stats },
      ingest: ingest.stats(),
      sink_errors: Object.fromEntries([...out.errors, ...requests.errors, ...handshakes.errors]),
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await ingest.close();
      correlator.flush();
      await Promise.all([out.close(), requests.close(), handshakes.close()]);
    },
  };
}
