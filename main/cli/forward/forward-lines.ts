// A web server's log lines in, request events out to http.socket: the piped logger of servers that
// cannot write the request event themselves (Apache's `CustomLog "|ja4ws forward ..."`). Each line
// is mapped and validated here, with the same decoders as file tailing, so a bad line is refused
// where the operator can see it (the server's error log, via stderr) and never reaches the daemon.
// Sending goes through the middleware's SocketWriter: bounded queue, reconnect with backoff and,
// with acknowledgements, lines resent after a daemon restart.
import { SocketWriter, type SocketWriterStats } from '../../../http-logger/src/socket-writer.js';
import {
  jsonParserFor,
  requestDecoder,
  type LogFormat,
} from '../../../correlation-worker/src/ingest/decoders.js';
import type { BadInput } from '../../../correlation-worker/src/ingest/bad-input.js';
import { LineSplitter } from '../../../correlation-worker/src/ingest/line-splitter.js';

export interface ForwardOptions {
  format: LogFormat;
  socketPath: string;
  ack: boolean;
  maxQueue: number;
  maxLineBytes: number;
  /** Where refusals are reported (the server's error log): the first `reportFirst`, then a count. */
  report: (message: string) => void;
  reportFirst?: number;
}

export interface ForwardStats {
  lines: number;
  forwarded: number;
  bad: Partial<Record<BadInput['kind'], number>>;
  socket: SocketWriterStats;
}

export class LineForwarder {
  private readonly writer: SocketWriter;
  private readonly splitter: LineSplitter;
  private lines = 0;
  private forwarded = 0;
  private readonly bad: Partial<Record<BadInput['kind'], number>> = {};
  private badTotal = 0;
  private endsWithNewline = true;
  private reportedOutage = false;

  constructor(private readonly opts: ForwardOptions) {
    this.writer = new SocketWriter({
      socketPath: opts.socketPath,
      maxQueue: opts.maxQueue,
      reconnectMinMs: 100,
      reconnectMaxMs: 5_000,
      ack: opts.ack,
      // Once per outage, not once per reconnect attempt: the server's error log is not ours.
      onError: (err) => {
        if (this.reportedOutage) return;
        this.reportedOutage = true;
        opts.report(
          `socket ${opts.socketPath}: ${err.message}; lines are queued and sent when it is back`,
        );
      },
    });
    const parse = jsonParserFor(opts.format);
    const decode = requestDecoder(opts.format);
    this.splitter = new LineSplitter(opts.maxLineBytes, {
      line: (bytes) => {
        this.lines++;
        if (bytes.length === 0) return;
        const json = parse(bytes);
        const ev = json.ok ? decode(json.value) : json;
        if (!ev.ok) return this.refuse(ev.bad);
        // The daemon takes the event schema (`time`), not the normalised form (`ts_us`).
        const { ts_us, ...rest } = ev.value;
        this.writer.send(`${JSON.stringify({ ...rest, time: ts_us / 1e6 })}\n`);
        this.forwarded++;
      },
      oversize: (_prefix, length) => {
        this.lines++;
        this.refuse({
          kind: 'oversize',
          message: `line of ${length} bytes is over the ${opts.maxLineBytes}-byte limit`,
        });
      },
    });
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.reportedOutage && this.writer.stats().connected) {
      this.reportedOutage = false;
      this.opts.report(`socket ${this.opts.socketPath}: connected again`);
    }
    this.endsWithNewline = chunk[chunk.length - 1] === 0x0a;
    this.splitter.push(chunk);
  }

  /** End of input: the last line without a newline counts too, then what is queued is sent. */
  async end(timeoutMs: number): Promise<boolean> {
    if (!this.endsWithNewline) this.push(Buffer.from('\n'));
    const drained = await this.writer.drained(timeoutMs);
    await this.writer.close(Math.min(timeoutMs, 2_000));
    return drained;
  }

  stats(): ForwardStats {
    return {
      lines: this.lines,
      forwarded: this.forwarded,
      bad: { ...this.bad },
      socket: this.writer.stats(),
    };
  }

  private refuse(b: BadInput): void {
    this.bad[b.kind] = (this.bad[b.kind] ?? 0) + 1;
    this.badTotal++;
    const first = this.opts.reportFirst ?? 20;
    if (this.badTotal <= first)
      this.opts.report(
        `line ${this.lines}: ${b.kind}${b.field ? ` (${b.field})` : ''}: ${b.message}`,
      );
    else if (this.badTotal === first + 1)
      this.opts.report(`more bad lines: counted, not reported one by one (summary at exit)`);
  }
}
