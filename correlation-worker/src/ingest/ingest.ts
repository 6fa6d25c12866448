// Starts every input: http.socket (request events), network.socket (connection records from
// external sensors) and the access-log files, all feeding the same two callbacks.
import type { Logger } from 'pino';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { SourceStats, type BadInput, type SourceStatsSnapshot } from './bad-input.js';
import { DeadLetter } from './dead-letter.js';
import { decodeHandshake, jsonParserFor, requestDecoder } from './decoders.js';
import { FileTail, type FileTailStats } from './file-tail.js';
import { LineProcessor, type Decoder, type Rejections } from './line-processor.js';
import {
  IngestOptions,
  resolvePaths,
  type IngestOptionsInput,
  type SocketPaths,
} from './options.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { isInteropFormat } from '../interop/event.js';
import { InteropLineProcessor } from '../interop/line-processor.js';
import { ZeekMapper } from '../interop/zeek.js';

function zeekMapper(all: Map<string, ZeekMapper>, sensor: string): ZeekMapper {
  let m = all.get(sensor);
  if (!m) all.set(sensor, (m = new ZeekMapper(sensor)));
  return m;
}
import type { LineSink } from './line-splitter.js';
import { listenUnixLines, type UnixLineServer } from './unix-socket.js';
import type { LineResult } from './validate-line.js';

export interface IngestHandlers {
  request(req: HttpRequest): void;
  handshake(rec: ConnectionRecord): void;
}

export interface IngestStats {
  sources: Record<string, SourceStatsSnapshot & { handler_errors: number }>;
  files: Record<string, FileTailStats>;
  dead_letter: { written: number; errors: number };
}

/**
 * Lets the host see every line before it is processed (the main process journals it) and replay
 * lines later through the same processor: wrap() receives each source's processor and returns
 * the sink the source feeds.
 */
export interface IntakeHook {
  wrap(source: string, processor: LineSink): LineSink;
}

export interface Ingest {
  readonly paths: SocketPaths;
  /** Stop reading every socket and log file (backpressure: writers block) until resume(). */
  pause(): void;
  resume(): void;
  stats(): IngestStats;
  /** Read the log files now (tests; the timer does it otherwise). */
  pollFiles(): Promise<void>;
  close(): Promise<void>;
}

export async function startIngest(
  input: IngestOptionsInput,
  dataDir: string,
  handlers: IngestHandlers,
  logger: Logger,
  intake?: IntakeHook,
  /** Where the sockets go unless configured; default: defaultSocketDir(dataDir). */
  socketDir?: string,
): Promise<Ingest> {
  const opts = IngestOptions.parse(input);
  const paths = resolvePaths(opts, dataDir, socketDir);
  const deadLetter = new DeadLetter({
    path: paths.deadLetter,
    maxBytes: opts.deadLetter.maxBytes,
    files: opts.deadLetter.files,
  });
  const log = new RateLimitedLog(logger, opts.logRate.perInterval, opts.logRate.intervalMs);
  const rejections: Rejections = {
    reject(source: string, bad: BadInput, line: Buffer, total: number) {
      deadLetter.write(source, bad, line, total);
      log.warn(
        bad.kind,
        { source, field: bad.field, bytes: total },
        `bad input on ${source}: ${bad.message}`,
      );
    },
  };
  const processors: LineProcessor<unknown>[] = [];
  const servers: UnixLineServer[] = [];
  const tails = new Map<string, FileTail>();
  const mk = <T>(
    source: string,
    decode: Decoder<T>,
    deliver: (v: T) => void,
    parse?: (line: Buffer) => LineResult<unknown>,
  ): LineProcessor<T> => {
    const p = new LineProcessor(
      source,
      decode,
      deliver,
      new SourceStats(),
      rejections,
      opts.maxLineBytes,
      parse,
    );
    processors.push(p as LineProcessor<unknown>);
    return p;
  };
  const feed = (p: LineProcessor<unknown>): LineSink => (intake ? intake.wrap(p.source, p) : p);
  const listen = (path: string, p: LineProcessor<unknown>, setting: string) =>
    listenUnixLines(
      {
        path,
        mode: opts.socketMode,
        group: opts.socketGroup,
        maxLineBytes: opts.maxLineBytes,
        maxConnections: opts.maxConnections,
        idleTimeoutMs: opts.idleTimeoutMs,
        drainMs: opts.drainMs,
        setting,
      },
      feed(p),
      p.stats,
    );
  try {
    if (paths.http !== false) {
      const p = mk('http.socket', requestDecoder('jsonl'), (r) => handlers.request(r));
      servers.push(
        await listen(
          paths.http,
          p as LineProcessor<unknown>,
          'ingest.httpSocket (JA4WS_INGEST__HTTP_SOCKET)',
        ),
      );
    }
    if (paths.network !== false) {
      const p = mk('network.socket', decodeHandshake, (r) => handlers.handshake(r));
      servers.push(
        await listen(
          paths.network,
          p as LineProcessor<unknown>,
          'ingest.networkSocket (JA4WS_INGEST__NETWORK_SOCKET)',
        ),
      );
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    deadLetter.close();
    throw err;
  }
  // Zeek's logs of one sensor join across files (ssl <-> conn by uid, x509 by fingerprint).
  const zeekMappers = new Map<string, ZeekMapper>();
  for (const f of opts.files) {
    const source = `${f.format}:${f.path}`;
    const defaults: { dst_ip?: string; dst_port?: number; source: string } = { source: f.format };
    if (f.dst_ip !== undefined) defaults.dst_ip = f.dst_ip;
    if (f.dst_port !== undefined) defaults.dst_port = f.dst_port;
    let p: LineProcessor<unknown>;
    if (isInteropFormat(f.format)) {
      const ip = new InteropLineProcessor(
        source,
        {
          format: f.format,
          file: f.path,
          ...(f.sensor ? { sensor: f.sensor } : {}),
          ...(f.format === 'zeek' ? { zeek: zeekMapper(zeekMappers, f.sensor ?? 'zeek') } : {}),
        },
        requestDecoder('jsonl', defaults),
        handlers,
        new SourceStats(),
        rejections,
        opts.maxLineBytes,
      );
      p = ip as unknown as LineProcessor<unknown>;
      processors.push(p);
    } else {
      p = mk(
        source,
        requestDecoder(f.format, defaults),
        (r) => handlers.request(r),
        jsonParserFor(f.format),
      ) as LineProcessor<unknown>;
    }
    const tail = new FileTail(
      { path: f.path, pollMs: f.pollMs, startAt: f.startAt, maxLineBytes: opts.maxLineBytes },
      feed(p),
    );
    tails.set(source, tail);
    tail.start();
  }
  logger.info(
    { http: paths.http, network: paths.network, files: opts.files.map((f) => f.path) },
    'ingest listening',
  );

  return {
    paths,
    pause: () => {
      for (const s of servers) s.pause();
      for (const t of tails.values()) t.pause();
    },
    resume: () => {
      for (const s of servers) s.resume();
      for (const t of tails.values()) t.resume();
    },
    stats: () => ({
      sources: Object.fromEntries(
        processors.map((p) => [
          p.source,
          { ...p.stats.snapshot(), handler_errors: p.handlerErrors },
        ]),
      ),
      files: Object.fromEntries([...tails].map(([k, t]) => [k, { ...t.stats }])),
      dead_letter: { written: deadLetter.written, errors: deadLetter.errors },
    }),
    pollFiles: async () => {
      await Promise.all([...tails.values()].map((t) => t.poll()));
    },
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
      await Promise.all([...tails.values()].map((t) => t.close()));
      deadLetter.close();
    },
  };
}
