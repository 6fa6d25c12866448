// Import of other sensors' and edges' logs (Zeek, Suricata, Cloudflare Logpush, AWS WAF, and the
// nginx/Caddy/request-event JSON that the sockets take) into the store, the way the live pipeline
// would have stored them: connection records into tls_handshakes/tcp_events, requests into
// http_requests, and the correlator's events (request <-> handshake of its connection) into
// http_logs. Logs come one file after another (ssl.log before http.log), not in time order, so
// the events are sorted by time before they meet the correlator, which decides in event time; the
// sort holds at most `maxPending` events (beyond it, batches of that size are correlated in turn).
import { Correlator } from '../../../correlation-worker/src/correlate/correlator.js';
import type { CorrelatorOptionsInput } from '../../../correlation-worker/src/correlate/options.js';
import type { BadInput, BadKind } from '../../../correlation-worker/src/ingest/bad-input.js';
import { jsonParserFor, requestDecoder } from '../../../correlation-worker/src/ingest/decoders.js';
import {
  isInteropFormat,
  type InteropEvent,
} from '../../../correlation-worker/src/interop/event.js';
import { InteropDecoder } from '../../../correlation-worker/src/interop/decoder.js';
import type { Detection } from '../../../correlation-worker/src/interop/detect.js';
import {
  expandPaths,
  readLines,
  sniff,
  type LineError,
} from '../../../correlation-worker/src/interop/read-logs.js';
import { ZeekMapper } from '../../../correlation-worker/src/interop/zeek.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { AppError } from '../../../common/util/errors.js';
import { correlatedWithoutJa4plus, recordWithoutJa4plus } from '../../core/licence-gate.js';
import { HTTP_LOGS, HTTP_REQUESTS } from '../../storage/rows/http.js';
import { connectionTable } from '../../storage/rows/tcp-event.js';
import type { Store } from '../../storage/store.js';
import type { TableWriters } from '../../storage/writer/table-writers.js';
import { ImportRows } from './import-rows.js';

export interface LogImportOptions {
  ja4plus: boolean;
  /** Sensor label of the records (default: the format, e.g. "zeek"). */
  sensor?: string;
  correlator?: CorrelatorOptionsInput;
  /**
   * The tables' writers (the daemon's, with their spool); without them the import opens writers
   * of its own on the store, without a spool.
   */
  writers?: TableWriters;
  maxPending?: number;
  /** Line errors kept with their line numbers (the rest are only counted). */
  keepErrors?: number;
  onProgress?: (p: { file: string; bytesRead: number; lines: number; events: number }) => void;
}

export interface LogFileResult {
  file: string;
  detection?: Detection;
  lines: number;
  records: number;
  requests: number;
  bad: Partial<Record<BadKind, number>>;
  /** Set when the file could not be read at all (format unknown, unreadable). */
  error?: string;
}

export interface LogImportResult {
  files: LogFileResult[];
  records: number;
  requests: number;
  correlated: Record<string, number>;
  badLines: number;
  errors: LineError[];
}

type Pending = {
  ts: number;
  e: { kind: 'handshake'; r: ConnectionRecord } | { kind: 'request'; r: HttpRequest };
};

function recordKey(r: ConnectionRecord): string {
  return `${r.sensor ?? ''}|${r.src}|${r.src_port}|${r.dst}|${r.dst_port}|${r.ts_us}`;
}

