// JA3 / JA3S (spec §9), equal to Wireshark's tls.handshake.ja3 / ja3s.
// License: JA3 and JA3S are BSD 3-Clause (Salesforce).
import type { ClientHello } from '../tls/client-hello.js';
import type { ServerHello } from '../tls/server-hello.js';
import { isGrease } from '../util/grease.js';
import { AsciiScratch, writeDec16, writeDec16List } from '../util/ascii-scratch.js';
import { ListMemo } from '../util/list-memo.js';

export interface Ja3Result {
  ja3: string;
  ja3_full: string;
}

export interface Ja3sResult {
  ja3s: string;
  ja3s_full: string;
}

const scratch = new AsciiScratch();

/**
 * JA3 and JA3S text and MD5 by the values they are written from (see ListMemo): a client or
 * server build sends the same lists every time, and a hit writes no decimal text. Exported for
 * the benchmarks.
 */
export const ja3ListMemo = new ListMemo();

// Key layout: a tag (JA3 or JA3S), then the values each text is written from, -1 between lists.
const TAG_JA3 = -3;
const TAG_JA3S = -4;
const SEP = -1;

function pushList(m: ListMemo, list: readonly number[], dropGrease: boolean): void {
  m.push(SEP);
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number;
    if (!(dropGrease && isGrease(v))) m.push(v);
  }
}

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
  const m = ja3ListMemo;
  m.begin();
  m.push(TAG_JA3);
  m.push(ch.legacyVersion);
  pushList(m, cs, true);
  pushList(m, ex, true);
  pushList(m, gr, true);
  pushList(m, pf, false);
  const hit = m.find();
  if (hit !== undefined) return { ja3: hit.digest, ja3_full: hit.text };
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
  const e = m.add(scratch.toString(), scratch.digest('md5'));
  return { ja3: e.digest, ja3_full: e.text };
}

export function ja3s(sh: ServerHello): Ja3sResult {
  const ex = sh.extensions;
  const m = ja3ListMemo;
  m.begin();
  m.push(TAG_JA3S);
  m.push(sh.legacyVersion);
  m.push(sh.cipherSuite);
  m.push(SEP);
  for (let i = 0; i < ex.length; i++) {
    const v = (ex[i] as { type: number }).type;
    if (!isGrease(v)) m.push(v);
  }
  const hit = m.find();
  if (hit !== undefined) return { ja3s: hit.digest, ja3s_full: hit.text };
  const b = scratch.reset().reserve(6 * (3 + ex.length));
  let l = writeDec16(b, 0, sh.legacyVersion);
  b[l++] = 0x2c;
  l = writeDec16(b, l, sh.cipherSuite);
  b[l++] = 0x2c;
  l = extList(b, l, ex);
  scratch.len = l;
  const e = m.add(scratch.toString(), scratch.digest('md5'));
  return { ja3s: e.digest, ja3s_full: e.text };
}
