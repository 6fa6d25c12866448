// JA3 / JA3S (spec §9), equal to Wireshark's tls.handshake.ja3 / ja3s.
// License: JA3 and JA3S are BSD 3-Clause (Salesforce).
import type { ClientHello } from '../tls/client-hello.js';
import type { ServerHello } from '../tls/server-hello.js';
import { isGrease } from '../util/grease.js';
import { AsciiScratch } from '../util/ascii-scratch.js';

export interface Ja3Result {
  ja3: string;
  ja3_full: string;
}

export interface Ja3sResult {
  ja3s: string;
  ja3s_full: string;
}

const scratch = new AsciiScratch();

function decList(list: readonly number[], dropGrease: boolean): void {
  let first = true;
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number;
    if (dropGrease && isGrease(v)) continue;
    if (!first) scratch.byte(0x2d);
    first = false;
    scratch.dec(v);
  }
}

function extList(exts: readonly { type: number }[]): void {
  let first = true;
  for (let i = 0; i < exts.length; i++) {
    const v = (exts[i] as { type: number }).type;
    if (isGrease(v)) continue;
    if (!first) scratch.byte(0x2d);
    first = false;
    scratch.dec(v);
  }
}

export function ja3(ch: ClientHello): Ja3Result {
  scratch.reset();
  scratch.dec(ch.legacyVersion);
  scratch.byte(0x2c);
  decList(ch.cipherSuites, true);
  scratch.byte(0x2c);
  extList(ch.extensions);
  scratch.byte(0x2c);
  decList(ch.supportedGroups, true);
  scratch.byte(0x2c);
  decList(ch.ecPointFormats, false);
  return { ja3: scratch.digest('md5'), ja3_full: scratch.toString() };
}

export function ja3s(sh: ServerHello): Ja3sResult {
  scratch.reset();
  scratch.dec(sh.legacyVersion);
  scratch.byte(0x2c);
  scratch.dec(sh.cipherSuite);
  scratch.byte(0x2c);
  extList(sh.extensions);
  return { ja3s: scratch.digest('md5'), ja3s_full: scratch.toString() };
}
