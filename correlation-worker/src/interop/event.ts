// What the foreign log formats become: connection records (what network.socket carries) and
// request events (what http.socket carries), so every view, the detector and the correlator treat
// them like the project's own. A line may yield none (a Zeek header, an event type not used),
// one, or two (an edge log line carries both the TLS fingerprint and the request).
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { BadInput } from '../ingest/bad-input.js';

export const INTEROP_FORMATS = ['zeek', 'suricata', 'cloudflare', 'aws-waf'] as const;
export type InteropFormat = (typeof INTEROP_FORMATS)[number];

export function isInteropFormat(f: string): f is InteropFormat {
  return (INTEROP_FORMATS as readonly string[]).includes(f);
}

export type InteropEvent =
  | { kind: 'handshake'; record: ConnectionRecord }
  /** Not yet validated: the request decoder checks it against HttpRequestEvent. */
  | { kind: 'request'; request: Record<string, unknown> };

export type LineOutcome = { ok: true; events: InteropEvent[] } | { ok: false; bad: BadInput };

export const NONE: LineOutcome = { ok: true, events: [] };
