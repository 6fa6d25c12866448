// The per-connection fingerprint record: what the capture engine emits for one TCP/UDP flow, what
// `ja4ws fingerprint` prints, what external sensors send on network.socket and what becomes a
// tls_handshakes row. Key names follow ../shared/testdata/ja4-reference/expected.jsonl so that
// the reference comparison needs no renaming layer.
import { z } from 'zod';

export const Transport = z.enum(['tcp', 'udp']);
export type Transport = z.infer<typeof Transport>;

export const ConnectionRecord = z.object({
  /** Capture time of the connection's first packet, microseconds since the Unix epoch. */
  ts_us: z.number().int().nonnegative(),
  /** 0-based index of the connection in its capture (order of first packet), like tshark's tcp.stream. */
  stream: z.number().int().nonnegative(),
  transport: Transport,
  /** src is the side seen first (normally the client). IPv4 in dotted form, IPv6 compressed. */
  src: z.string().min(1),
  src_port: z.number().int().min(0).max(65535),
  dst: z.string().min(1),
  dst_port: z.number().int().min(0).max(65535),
  /** Sensor (capture worker or external sensor) that observed the connection. */
  sensor: z.string().optional(),
  /** Capture file basename, when the record came from a file (`ja4ws fingerprint`, import). */
  pcap: z.string().optional(),
  /**
   * Live engines in early mode send a connection twice: 'handshake' right after the hellos,
   * 'final' (a superset) at connection end. Absent when the record is sent once.
   */
  phase: z.enum(['handshake', 'final']).optional(),
  tls_server_name: z.string().optional(),
  /**
   * The TLS on this connection began after another protocol: STARTTLS-style upgrades
   * (smtp_starttls, imap_starttls, pop3_stls, ftp_auth_tls, ldap_starttls, xmpp_starttls,
   * postgres_sslrequest, mysql_ssl), proxy hops (socks4, socks5, http_connect), openvpn, or other.
   */
  tls_upgrade: z.string().optional(),
  alpn: z.string().optional(),
  tls_version: z.string().optional(),
  cipher_count: z.number().int().nonnegative().optional(),
  ja4: z.string().optional(),
  ja4_r: z.string().optional(),
  ja4_o: z.string().optional(),
  ja4_ro: z.string().optional(),
  /** Later ClientHellos on the same connection (e.g. after a HelloRetryRequest). */
  ja4_additional: z.array(z.string()).optional(),
  /** Raw / original-order variants of each ja4_additional entry, same order. */
  ja4_additional_variants: z
    .array(z.object({ ja4_r: z.string(), ja4_o: z.string(), ja4_ro: z.string() }))
    .optional(),
  ja4s: z.string().optional(),
  ja4s_r: z.string().optional(),
  ja3: z.string().optional(),
  ja3_full: z.string().optional(),
  ja3s: z.string().optional(),
  ja3s_full: z.string().optional(),
  /** JA3 / JA3S of later hellos on the same connection (after a HelloRetryRequest), in order. */
  ja3_additional: z.array(z.string()).optional(),
  ja3_full_additional: z.array(z.string()).optional(),
  ja3s_additional: z.array(z.string()).optional(),
  ja3s_full_additional: z.array(z.string()).optional(),
  ja4h: z.array(z.string()).optional(),
  ja4h_r: z.array(z.string()).optional(),
  ja4h_ro: z.array(z.string()).optional(),
  ja4x: z.array(z.string()).optional(),
  ja4x_r: z.array(z.string()).optional(),
  ja4t: z.string().optional(),
  ja4ts: z.string().optional(),
  ja4l_c: z.string().optional(),
  ja4l_s: z.string().optional(),
  client_ttl: z.number().int().optional(),
  server_ttl: z.number().int().optional(),
  ja4ssh: z.array(z.string()).optional(),
});
export type ConnectionRecord = z.infer<typeof ConnectionRecord>;
