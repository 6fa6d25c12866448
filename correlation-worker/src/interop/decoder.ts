// One source's lines to events: the stateful part (a Zeek TSV header, the joins across Zeek logs
// and Suricata flows) lives here, one decoder per file or tail. Pure apart from that state: the
// caller reads, this decides.
import { isUtf8 } from 'node:buffer';
import type { InteropFormat, LineOutcome } from './event.js';
import { NONE } from './event.js';
import { AwsWafMapper, CloudflareMapper } from './edge.js';
import { isObject } from './map-util.js';
import { SuricataMapper } from './suricata.js';
import { guessZeekPath, ZeekMapper, type ZeekPath } from './zeek.js';
import { ZeekTsvReader } from './zeek-tsv.js';
import { zeekPathFromName } from './detect.js';

export interface DecoderOptions {
  format: InteropFormat;
  /** File name, for Zeek JSON logs that carry no `_path`. */
  file?: string;
  /** Sensor label of the records (default: the format). */
  sensor?: string;
  /** Share one Zeek mapper across the files of a directory so their uids join. */
  zeek?: ZeekMapper;
}

export class InteropDecoder {
  private readonly tsv = new ZeekTsvReader();
  private readonly zeek: ZeekMapper | undefined;
  private readonly suricata: SuricataMapper | undefined;
  private readonly cloudflare: CloudflareMapper | undefined;
  private readonly aws: AwsWafMapper | undefined;
  private readonly namePath: ZeekPath | undefined;

  constructor(readonly opts: DecoderOptions) {
    const sensor = opts.sensor;
    if (opts.format === 'zeek') this.zeek = opts.zeek ?? new ZeekMapper(sensor);
    if (opts.format === 'suricata') this.suricata = new SuricataMapper(sensor);
    if (opts.format === 'cloudflare') this.cloudflare = new CloudflareMapper(sensor);
    if (opts.format === 'aws-waf') this.aws = new AwsWafMapper(sensor);
    this.namePath = opts.file ? zeekPathFromName(opts.file) : undefined;
  }

  line(bytes: Buffer): LineOutcome {
    if (!isUtf8(bytes))
      return { ok: false, bad: { kind: 'invalid_utf8', message: 'line is not valid UTF-8' } };
    let s = bytes.toString('utf8');
    if (s.endsWith('\r')) s = s.slice(0, -1);
    if (s.trim() === '') return NONE;
    if (this.zeek && !s.startsWith('{')) {
      const r = this.tsv.line(s);
      if (r === undefined) return NONE;
      if (!('row' in r)) return r;
      const path = (r.path as ZeekPath | undefined) ?? this.namePath;
      if (path !== 'ssl' && path !== 'conn' && path !== 'http' && path !== 'x509') return NONE;
      return this.zeek.map(path, r.row);
    }
    let json: unknown;
    try {
      json = JSON.parse(s);
    } catch (err) {
      return { ok: false, bad: { kind: 'malformed_json', message: (err as Error).message } };
    }
    if (this.zeek) {
      if (!isObject(json))
        return {
          ok: false,
          bad: { kind: 'invalid_field', field: '(root)', message: 'expected a JSON object' },
        };
      const path =
        (typeof json._path === 'string' ? (json._path as ZeekPath) : undefined) ??
        this.namePath ??
        guessZeekPath(json);
      if (path !== 'ssl' && path !== 'conn' && path !== 'http' && path !== 'x509') return NONE;
      return this.zeek.map(path, json);
    }
    if (this.suricata) return this.suricata.map(json);
    if (this.cloudflare) return this.cloudflare.map(json);
    return (this.aws as AwsWafMapper).map(json);
  }
}
