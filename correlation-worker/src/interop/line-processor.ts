// A tailed Zeek / Suricata / Cloudflare / AWS WAF log to the ingest handlers: the same counters,
// dead letters and rate-limited warnings as the JSON sources (ingest/line-processor.ts), but the
// line goes to the format's stateful decoder (a Zeek TSV header, the uid and flow joins) and may
// yield a handshake, a request, both or nothing.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import type { BadInput, SourceStats } from '../ingest/bad-input.js';
import type { Decoder, Rejections } from '../ingest/line-processor.js';
import type { LineSink } from '../ingest/line-splitter.js';
import { InteropDecoder, type DecoderOptions } from './decoder.js';

export interface InteropHandlers {
  request(req: HttpRequest): void;
  handshake(rec: ConnectionRecord): void;
}

export class InteropLineProcessor implements LineSink {
  handlerErrors = 0;
  private readonly decoder: InteropDecoder;

  constructor(
    readonly source: string,
    opts: DecoderOptions,
    /** Validates and normalises a mapped request (the http.socket decoder). */
    private readonly validate: Decoder<HttpRequest>,
    private readonly handlers: InteropHandlers,
    readonly stats: SourceStats,
    private readonly rejections: Rejections,
    private readonly maxLineBytes: number,
  ) {
    this.decoder = new InteropDecoder(opts);
  }

  line(bytes: Buffer): void {
    this.stats.bytes += bytes.length + 1;
    const out = this.decoder.line(bytes);
    if (!out.ok) return this.bad(out.bad, bytes, bytes.length);
    for (const ev of out.events) {
      if (ev.kind === 'request') {
        const r = this.validate(ev.request);
        if (!r.ok) return this.bad(r.bad, bytes, bytes.length);
      }
    }
    this.stats.lines_ok++;
    for (const ev of out.events) {
      try {
        if (ev.kind === 'handshake') this.handlers.handshake(ev.record);
        else {
          const r = this.validate(ev.request);
          if (r.ok) this.handlers.request(r.value);
        }
      } catch {
        this.handlerErrors++;
      }
    }
  }

  oversize(prefix: Buffer, length: number): void {
    this.stats.bytes += length + 1;
    this.bad(
      {
        kind: 'oversize',
        message: `line of ${length} bytes is over the ${this.maxLineBytes}-byte limit`,
      },
      prefix,
      length,
    );
  }

  private bad(b: BadInput, line: Buffer, total: number): void {
    this.stats.countBad(b);
    this.rejections.reject(this.source, b, line, total);
  }
}
