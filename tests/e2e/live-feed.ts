// Live traffic for a running daemon, through the same doors production traffic uses: a remote
// sensor's connection records on network.socket and the web server's request events on
// http.socket. Each connection is one handshake followed by `perConnection` keep-alive requests on
// its tuple, so the correlator joins them ('matched'). Requests, paths, User-Agents and JA4s come
// from the labelled traffic scenario (tools/traffic-gen), re-timed to now and paced to a rate.
// Used by the Live E2E test and bench/ui/live.bench.ts.
import { connect, type Socket } from 'node:net';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';

export interface FeedOptions {
  httpSocket: string;
  networkSocket: string;
  /** Request events per second (the connections' handshakes come on top). */
  requestsPerSecond: number;
  seconds: number;
  /** Keep-alive requests per connection (one handshake each). */
  perConnection?: number;
  /** Stop early (the E2E pauses the feed between checks). */
  signal?: AbortSignal;
  /** Every connection from this client address instead of the scenario's (an IP the store
   * already holds an open anomaly for, to see Live's highlight). */
  src?: string;
}

export interface FeedResult {
  requests: number;
  handshakes: number;
  /** How far the pacer fell behind its schedule at worst (ms): a slow feeder, not a slow UI. */
  maxLagMs: number;
  seconds: number;
  /** Paths of the requests in the last batch sent (the newest row must be one of them). */
  lastPaths: string[];
}

type Template = Required<Pick<CorrelatedEvent, 'request' | 'handshake'>>;

let pool: Template[] | undefined;
function templates(): Template[] {
  pool ??= generateScenario({ seed: 11, humanIps: 120, botnetIps: 20 })
    .events.filter((e): e is CorrelatedEvent & Template => !!e.request && !!e.handshake)
    .slice(0, 20_000);
  return pool;
}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

function close(s: Socket): Promise<void> {
  return new Promise((resolve) => s.end(() => resolve()));
}

/** Sends paced traffic; resolves when every line is handed to the sockets. */
export async function feedLive(o: FeedOptions): Promise<FeedResult> {
  const per = o.perConnection ?? 4;
  const t = templates();
  const [net, http] = await Promise.all([open(o.networkSocket), open(o.httpSocket)]);
  let requests = 0;
  let handshakes = 0;
  let maxLagMs = 0;
  let lastPaths: string[] = [];
  const started = performance.now();
  const total = Math.round(o.requestsPerSecond * o.seconds);
  try {
    while (requests < total && !o.signal?.aborted) {
      const elapsed = performance.now() - started;
      const due = Math.min(total, Math.floor((elapsed / 1000) * o.requestsPerSecond));
      maxLagMs = Math.max(maxLagMs, ((due - requests) / o.requestsPerSecond) * 1000);
      let hs = '';
      let rq = '';
      const nowMs = Date.now();
      if (requests < due) lastPaths = [];
      while (requests < due) {
        const conn = handshakes++;
        const tpl = t[conn % t.length]!;
        // A port per connection: the tuple is not reused within a run (a repeat needs the same
        // template and port, i.e. lcm(pool, 60000) connections).
        const port = 1024 + (conn % 60_000);
        const record: ConnectionRecord = {
          ...tpl.handshake,
          ...(o.src ? { src: o.src } : {}),
          ts_us: (nowMs - 5) * 1000,
          stream: conn,
          src_port: port,
          sensor: 'live-feed',
        };
        hs += `${JSON.stringify(record)}\n`;
        for (let k = 0; k < per && requests < total; k++) {
          // Same client (headers, HTTP version: HTTP/3 joins QUIC records only), other pages.
          const c = tpl.request;
          const r = k === 0 ? c : t[(conn + k * 7919) % t.length]!.request;
          lastPaths.push(r.path);
          rq += `${JSON.stringify({
            time: new Date(nowMs - 4 + k).toISOString(),
            src_ip: record.src,
            src_port: port,
            dst_ip: record.dst,
            dst_port: record.dst_port,
            method: r.method,
            scheme: 'https',
            host: c.host,
            path: r.path,
            ...(r.query ? { query: r.query } : {}),
            http_version: c.http_version,
            status: r.status,
            bytes_out: r.bytes_out,
            duration_ms: r.duration_ms,
            headers: c.headers,
          })}\n`;
          requests++;
        }
      }
      // Handshake first, so its record is buffered before the requests that claim it.
      if (hs) net.write(hs);
      if (rq) http.write(rq);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await Promise.all([close(net), close(http)]);
  }
  return {
    requests,
    handshakes,
    maxLagMs: Math.round(maxLagMs),
    seconds: (performance.now() - started) / 1000,
    lastPaths,
  };
}
