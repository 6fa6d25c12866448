// Which format a log file is, from its first lines (and, for Zeek JSON without `_path`, its file
// name). Order matters: a Zeek TSV header is unambiguous, then each JSON shape has keys no other
// format writes.
import { basename } from 'node:path';
import { apacheEscapesToJson } from '../ingest/apache.js';
import type { InteropFormat } from './event.js';
import { isObject } from './map-util.js';
import type { ZeekPath } from './zeek.js';

export type DetectedFormat = InteropFormat | 'nginx' | 'caddy' | 'apache' | 'jsonl';

export interface Detection {
  format: DetectedFormat;
  /** For the message: "Zeek ssl.log (TSV)", "Suricata eve.json"... */
  description: string;
}

const NAMES: Record<DetectedFormat, string> = {
  zeek: 'Zeek',
  suricata: 'Suricata eve.json',
  cloudflare: 'Cloudflare Logpush http_requests',
  'aws-waf': 'AWS WAF log',
  nginx: 'nginx JSON access log',
  caddy: 'Caddy JSON access log',
  apache: 'Apache JSON access log (docs/ingest.md LogFormat)',
  jsonl: 'ja4ws request events (JSON lines)',
};

/** ssl.log, conn.05:00:00-06:00:00.log.gz, http_20261207.log... -> the Zeek log it is. */
export function zeekPathFromName(file: string): ZeekPath | undefined {
  const m = /^(ssl|conn|http|x509)(?=[._-])/.exec(basename(file));
  return m ? (m[1] as ZeekPath) : undefined;
}

export function detectJson(j: unknown): DetectedFormat | undefined {
  if (!isObject(j)) return undefined;
  if (typeof j.event_type === 'string' && ('src_ip' in j || 'timestamp' in j)) return 'suricata';
  if (
    'id.orig_h' in j ||
    (isObject(j.id) && 'orig_h' in j.id) ||
    (typeof j._path === 'string' && 'ts' in j)
  )
    return 'zeek';
  if ('EdgeStartTimestamp' in j || 'ClientIP' in j || 'RayID' in j) return 'cloudflare';
  if (isObject(j.httpRequest) && ('webaclId' in j || 'terminatingRuleId' in j || 'action' in j))
    return 'aws-waf';
  if ('msec' in j && 'remote_addr' in j) return 'nginx';
  if (isObject(j.request) && 'remote_ip' in j.request) return 'caddy';
  if ('remote_addr' in j && typeof j.request === 'string' && 'remote_port' in j) return 'apache';
  if ('src_ip' in j && 'method' in j && 'headers' in j) return 'jsonl';
  return undefined;
}

export function detectFormat(lines: readonly string[], file = ''): Detection | undefined {
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#separator') || line.startsWith('#fields')) {
      const path = /^#path\t(\S+)/m.exec(lines.join('\n'))?.[1] ?? zeekPathFromName(file);
      return {
        format: 'zeek',
        description: `Zeek ${path ?? ''}${path ? '.log ' : ''}(TSV)`.replace('  ', ' '),
      };
    }
    let j: unknown;
    try {
      // Apache's `\xhh` escapes are not JSON; valid JSON never holds them, so this changes nothing else.
      j = JSON.parse(apacheEscapesToJson(line));
    } catch {
      return undefined;
    }
    const f = detectJson(j);
    if (f === undefined) continue;
    if (f === 'zeek') {
      const path =
        (isObject(j) && typeof j._path === 'string' ? j._path : undefined) ??
        zeekPathFromName(file);
      return { format: f, description: `Zeek ${path ? `${path}.log ` : ''}(JSON)` };
    }
    return { format: f, description: NAMES[f] };
  }
  return undefined;
}
