// A daemon for durability tests (kill -9, SIGTERM, full disk): the built CLI on a data directory
// of the test's choosing, with extra environment (JA4WS_* settings), and request-line writers
// that count what the kernel accepted from them.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { ACK_HELLO } from '../../correlation-worker/src/ingest/unix-socket.js';
import { openStore } from '../../main/storage/store.js';
import { cliPath } from './daemon.js';

export interface LoadDaemon {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export async function spawnDaemon(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<LoadDaemon> {
  const child = spawn(
    process.execPath,
    [cliPath, '--daemon', '--data-dir', dataDir, '--port', '0', '--log-level', 'info'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        JA4WS_INGEST__HTTP_SOCKET: join(dataDir, 'http.socket'),
        JA4WS_INGEST__NETWORK_SOCKET: join(dataDir, 'network.socket'),
        ...env,
      },
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const t0 = Date.now();
  while (!/^ {2}UI: /m.test(out)) {
    if (child.exitCode !== null) throw new Error(`daemon exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - t0 > 90_000) {
      child.kill('SIGKILL');
      throw new Error(`daemon did not start within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: child, output: () => out, exited };
}

/** The daemon's JSON log lines. */
export function logLines(out: string): Array<Record<string, unknown>> {
  return out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}

export function requestLine(w: number, i: number): string {
  return `${JSON.stringify({
    time: Date.now() / 1000,
    src_ip: `198.51.100.${w + 1}`,
    src_port: 1024 + (i % 60000),
    dst_ip: '192.0.2.10',
    dst_port: 443,
    method: 'GET',
    host: 'load.example',
    path: `/w${w}/${i}`,
    http_version: '1.1',
    status: 200,
    headers: [
      ['Host', 'load.example'],
      ['User-Agent', 'durability-test'],
    ],
  })}\n`;
}

export interface Blaster {
  /** Lines the kernel accepted (write callback without error). */
  confirmed: () => number;
  /** With `ack`: lines the daemon acknowledged (journaled). */
  acked: () => number;
  /** Resolves with `confirmed` once the connection is gone or `stop()` was called. */
  done: Promise<number>;
  stop: () => void;
}

/**
 * Writes request lines as fast as the socket takes them, up to `max`. Behaves like the
 * http-logger at a daemon stop: when the daemon half-closes, it writes nothing more and closes.
 */
export function blast(
  path: string,
  w: number,
  max = 10_000_000,
  o: { ack?: boolean } = {},
): Blaster {
  let confirmed = 0;
  let acked = 0;
  let stopped = false;
  const s: Socket = connect(path);
  let tail = '';
  s.on('data', (d: Buffer) => {
    const text = tail + d.toString();
    const parts = text.split('\n');
    tail = parts.pop() ?? '';
    for (const p of parts) {
      const m = /^\{"ack":(\d+)\}$/.exec(p);
      if (m) acked = Math.max(acked, Number(m[1]));
    }
  });
  const done = new Promise<number>((resolve) => {
    s.on('error', () => undefined);
    s.on('close', () => resolve(confirmed));
    s.on('end', () => {
      stopped = true;
      s.end();
    });
    s.resume();
    s.on('connect', async () => {
      if (o.ack) s.write(`${ACK_HELLO}\n`);
      for (let i = 0; i < max && !stopped && !s.destroyed; i++) {
        const ok = s.write(requestLine(w, i), (e) => {
          if (!e) confirmed++;
        });
        if (!ok) await new Promise((r) => (s.once('drain', r), s.once('close', r)));
        else if (i % 64 === 0) await new Promise((r) => setImmediate(r));
      }
      s.end();
    });
  });
  return {
    confirmed: () => confirmed,
    acked: () => acked,
    done,
    stop: () => {
      stopped = true;
    },
  };
}

export interface StoredCounts {
  requests: number;
  requestsDistinct: number;
  logs: number;
  logsDistinct: number;
}

/** Opens the (stopped) daemon's embedded store and counts the load's rows. */
export async function storedCounts(dataDir: string): Promise<StoredCounts> {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  try {
    const q = async (sql: string) =>
      (
        await (
          await store.client.query({ query: sql, format: 'JSONEachRow' })
        ).json<{
          n: string;
          d: string;
        }>()
      )[0]!;
    const r = await q(
      `SELECT count() AS n, uniqExact(path) AS d FROM http_requests WHERE host = 'load.example'`,
    );
    const l = await q(
      `SELECT count() AS n, uniqExact(path) AS d FROM http_logs WHERE host = 'load.example'`,
    );
    return {
      requests: Number(r.n),
      requestsDistinct: Number(r.d),
      logs: Number(l.n),
      logsDistinct: Number(l.d),
    };
  } finally {
    await store.close();
  }
}
