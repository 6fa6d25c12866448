// A UNIX socket server for JSON lines: stale socket files are replaced, a live one is refused,
// the file gets the configured mode and group. Every connection has its own line splitter.
import { chmod, chown, lstat, mkdir, readFile, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { AppError } from '../../../common/util/errors.js';
import { LineSplitter, type LineSink } from './line-splitter.js';
import type { SourceStats } from './bad-input.js';

/** sun_path is 108 bytes on Linux, including the terminating NUL. */
const MAX_SOCKET_PATH = 107;

export interface UnixLineServerOptions {
  path: string;
  mode: number;
  /** Group name or gid that may write to the socket. */
  group?: string | number;
  maxLineBytes: number;
  maxConnections: number;
}

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

async function removeStale(path: string): Promise<void> {
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
  if (inUse)
    throw new AppError('INGEST_SOCKET_BUSY', `${path} is in use by another process`, { path });
  await unlink(path);
}

export interface UnixLineServer {
  readonly server: Server;
  readonly path: string;
  /** Stop accepting, end every connection (lines already received are delivered), remove the file. */
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
  await removeStale(opts.path);
  const sockets = new Set<Socket>();
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    stats.connections_total++;
    stats.connections_open++;
    const splitter = new LineSplitter(opts.maxLineBytes, sink);
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('end', () => splitter.end());
    // A writer that vanishes mid-line loses only that line.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      stats.connections_open--;
    });
  });
  server.maxConnections = opts.maxConnections;
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
  return {
    server,
    path: opts.path,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      await unlink(opts.path).catch(() => undefined);
    },
  };
}
