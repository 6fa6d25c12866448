// A UNIX socket server for JSON lines: stale socket files are replaced, a live one is refused,
// the file gets the configured mode and group. Every connection has its own line splitter.
//
// Connections are a bounded resource (issue 15: 1,100 idle connections starved a real writer):
//  - a connection that sends nothing for idleTimeoutMs is closed (connections_idle_closed);
//  - at maxConnections a new connection evicts the connection idle the longest if it has been
//    idle at least EVICT_IDLE_MS (connections_evicted), else the new one is refused
//    (connections_refused). A writer that is sending is never pushed out by idle ones.
// pause()/resume() stop and restart reading every connection (backpressure: the writers block in
// the kernel, nothing is read that could not be kept). close() drains: it stops accepting, tells
// each writer it is going (FIN), and keeps reading until the writer closes its side or drainMs
// passes, so what a cooperative writer had sent before SIGTERM is read, not dropped unread.
import { chmod, chown, lstat, mkdir, readFile, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { AppError } from '../../../common/util/errors.js';
import { LineSplitter, type LineSink } from './line-splitter.js';
import type { SourceStats } from './bad-input.js';
import { socketOwner } from './socket-owner.js';

/** sun_path is 108 bytes on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH = 107;

export interface UnixLineServerOptions {
  path: string;
  mode: number;
  /** Group name or gid that may write to the socket. */
  group?: string | number;
  maxLineBytes: number;
  maxConnections: number;
  /** Close a connection silent for this long (ms); 0 = never. */
  idleTimeoutMs?: number;
  /** How long close() keeps reading connections after telling them it stops (ms). */
  drainMs?: number;
  /**
   * The setting that chooses this path, named when the path is taken (e.g. "ingest.httpSocket
   * (JA4WS_INGEST__HTTP_SOCKET)").
   */
  setting?: string;
}

/** A writer that sends this as its first line is told how many lines were taken (see AckState). */
export const ACK_HELLO = '{"ja4ws":"ack"}';
/** Sent instead of end-of-stream at shutdown to a writer that asked for acks: stop, then close. */
export const ACK_STOP = '{"ja4ws":"stop"}';

/**
 * Acknowledgements, for writers that ask (first line ACK_HELLO): after each turn of the event loop
 * in which lines of this connection were handed on, the server writes {"ack":<lines so far>} back.
 * The sink journals lines as they come and writes the journal in a setImmediate queued at the
 * first line of the turn; the ack's setImmediate is queued after it, so an acknowledged line is
 * in the journal file (it survives kill -9) or, with no journal, was processed. A writer keeps
 * its lines until they are acknowledged and sends the rest again after a reconnect.
 */
class AckState {
  on = false;
  private first = true;
  private taken = 0;
  private acked = 0;
  private scheduled = false;

  wrap(sink: LineSink): LineSink {
    return {
      line: (b) => {
        if (this.first) {
          this.first = false;
          if (b.length === ACK_HELLO.length && b.toString('latin1') === ACK_HELLO) {
            this.on = true;
            return;
          }
        }
        this.taken++;
        sink.line(b);
      },
      oversize: (prefix, length) => {
        this.first = false;
        this.taken++;
        sink.oversize(prefix, length);
      },
    };
  }

  /** After the writer closed its side: the last acknowledgement, once the journal has the lines. */
  finish(socket: Socket): void {
    setImmediate(() => {
      if (!socket.destroyed && !socket.writableEnded && this.taken > this.acked) {
        this.acked = this.taken;
        socket.write(`{"ack":${this.taken}}\n`);
      }
      socket.end();
    });
  }

  schedule(socket: Socket): void {
    if (!this.on || this.scheduled || this.taken === this.acked) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // A writer that asked but does not read gets no more than 64 KiB of acks queued.
      if (socket.destroyed || socket.writableEnded || socket.writableLength > 65536) return;
      this.acked = this.taken;
      socket.write(`{"ack":${this.taken}}\n`);
    });
  }
}

/** A connection idle at least this long may be evicted to admit a new one at the cap. */
export const EVICT_IDLE_MS = 1_000;

export async function resolveGroup(group: string | number): Promise<number> {
  if (typeof group === 'number') return group;
  if (/^\d+$/.test(group)) return Number(group);
  const text = await readFile('/etc/group', 'utf8');
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined) return Number(gid);
  }
  throw new AppError('INGEST_GROUP', `socket group "${group}" does not exist in /etc/group`, {
    group,
  });
}

