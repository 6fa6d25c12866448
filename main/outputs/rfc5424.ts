// RFC 5424 messages: <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG. The structured data carries
// the fields a SIEM filters on (SD-ID ja4ws@32473: 32473 is the documentation enterprise number of
// RFC 5612), the MSG the whole event as JSON.
import { hostname } from 'node:os';
import { eventJson, eventTimeMs, type OutputEvent } from './event.js';

const NILVALUE = '-';

/** PARAM-VALUE escaping (RFC 5424 6.3.3): '"', '\' and ']' take a backslash. */
export function sdValue(v: string): string {
  return v.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** The fields of an event worth filtering on, in a fixed order. */
export function keyFields(e: OutputEvent): [string, string][] {
  if (e.type === 'anomaly') {
    const a = e.anomaly;
    return [
      ['src', a.src_ip],
      ['ja4', a.ja4],
      ['score', a.score.toFixed(3)],
      ['entity', a.entity_type],
    ].filter(([, v]) => v !== '') as [string, string][];
  }
  const c = e.event;
  const out: [string, string][] = [
    ['correlation', c.correlation],
    ['src', c.src_ip],
    ['spt', String(c.src_port)],
  ];
  if (c.dst_ip) out.push(['dst', c.dst_ip]);
  if (c.dst_port !== undefined) out.push(['dpt', String(c.dst_port)]);
  if (c.handshake?.ja4) out.push(['ja4', c.handshake.ja4]);
  if (c.handshake?.ja3) out.push(['ja3', c.handshake.ja3]);
  if (c.ja4h) out.push(['ja4h', c.ja4h]);
  if (c.request) {
    out.push(['method', c.request.method]);
    if (c.request.host) out.push(['host', c.request.host]);
    out.push(['path', c.request.path]);
  }
  return out;
}

export interface SyslogHeader {
  facility: number;
  appName: string;
  host?: string;
}

/** Severity: anomalies warning (4), or error (3) from a score of 0.8; correlated events info (6). */
export function severityOf(e: OutputEvent): number {
  if (e.type === 'correlated') return 6;
  return e.anomaly.score >= 0.8 ? 3 : 4;
}

export function rfc5424(e: OutputEvent, h: SyslogHeader, msg?: string): string {
  const pri = h.facility * 8 + severityOf(e);
  const ts = new Date(eventTimeMs(e)).toISOString();
  const host = (h.host ?? hostname()).replace(/\s/g, '').slice(0, 255) || NILVALUE;
  const msgid = e.type === 'correlated' ? 'correlated' : 'anomaly';
  const sd = `[ja4ws@32473 ${keyFields(e)
    .map(([k, v]) => `${k}="${sdValue(v)}"`)
    .join(' ')}]`;
  return `<${pri}>1 ${ts} ${host} ${h.appName} ${process.pid} ${msgid} ${sd} ${msg ?? JSON.stringify(eventJson(e))}`;
}
