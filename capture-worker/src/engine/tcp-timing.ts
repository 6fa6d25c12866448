// JA4L (Rust 2-part form, spec §7) once the SYN, SYN-ACK and the client's next ACK are known.
import { ja4lTcp } from '../fingerprint/ja4l.js';
import type { Flow } from './flow.js';

export function tcpTiming(flow: Flow): void {
  const r = flow.record;
  const l = ja4lTcp({
    synUs: flow.synUs,
    synAckUs: flow.synAckUs,
    ackUs: flow.ackUs,
    clientTtl: r.client_ttl ?? 0,
    serverTtl: r.server_ttl ?? 0,
  });
  r.ja4l_c = l.ja4l_c;
  r.ja4l_s = l.ja4l_s;
}
