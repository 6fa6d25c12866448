// The project's own test captures (test-fixtures/captures/, made by tools/capture-test-traffic.sh:
// real clients and servers on loopback, see the README there) and tshark's view of each, recorded
// by the same script: the independent oracle tests compare with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CAPTURES_DIR = join(import.meta.dirname, 'captures');

/** Path of one capture, e.g. capturePath('tls12-h2.pcap'). */
export function capturePath(name: string): string {
  return join(CAPTURES_DIR, name);
}

export interface TsharkHello {
  frame: number;
  transport: 'tcp' | 'udp';
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
  type: 'client' | 'server';
  stream?: number;
  ja3?: string;
  ja3s?: string;
  /** JA4 (ClientHello) / JA4S (ServerHello) computed by tools/tshark-view.sh from tshark's fields. */
  ja4?: string;
  ja4s?: string;
  sni?: string;
  /** ALPN values, comma-separated as tshark prints them. */
  alpn?: string;
}

export interface TsharkView {
  /** tshark's version line, e.g. "TShark (Wireshark) 4.0.17 ...". */
  tshark: string;
  frames: number;
  hellos: TsharkHello[];
}

/** tshark's view of a capture (<name>.tshark.json beside it). */
export function tsharkView(name: string): TsharkView {
  return JSON.parse(
    readFileSync(capturePath(name.replace(/\.pcap(ng)?$/, '.tshark.json')), 'utf8'),
  ) as TsharkView;
}
