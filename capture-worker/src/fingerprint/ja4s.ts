// JA4S — TLS server fingerprint (spec §3).
// License: JA4S is part of JA4+, FoxIO License 1.1 (non-commercial; see docs/fingerprints.md).
//
// Default follows Rust: extensions counted and listed as sent (servers send no GREASE), ALPN
// characters by the 'rust' rule; version from supported_versions when that extension is present.
import { ExtensionType } from '../tls/constants.js';
import type { ServerHello } from '../tls/server-hello.js';
import { hex16 } from '../util/hex.js';
import { alpnChars, type AlpnRule } from './alpn.js';
import { memoHash12, type Ja4Protocol } from './ja4.js';
import { versionCode } from './tls-version.js';

export interface Ja4sOptions {
  protocol: Ja4Protocol;
  alpn?: AlpnRule;
}

export interface Ja4sResult {
  ja4s: string;
  ja4s_r: string;
}

export function ja4s(sh: ServerHello, opts: Ja4sOptions): Ja4sResult {
  const hasSv = sh.extensions.some((e) => e.type === ExtensionType.supportedVersions);
  const version = hasSv && sh.selectedVersion !== undefined ? sh.selectedVersion : sh.legacyVersion;
  const n = Math.min(sh.extensions.length, 99);
  const a =
    opts.protocol +
    versionCode(version) +
    (n < 10 ? '0' + n : String(n)) +
    alpnChars(sh.alpn, opts.alpn ?? 'rust');
  const exts = sh.extensions.map((e) => hex16(e.type)).join(',');
  const ab = `${a}_${hex16(sh.cipherSuite)}`;
  // One server build answers with the same extension list every time.
  const e = memoHash12(exts);
  return { ja4s: `${ab}_${e.digest}`, ja4s_r: `${ab}_${e.text}` };
}
