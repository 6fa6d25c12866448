// Pipeline events in the Live view's shape: only what the table shows.
import type { LiveEvent } from '../../../common/api/live.js';
import type { PipelineEvent } from '../../../common/events/pipeline-event.js';
import { usToIso } from '../../../common/events/connection-id.js';

export function toLiveEvent(e: PipelineEvent): Omit<LiveEvent, 'seq'> {
  if (e.kind === 'connection') {
    const r = e.record;
    return {
      // Microseconds, as stored: the event detail finds the stored row by this time.
      ts: usToIso(r.ts_us),
      kind: 'connection',
      sensor: r.sensor,
      src: r.src,
      src_port: r.src_port,
      dst: r.dst,
      dst_port: r.dst_port,
      tls_server_name: r.tls_server_name,
      ja4: r.ja4,
      ja3: r.ja3,
    };
  }
  const c = e.event;
  const req = c.request;
  const ua = req?.headers.find(([n]) => n.toLowerCase() === 'user-agent')?.[1];
  return {
    ts: usToIso(c.ts_us),
    kind: 'request',
    correlation: c.correlation,
    sensor: c.handshake?.sensor,
    src: c.src_ip,
    src_port: c.src_port,
    dst: c.dst_ip,
    dst_port: c.dst_port,
    host: req?.host,
    method: req?.method,
    path: req?.path,
    status: req?.status,
    user_agent: ua,
    tls_server_name: c.handshake?.tls_server_name,
    ja4: c.handshake?.ja4,
    ja4h: c.ja4h,
    ja3: c.handshake?.ja3,
  };
}
