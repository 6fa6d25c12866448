// What each input accepts: request events (http.socket), connection records from external
// sensors (network.socket), and nginx/Caddy access-log lines mapped onto the request event.
import { ConnectionRecord } from '../../../common/events/connection.js';
import { HttpRequestEvent, type HttpRequest } from '../../../common/events/http-request.js';
import { normalizeRequest } from '../correlate/normalize.js';
import { apacheToEvent, parseApacheJsonLine } from './apache.js';
import { caddyToEvent } from './caddy.js';
import { nginxToEvent } from './nginx.js';
import type { Decoder } from './line-processor.js';
import { checkSchema, parseJsonLine, type LineResult } from './validate-line.js';

export type LogFormat = 'jsonl' | 'nginx' | 'caddy' | 'apache';

/** How a line of the format becomes JSON: Apache's `\xhh` escapes are not JSON. */
export function jsonParserFor(format: LogFormat): (line: Buffer) => LineResult<unknown> {
  return format === 'apache' ? parseApacheJsonLine : parseJsonLine;
}

export interface RequestDefaults {
  dst_ip?: string;
  dst_port?: number;
  source?: string;
}

export const decodeHandshake: Decoder<ConnectionRecord> = (json) =>
  checkSchema(ConnectionRecord, json);

export function requestDecoder(
  format: LogFormat = 'jsonl',
  defaults: RequestDefaults = {},
): Decoder<HttpRequest> {
  const map: (j: unknown) => LineResult<unknown> =
    format === 'nginx'
      ? nginxToEvent
      : format === 'caddy'
        ? caddyToEvent
        : format === 'apache'
          ? apacheToEvent
          : (j) => ({ ok: true, value: j });
  return (json) => {
    const m0 = map(json);
    if (!m0.ok) return m0;
    let mapped = m0.value;
    if (mapped !== null && typeof mapped === 'object' && !Array.isArray(mapped)) {
      const m = mapped as Record<string, unknown>;
      if (m.dst_ip === undefined && defaults.dst_ip !== undefined)
        mapped = { ...m, dst_ip: defaults.dst_ip };
      if (m.dst_port === undefined && defaults.dst_port !== undefined)
        mapped = { ...(mapped as object), dst_port: defaults.dst_port };
      if (m.source === undefined && defaults.source !== undefined)
        mapped = { ...(mapped as object), source: defaults.source };
    }
    const r = checkSchema(HttpRequestEvent, mapped);
    return r.ok ? { ok: true, value: normalizeRequest(r.value) } : r;
  };
}