export async function importLogFiles(
  store: Store,
  inputs: readonly string[],
  opts: LogImportOptions,
): Promise<LogImportResult> {
  const maxPending = opts.maxPending ?? 1_000_000;
  const keepErrors = opts.keepErrors ?? 20;
  const result: LogImportResult = {
    files: [],
    records: 0,
    requests: 0,
    correlated: {},
    badLines: 0,
    errors: [],
  };
  const out = ImportRows.open(store, opts.writers);
  const correlator = new Correlator(
    (input: CorrelatedEvent) => {
      const e = opts.ja4plus ? input : correlatedWithoutJa4plus(input);
      result.correlated[e.correlation] = (result.correlated[e.correlation] ?? 0) + 1;
      out.add(HTTP_LOGS, e);
    },
    { ...(opts.correlator ?? {}), ja4h: opts.ja4plus && (opts.correlator?.ja4h ?? true) },
  );

  // Records of one connection (Zeek's ssl line, then its conn line as 'final') become one row.
  let records = new Map<string, ConnectionRecord>();
  let requests: HttpRequest[] = [];
  const drain = () => {
    const pending: Pending[] = [];
    for (const r of records.values()) {
      const { phase: _p, ...rec } = r;
      const gated = opts.ja4plus ? rec : recordWithoutJa4plus(rec);
      if (gated === null) continue;
      result.records++;
      out.add(connectionTable(gated), gated);
      pending.push({ ts: gated.ts_us, e: { kind: 'handshake', r: gated } });
    }
    for (const r of requests) {
      result.requests++;
      out.add(HTTP_REQUESTS, r);
      pending.push({ ts: r.ts_us, e: { kind: 'request', r } });
    }
    // Handshakes before requests at equal times: the handshake opens the connection.
    pending.sort(
      (a, b) => a.ts - b.ts || (a.e.kind === b.e.kind ? 0 : a.e.kind === 'handshake' ? -1 : 1),
    );
    for (const p of pending) {
      if (p.e.kind === 'handshake') correlator.addHandshake(p.e.r);
      else correlator.addRequest(p.e.r);
    }
    records = new Map();
    requests = [];
  };

  const zeek = new ZeekMapper(opts.sensor ?? 'zeek');
  const noteBad = (fr: LogFileResult, line: number, bad: BadInput) => {
    fr.bad[bad.kind] = (fr.bad[bad.kind] ?? 0) + 1;
    result.badLines++;
    if (result.errors.length < keepErrors)
      result.errors.push({
        file: fr.file,
        line,
        kind: bad.kind,
        ...(bad.field ? { field: bad.field } : {}),
        message: bad.message,
      });
  };

  for (const path of expandPaths(inputs)) {
    const fr: LogFileResult = { file: path, lines: 0, records: 0, requests: 0, bad: {} };
    result.files.push(fr);
    let gzip = false;
    try {
      const s = await sniff(path);
      gzip = s.gzip;
      if (s.detection === undefined) {
        fr.error = `${path}: not a log format ja4ws reads (Zeek TSV/JSON, Suricata eve.json, Cloudflare Logpush, AWS WAF, nginx/Caddy/Apache JSON, request events)`;
        continue;
      }
      fr.detection = s.detection;
    } catch (err) {
      fr.error = `${path}: ${(err as Error).message}`;
      continue;
    }
    const format = fr.detection.format;
    const sensor = opts.sensor ?? format;
    let decode: (
      line: Buffer,
    ) => { ok: true; events: InteropEvent[] } | { ok: false; bad: BadInput };
    if (isInteropFormat(format)) {
      const d = new InteropDecoder({
        format,
        file: path,
        sensor,
        ...(format === 'zeek' ? { zeek } : {}),
      });
      decode = (b) => d.line(b);
    } else {
      const rd = requestDecoder(format, { source: sensor });
      const parse = jsonParserFor(format);
      decode = (b) => {
        const j = parse(b);
        if (!j.ok) return j;
        const r = rd(j.value);
        return r.ok
          ? {
              ok: true,
              events: [{ kind: 'request', request: r.value as unknown as Record<string, unknown> }],
            }
          : r;
      };
    }
    const validate = requestDecoder('jsonl');
    let events = 0;
    try {
      await readLines(path, gzip, {
        onBytes: (bytesRead) =>
          opts.onProgress?.({ file: path, bytesRead, lines: fr.lines, events }),
        afterChunk: () => out.send(),
        onOversize: (line, len) =>
          noteBad(fr, line, {
            kind: 'oversize',
            message: `line of ${len} bytes is over the limit`,
          }),
        onLine: (bytes, line) => {
          fr.lines++;
          const out = decode(bytes);
          if (!out.ok) return noteBad(fr, line, out.bad);
          for (const ev of out.events) {
            if (ev.kind === 'handshake') {
              const key = recordKey(ev.record);
              const prev = records.get(key);
              records.set(key, prev ? { ...prev, ...ev.record } : ev.record);
              if (!prev) fr.records++;
            } else {
              // Mapped requests carry `time`; the jsonl decoder validates and normalises them.
              const r =
                'ts_us' in ev.request
                  ? { ok: true as const, value: ev.request as unknown as HttpRequest }
                  : validate(ev.request);
              if (!r.ok) return noteBad(fr, line, r.bad);
              requests.push(r.value);
              fr.requests++;
            }
            events++;
          }
          if (records.size + requests.length >= maxPending) drain();
        },
      });
    } catch (err) {
      // The writers refusing (closed while the daemon stops) is not a fault of the file.
      if (out.failure !== undefined) throw out.failure;
      fr.error = err instanceof AppError ? err.message : `${path}: ${(err as Error).message}`;
    }
  }
  drain();
  correlator.flush();
  await out.done();
  return result;
}
