// JA3 / JA3S (spec §9), equal to Wireshark's tls.handshake.ja3 / ja3s.
// License: JA3 and JA3S are BSD 3-Clause (Salesforce).
import type { ClientHello } from '../tls/client-hello.js';
import type { ServerHello } from '../tls/server-hello.js';
import { isGrease } from '../util/grease.js';
import { md5Hex } from '../util/hash.js';

export interface Ja3Result {
  ja3: string;
  ja3_full: string;
}

export interface Ja3sResult {
  ja3s: string;
  ja3s_full: string;
}

function decJoin(list: readonly number[], dropGrease: boolean): string {
  let s = '';
  let first = true;
  for (const v of list) {
    if (dropGrease && isGrease(v)) continue;
    s += first ? String(v) : '-' + v;
    first = false;
  }
  return s;
}

export function ja3(ch: ClientHello): Ja3Result {
  const exts: number[] = ch.extensions.map((e) => e.type);
  const full =
    ch.legacyVersion +
    ',' +
    decJoin(ch.cipherSuites, true) +
    ',' +
    decJoin(exts, true) +
    ',' +
    decJoin(ch.supportedGroups, true) +
    ',' +
    decJoin(ch.ecPointFormats, false);
  return { ja3: md5Hex(full), ja3_full: full };
}

export function ja3s(sh: ServerHello): Ja3sResult {
  const exts: number[] = sh.extensions.map((e) => e.type);
  const full = sh.legacyVersion + ',' + sh.cipherSuite + ',' + decJoin(exts, true);
  return { ja3s: md5Hex(full), ja3s_full: full };
}
