// JA3 / JA3S (spec §9), equal to Wireshark's tls.handshake.ja3 / ja3s.
// License: JA3 and JA3S are BSD 3-Clause (Salesforce).
import type { ClientHello } from '../tls/client-hello.js';
import type { ServerHello } from '../tls/server-hello.js';
import { isGrease } from '../util/grease.js';
import { AsciiScratch, writeDec16, writeDec16List } from '../util/ascii-scratch.js';
import { DigestMemo } from '../util/digest-memo.js';

export interface Ja3Result {
  ja3: string;
  ja3_full: string;
}

export interface Ja3sResult {
  ja3s: string;
  ja3s_full: string;
}

const scratch = new AsciiScratch();

/** MD5 of JA3 strings by their text (see DigestMemo); exported for the benchmarks. */
export const ja3DigestMemo = new DigestMemo();

function extList(b: Uint8Array, l: number, exts: readonly { type: number }[]): number {
  let first = true;
  for (let i = 0; i < exts.length; i++) {
    const v = (exts[i] as { type: number }).type;
    if (isGrease(v)) continue;
    if (!first) b[l++] = 0x2d;
    first = false;
    l = writeDec16(b, l, v);
  }
  return l;
}

export function ja3(ch: ClientHello): Ja3Result {
  const cs = ch.cipherSuites;
  const ex = ch.extensionTypes;
  const gr = ch.supportedGroups;
  const pf = ch.ecPointFormats;
  // Room for every item ("65535-") and the version with its commas; lists write through dv.
  const b = scratch.reset().reserve(6 * (5 + cs.length + ex.length + gr.length + pf.length));
  const dv = scratch.dv;
  let l = writeDec16(b, 0, ch.legacyVersion);
  b[l++] = 0x2c;
  l = writeDec16List(dv, l, cs, true);
  b[l++] = 0x2c;
  l = writeDec16List(dv, l, ex, true);
  b[l++] = 0x2c;
  l = writeDec16List(dv, l, gr, true);
  b[l++] = 0x2c;
  l = writeDec16List(dv, l, pf, false);
  scratch.len = l;
  const e = ja3DigestMemo.of(scratch.toString(), () => scratch.digest('md5'));
  return { ja3: e.digest, ja3_full: e.text };
}

export function ja3s(sh: ServerHello): Ja3sResult {
  const ex = sh.extensions;
  const b = scratch.reset().reserve(6 * (3 + ex.length));
  let l = writeDec16(b, 0, sh.legacyVersion);
  b[l++] = 0x2c;
  l = writeDec16(b, l, sh.cipherSuite);
  b[l++] = 0x2c;
  l = extList(b, l, ex);
  scratch.len = l;
  // MD5 of the text, as for JA3: the same memo serves both (a text's digest is the digest).
  const e = ja3DigestMemo.of(scratch.toString(), () => scratch.digest('md5'));
  return { ja3s: e.digest, ja3s_full: e.text };
}
