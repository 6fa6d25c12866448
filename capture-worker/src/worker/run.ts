// The capture worker's life: check privileges, open the source, feed the engine, send events and
// stats to main over the framed channel, and stop cleanly on SIGTERM, on end of file, or when the
// parent goes away (its end of stdin closes).
import { fstatSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { AppError, errorMessage } from '../../../common/util/errors.js';
import {
  WORKER_PROTOCOL_VERSION,
  WorkerExitCode,
  type WorkerFatal,
} from '../../../common/events/worker.js';
import { Outbox, type OutboxOptions } from '../channel/outbox.js';
import { CapSource } from '../source/cap.js';
import { FileSource } from '../source/file.js';
import { TcpdumpSource } from '../source/tcpdump.js';
import type { CaptureOptions, PacketSource } from '../source/types.js';
import { describeConfigError, parseWorkerArgs, type WorkerConfig } from './config.js';
import { defaultRouteIface } from './default-iface.js';
import { createWorkerEngine } from './engine.js';
import type { WorkerEngine } from './engine-port.js';
import { checkPrivileges, fileCaps, readProcCaps, resolveBinary } from './privileges.js';
import { buildStats, type PacketCounters } from './stats.js';

const FLUSH_TIMEOUT_MS = 2000;

export function makeSource(cfg: WorkerConfig, iface: string): PacketSource {
  const runAsRoot = process.getuid?.() === 0;
  const opts: CaptureOptions = {
    iface,
    filter: cfg.filter,
    snaplen: cfg.snaplen,
    bufferBytes: cfg.bufferBytes,
    promisc: cfg.promisc,
    tcpdumpPath: cfg.tcpdumpPath,
    // -Z needs CAP_SETUID: only meaningful when tcpdump starts as root.
    ...(runAsRoot && cfg.dropUser.length > 0 ? { dropUser: cfg.dropUser } : {}),
  };
  if (cfg.source === 'cap') return new CapSource(opts);
  if (cfg.source === 'file') return new FileSource(opts);
  return new TcpdumpSource(opts);
}

function privilegeError(cfg: WorkerConfig): AppError | undefined {
  if (cfg.source === 'file' || cfg.skipPrivilegeCheck) return undefined;
  const tcpdumpResolved = (): string => resolveBinary(cfg.tcpdumpPath);
  const verdict = checkPrivileges({
    source: cfg.source,
    caps: readProcCaps(),
    gid: process.getgid?.() ?? 0,
    execPath: process.execPath,
    tcpdumpPath: cfg.tcpdumpPath,
    tcpdumpResolved,
    tcpdumpFileCaps: () => fileCaps(tcpdumpResolved()),
  });
  if (verdict.ok) return undefined;
  return new AppError('capture.no_privileges', verdict.reason, { remedy: verdict.remedy });
}

function fatalOf(err: unknown): WorkerFatal {
  if (err instanceof z.ZodError) {
    return {
      t: 'fatal',
      code: 'capture.bad_config',
      message: `invalid capture worker configuration: ${describeConfigError(err)}`,
    };
  }
  if (err instanceof AppError) {
    const remedy = typeof err.context.remedy === 'string' ? err.context.remedy : undefined;
    return {
      t: 'fatal',
      code: err.code,
      message: err.message,
      ...(remedy ? { remedy } : {}),
      context: { ...err.context },
    };
  }
  return { t: 'fatal', code: 'capture.unexpected', message: errorMessage(err) };
}

/** Errors that restarting will not fix: the supervisor stops retrying on these. */
function isPermanent(code: string): boolean {
  return /^(capture\.(bad_config|no_privileges|no_such_interface|bad_filter|cap_missing|tcpdump_missing|link_type|no_default_iface)|capture_(missing_file|bad_magic|truncated|bad_record|block_length|read_failed))$/.test(
    code,
  );
}

/**
 * Live: the configured bounds; drop-oldest protects the capture. File: room for the final flush
 * of a full flow table too (engine.finish() emits up to maxFlows records at once), since the
 * file source waits for room instead of dropping.
 */
function outboxOptions(cfg: WorkerConfig): OutboxOptions {
  if (cfg.source !== 'file')
    return { maxQueuedEvents: cfg.maxQueuedEvents, maxQueuedBytes: cfg.maxQueuedBytes };
  // The file source refills to half of maxQueuedEvents; on top of that fits one batch of 1024
  // packets' records and the whole flow table's.
  const events = cfg.maxQueuedEvents + cfg.maxFlows + 2048;
  return { maxQueuedEvents: events, maxQueuedBytes: Math.max(cfg.maxQueuedBytes, events * 2048) };
}

export async function runWorker(argv: string[], channel: Writable): Promise<number> {
  const startedAt = Date.now();
  let outbox = new Outbox(channel);
  let flushMs = FLUSH_TIMEOUT_MS;
  const exit = async (code: number): Promise<number> => {
    await outbox.flush(flushMs);
    return code;
  };
  const fail = async (err: unknown, permanent?: boolean): Promise<number> => {
    const f = fatalOf(err);
    outbox.sendControl(f);
    process.stderr.write(
      `ja4ws capture worker: ${f.message}${f.remedy ? `\n  fix: ${f.remedy}` : ''}\n`,
    );
    return exit((permanent ?? isPermanent(f.code)) ? WorkerExitCode.fatal : WorkerExitCode.crash);
  };

  let cfg: WorkerConfig;
  let iface: string;
  try {
    cfg = parseWorkerArgs(argv);
    iface = cfg.iface !== '' ? cfg.iface : defaultRouteIface();
    const denied = privilegeError(cfg);
    if (denied) return fail(denied, true);
  } catch (err) {
    return fail(err, true);
  }
  outbox = new Outbox(channel, outboxOptions(cfg));
  // A file's last records are data, not a shutdown casualty: give main time to take them.
  if (cfg.source === 'file') flushMs = 10 * 60_000;

  const pc: PacketCounters = { packets: 0, bytes: 0, errors: {} };
  let seq = 0;
  let engine: WorkerEngine;
  try {
    engine = createWorkerEngine(
      cfg,
      (record) => {
        outbox.sendEvent({ t: 'event', seq: seq++, record: { ...record, sensor: cfg.sensor } });
      },
      (message) =>
        outbox.sendControl({ t: 'log', level: 'error', code: 'capture.packet_store', message }),
    );
  } catch (err) {
    return fail(err, true);
  }
  const source = makeSource(cfg, iface);
  const warnCount = new Map<string, number>();

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  let stopping = false;

  const sendStats = (final: boolean): void => {
    outbox.sendStats(buildStats(startedAt, final, pc, source, engine, outbox));
  };

  try {
    const info = await source.start({
      packet(p) {
        pc.packets++;
        pc.bytes += p.origLen;
        engine.push(p);
      },
      ...(cfg.source === 'file'
        ? {
            room: async () => {
              await new Promise((r) => setImmediate(r));
              await outbox.waitForRoom(Math.floor(cfg.maxQueuedEvents / 2));
            },
          }
        : {}),
      warn(code, message, context) {
        pc.errors[code] = (pc.errors[code] ?? 0) + 1;
        // Rate limit: the first few of each kind, then every 1000th.
        const n = (warnCount.get(code) ?? 0) + 1;
        warnCount.set(code, n);
        if (n <= 5 || n % 1000 === 0)
          outbox.sendControl({
            t: 'log',
            level: 'warn',
            code,
            message,
            context: { ...context, count: n },
          });
      },
      end(err) {
        if (stopping) return;
        stopping = true;
        void (async () => {
          engine.finish();
          await engine.close?.();
          sendStats(true);
          if (err) {
            resolveDone(await fail(err, false));
            return;
          }
          outbox.sendControl({ t: 'end', reason: 'end of capture file' });
          resolveDone(await exit(WorkerExitCode.ok));
        })();
      },
    });
    outbox.sendControl({
      t: 'hello',
      protocol: WORKER_PROTOCOL_VERSION,
      pid: process.pid,
      sensor: cfg.sensor,
      source: cfg.source,
      iface,
      linkType: info.linkType,
      filter: cfg.filter,
      snaplen: info.snaplen,
      bufferBytes: cfg.bufferBytes,
      promisc: cfg.promisc,
      promiscActual: info.promiscActual,
      timestamps: info.timestamps,
      notes: info.notes,
      ...(source instanceof TcpdumpSource && source.pid !== undefined
        ? { helperPid: source.pid }
        : {}),
    });
  } catch (err) {
    return fail(err);
  }

  const capBytes = cfg.memoryCapMb * 1024 * 1024;
  let overCap = false;
  // Live links can go quiet: the engine's clock only moves with packets, so early records
  // (handshake without ServerHello) and idle evictions are driven from the wall clock too.
  const ticker =
    cfg.source === 'file' ? undefined : setInterval(() => engine.tick?.(Date.now() * 1000), 250);
  const timer = setInterval(() => {
    sendStats(false);
    const rss = process.memoryUsage.rss();
    if (rss > capBytes && !overCap) {
      overCap = true;
      outbox.sendControl({
        t: 'log',
        level: 'error',
        code: 'capture.memory_cap',
        message: `worker RSS ${Math.round(rss / 1048576)} MB is over its cap of ${cfg.memoryCapMb} MB`,
        context: { rss },
      });
    } else if (rss <= capBytes) overCap = false;
  }, cfg.statsIntervalMs);

  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await source.stop();
      engine.finish();
      await engine.close?.();
      sendStats(true);
      outbox.sendControl({
        t: 'log',
        level: 'info',
        code: 'capture.stopped',
        message: `capture stopped (${why})`,
      });
      resolveDone(await exit(WorkerExitCode.ok));
    })();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The supervisor holds our stdin pipe open; EOF means it died, so we must not outlive it.
  // (Run by hand with stdin on a terminal or /dev/null, there is no such pipe to watch.)
  const watchParent = fstatSync(0).isFIFO() || fstatSync(0).isSocket();
  if (watchParent) {
    process.stdin.on('end', () => stop('parent closed stdin'));
    process.stdin.on('error', () => stop('parent stdin error'));
    process.stdin.resume();
  }

  const code = await done;
  clearInterval(timer);
  clearInterval(ticker);
  if (watchParent) process.stdin.pause();
  return code;
}
