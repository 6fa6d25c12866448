// What really happened in a lab run, from the lab's own instruments, never from the product under
// test: the TCP connections and ClientHellos in the lab's own capture (read by tshark), the
// fingerprints `ja4ws fingerprint` computes from that capture (the offline engine, proven against
// the reference corpus), and the requests each server says it served (nginx's access log read
// here with JSON.parse, the Node server's own record).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { runCli } from '../support/daemon.js';
import { NODE_PORT } from './servers.js';

export interface TruthRequest {
  server: 'nginx' | 'node';
  /** Request start, ms since the epoch. */
  t: number;
  ip: string;
  port: number;
  /** The server's port: says which connection when a client reuses a local port for another server. */
  dstPort: number;
  path: string;
  status: number;
  /** '1.1' or '2.0'. */
  http: string;
  ua: string;
  headers: number;
  cookie: boolean;
  acceptLanguage: boolean;
}

export interface TruthConnection {
  client: string;
  ip: string;
  port: number;
  dstPort: number;
  /** From `ja4ws fingerprint` on the lab capture ('' when the connection carried no ClientHello). */
  ja4: string;
  ja3: string;
  /** tshark's own JA3 of the ClientHello: the independent oracle. */
  tsharkJa3: string;
  requests: TruthRequest[];
}

export interface Truth {
  connections: TruthConnection[];
  /** Requests a server served on a connection the capture did not see (must be none). */
  orphanRequests: TruthRequest[];
}

const run = promisify(execFile);

/** One TCP connection of the lab: client address, client port, server port. */
export function connKey(ip: string, port: number, dstPort: number): string {
  return `${ip}:${port}>${dstPort}`;
}

async function tsharkFields(pcap: string, filter: string, fields: string[]): Promise<string[][]> {
  const { stdout } = await run(
    'tshark',
    [
      '-r',
      pcap,
      '-d',
      `tcp.port==${NODE_PORT},tls`,
      '-Y',
      filter,
      '-T',
      'fields',
      ...fields.flatMap((f) => ['-e', f]),
    ],
    { maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
  );
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'));
}

/** nginx's documented JSON access log, as the lab reads it (no product code). */
export function readNginxLog(file: string): TruthRequest[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const o = JSON.parse(l) as Record<string, string>;
      const present = (k: string): boolean => (o[k] ?? '') !== '' && o[k] !== '-';
      const proto = o.server_protocol ?? '';
      return {
        server: 'nginx' as const,
        t: (Number(o.msec) - Number(o.request_time)) * 1000,
        ip: o.remote_addr ?? '',
        port: Number(o.remote_port),
        dstPort: Number(o.server_port),
        path: (o.request_uri ?? '').split('?')[0]!,
        status: Number(o.status),
        http: proto.replace('HTTP/', '') === '2' ? '2.0' : proto.replace('HTTP/', ''),
        ua: o.http_user_agent ?? '',
        headers: Object.keys(o).filter((k) => k.startsWith('http_') && present(k)).length,
        cookie: present('http_cookie'),
        acceptLanguage: present('http_accept_language'),
      };
    });
}

export function readNodeTruth(file: string): TruthRequest[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TruthRequest);
}

/**
 * The truth of a run: `pcap` the lab's own capture, `clientOf` maps a client address to its
 * client kind, `requests` what the servers served.
 */
export async function buildTruth(
  pcap: string,
  clientOf: ReadonlyMap<string, string>,
  requests: readonly TruthRequest[],
): Promise<Truth> {
  const conns = new Map<string, TruthConnection>();
  for (const [ip, port, dport] of await tsharkFields(pcap, 'tcp.flags.syn==1 && tcp.flags.ack==0', [
    'ip.src',
    'tcp.srcport',
    'tcp.dstport',
  ])) {
    const client = clientOf.get(ip!);
    if (!client) continue;
    const k = connKey(ip!, Number(port), Number(dport));
    if (!conns.has(k))
      conns.set(k, {
        client,
        ip: ip!,
        port: Number(port),
        dstPort: Number(dport),
        ja4: '',
        ja3: '',
        tsharkJa3: '',
        requests: [],
      });
  }
  for (const [ip, port, dport, ja3] of await tsharkFields(pcap, 'tls.handshake.type==1', [
    'ip.src',
    'tcp.srcport',
    'tcp.dstport',
    'tls.handshake.ja3',
  ])) {
    const c = conns.get(connKey(ip!, Number(port), Number(dport)));
    if (c && ja3) c.tsharkJa3 = ja3;
  }
  const fp = runCli(['fingerprint', '--format', 'jsonl', pcap]);
  if (fp.status !== 0) throw new Error(`ja4ws fingerprint ${pcap} failed: ${fp.stderr}`);
  for (const line of fp.stdout.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as {
      src: string;
      src_port: number;
      dst_port: number;
      ja4?: string;
      ja3?: string;
    };
    const c = conns.get(connKey(r.src, r.src_port, r.dst_port));
    if (c && r.ja4) {
      c.ja4 = r.ja4;
      c.ja3 = r.ja3 ?? '';
    }
  }
  const orphanRequests: TruthRequest[] = [];
  for (const rq of requests) {
    const c = conns.get(connKey(rq.ip, rq.port, rq.dstPort));
    if (c) c.requests.push(rq);
    else orphanRequests.push(rq);
  }
  for (const c of conns.values()) c.requests.sort((a, b) => a.t - b.t);
  return { connections: [...conns.values()], orphanRequests };
}
