// Connections without a TLS ClientHello -> tcp_events rows; connectionTable() routes a record.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { toStoredIp } from './ip.js';
import { microsToDateTime64 } from './time.js';
import { TLS_HANDSHAKES } from './tls-handshake.js';

export const TCP_EVENTS = 'tcp_events';

/** TLS (or QUIC/DTLS) connections belong in tls_handshakes; the rest in tcp_events. */
export function connectionTable(r: ConnectionRecord): typeof TLS_HANDSHAKES | typeof TCP_EVENTS {
  return r.ja4 || r.ja4s || r.ja3 || r.ja3s || r.tls_server_name || r.tls_version
    ? TLS_HANDSHAKES
    : TCP_EVENTS;
}

export interface TcpEventRow {
  ts: string;
  sensor: string;
  pcap: string;
  phase: '' | 'handshake' | 'final';
  stream: number;
  transport: 'tcp' | 'udp';
  src_ip: string;
  src_port: number;
  dst_ip: string;
  dst_port: number;
  ja4t: string;
  ja4ts: string;
  ja4l_c: string;
  ja4l_s: string;
  client_ttl: number | null;
  server_ttl: number | null;
  ja4h: string[];
  ja4h_r: string[];
  ja4h_ro: string[];
  ja4ssh: string[];
}

export function tcpEventToRow(r: ConnectionRecord, defaultSensor = ''): TcpEventRow {
  return {
    ts: microsToDateTime64(r.ts_us),
    sensor: r.sensor ?? defaultSensor,
    pcap: r.pcap ?? '',
    phase: r.phase ?? '',
    stream: r.stream,
    transport: r.transport,
    src_ip: toStoredIp(r.src),
    src_port: r.src_port,
    dst_ip: toStoredIp(r.dst),
    dst_port: r.dst_port,
    ja4t: r.ja4t ?? '',
    ja4ts: r.ja4ts ?? '',
    ja4l_c: r.ja4l_c ?? '',
    ja4l_s: r.ja4l_s ?? '',
    client_ttl: r.client_ttl ?? null,
    server_ttl: r.server_ttl ?? null,
    ja4h: r.ja4h ?? [],
    ja4h_r: r.ja4h_r ?? [],
    ja4h_ro: r.ja4h_ro ?? [],
    ja4ssh: r.ja4ssh ?? [],
  };
}
