// JA4S — TLS server fingerprint (spec §3).
// License: JA4S is part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).
//
// Default follows Rust: extensions counted and listed as sent (servers send no GREASE), ALPN
// characters by the 'rust' rule; version from supported_versions when that extension is present.
import { ExtensionType } from '../tls/constants.js';
import type { ServerHello } from '../tls/server-hello.js';
import { hash12 } from '../util/hash.js';
import { hex16 } from '../util/hex.js';
import { ListMemo } from '../util/list-memo.js';
import { alpnChars, type AlpnRule } from './alpn.js';
import type { Ja4Protocol } from './ja4.js';
import { versionCode } from './tls-version.js';

export interface Ja4sOptions {
  protocol: Ja4Protocol;
  alpn?: AlpnRule;
}

export interface Ja4sResult {
  ja4s: string;
  ja4s_r: string;
}

/**
 * JA4S by the values it is made of (protocol, version, ALPN characters, cipher suite, extension
 * types; see ListMemo): a server answers one client build with the same ServerHello every time,
 * and each record made the extension list's text and both strings anew, which the JSON writer
 * then had to flatten (docs/handshake-heavy-speed.md). Entry text is ja4s_r, digest ja4s.
 * Exported for the benchmarks.
 */
export const ja4sMemo = new ListMemo();

export function ja4s(sh: ServerHello, opts: Ja4sOptions): Ja4sResult {
  const hasSv = sh.extensions.some((e) => e.type === ExtensionType.supportedVersions);
  const version = hasSv && sh.selectedVersion !== undefined ? sh.selectedVersion : sh.legacyVersion;
  const alpn = alpnChars(sh.alpn, opts.alpn ?? 'rust');
  const m = ja4sMemo;
  m.begin();
  m.push(opts.protocol.charCodeAt(0));
  m.push(version);
  m.push(alpn.length);
  for (let i = 0; i < alpn.length; i++) m.push(alpn.charCodeAt(i));
  m.push(sh.cipherSuite);
  const exts = sh.extensions;
  for (const e of exts) m.push(e.type);
  const hit = m.find();
  if (hit !== undefined) return { ja4s: hit.digest, ja4s_r: hit.text };
  const n = Math.min(exts.length, 99);
  const a = opts.protocol + versionCode(version) + (n < 10 ? '0' + n : String(n)) + alpn;
  const list = exts.map((e) => hex16(e.type)).join(',');
  const ab = `${a}_${hex16(sh.cipherSuite)}`;
  // Hashed here, not through the text memo: a repeat of this ServerHello is a hit above.
  const r = { ja4s: `${ab}_${hash12(list)}`, ja4s_r: `${ab}_${list}` };
  m.add(r.ja4s_r, r.ja4s);
  return r;
}