async function removeStale(path: string, setting: string | undefined): Promise<void> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    return;
  }
  if (!st.isSocket()) {
    throw new AppError(
      'INGEST_SOCKET_PATH',
      `${path} exists and is not a socket; refusing to replace it`,
      { path },
    );
  }
  const inUse = await new Promise<boolean>((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
  if (inUse) {
    const owner = await socketOwner(path);
    const who = owner ? `process ${owner.pid} (${owner.command})` : 'another process (PID unknown)';
    const move = setting
      ? `; set ${setting} to another path, or to false to turn this socket off`
      : '';
    throw new AppError('INGEST_SOCKET_BUSY', `${path} is in use by ${who}${move}`, {
      path,
      ...(owner ? { pid: owner.pid } : {}),
      ...(setting ? { setting } : {}),
    });
  }
  await unlink(path);
}

export interface UnixLineServer {
  readonly server: Server;
  readonly path: string;
  /** Stop reading every connection (new ones start paused) until resume(). */
  pause(): void;
  resume(): void;
  /**
   * Stop accepting; tell every writer we stop and read what it sends until it closes or drainMs
   * passes (not while paused: then nothing more is read); deliver the lines; remove the file.
   */
  close(): Promise<void>;
}

export async function listenUnixLines(
  opts: UnixLineServerOptions,
  sink: LineSink,
  stats: SourceStats,
): Promise<UnixLineServer> {
  if (Buffer.byteLength(opts.path) > MAX_SOCKET_PATH) {
    throw new AppError(
      'INGEST_SOCKET_PATH',
      `socket path ${opts.path} is longer than ${MAX_SOCKET_PATH} bytes (the UNIX socket limit)`,
      { path: opts.path },
    );
  }
  const gid = opts.group !== undefined ? await resolveGroup(opts.group) : undefined;
  const dir = dirname(opts.path);
  await mkdir(dir, { recursive: true, mode: 0o750 });
  await removeStale(opts.path, opts.setting);
  const idleMs = opts.idleTimeoutMs ?? 0;
  const drainMs = opts.drainMs ?? 2_000;
  /** Open connections and when each last sent something. */
  const sockets = new Map<Socket, number>();
  const acks = new WeakMap<Socket, AckState>();
  let paused = false;
  const watchIdle = (socket: Socket) => socket.setTimeout(paused ? 0 : idleMs);
  const admit = (socket: Socket): boolean => {
    if (sockets.size < opts.maxConnections) return true;
    let idlest: Socket | undefined;
    let since = Infinity;
    for (const [s, last] of sockets) {
      if (last < since) {
        since = last;
        idlest = s;
      }
    }
    if (idlest && Date.now() - since >= EVICT_IDLE_MS) {
      stats.connections_evicted++;
      idlest.destroy();
      sockets.delete(idlest);
      return true;
    }
    stats.connections_refused++;
    socket.destroy();
    return false;
  };
  // Half-open: after a writer ends its side, the last acknowledgement can still go out.
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    if (!admit(socket)) return;
    sockets.set(socket, Date.now());
    stats.connections_total++;
    stats.connections_open++;
    const ack = new AckState();
    acks.set(socket, ack);
    const splitter = new LineSplitter(opts.maxLineBytes, ack.wrap(sink));
    if (paused) socket.pause();
    watchIdle(socket);
    socket.on('data', (chunk: Buffer) => {
      if (sockets.has(socket)) sockets.set(socket, Date.now());
      splitter.push(chunk);
      ack.schedule(socket);
    });
    socket.on('end', () => {
      splitter.end();
      if (ack.on) ack.finish(socket);
      else socket.end();
    });
    socket.on('timeout', () => {
      stats.connections_idle_closed++;
      socket.destroy();
    });
    // A writer that vanishes mid-line loses only that line.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      stats.connections_open--;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new AppError(
          'INGEST_LISTEN',
          `cannot listen on ${opts.path}: ${err.message}`,
          { path: opts.path },
          { cause: err },
        ),
      ),
    );
    server.listen(opts.path, () => resolve());
  });
  await chmod(opts.path, opts.mode);
  if (gid !== undefined) {
    await chown(opts.path, -1, gid);
    await chown(dir, -1, gid).catch(() => undefined);
  }
  const drain = (socket: Socket): Promise<void> =>
    new Promise((resolve) => {
      if (socket.destroyed) return resolve();
      socket.once('close', () => resolve());
      if (paused) return void socket.destroy();
      socket.setTimeout(0);
      const timer = setTimeout(() => socket.destroy(), drainMs);
      socket.once('close', () => clearTimeout(timer));
      // A writer with acks is asked to stop (it closes after its last line and gets a final ack);
      // others see end-of-stream.
      if (acks.get(socket)?.on) socket.write(`${ACK_STOP}\n`);
      else socket.end();
    });
  return {
    server,
    path: opts.path,
    pause: () => {
      paused = true;
      for (const s of sockets.keys()) {
        s.pause();
        watchIdle(s);
      }
    },
    resume: () => {
      paused = false;
      for (const s of sockets.keys()) {
        s.resume();
        sockets.set(s, Date.now());
        watchIdle(s);
      }
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...sockets.keys()].map(drain));
      await closed;
      await unlink(opts.path).catch(() => undefined);
    },
  };
}
