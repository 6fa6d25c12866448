// JA4 — TLS client fingerprint (spec §2).
// License: JA4 is BSD 3-Clause (FoxIO LLC); free to ship with the notice kept.
//
// Defaults follow the Rust reference (spec §12) except where Rust contradicts FoxIO's written
// specification and no reference vector depends on it: ALPN 'rust' rule (`99` for non-ASCII, `a0`
// for a 1-char value), but GREASE DROPPED from the signature-algorithm list (spec §12.6). Chromium
// puts a random GREASE value there on every connection; keeping it (Rust, C) gives one browser a
// different `c` hash almost every time, which defeats a fingerprint. The Rust behaviour stays an
// explicit option. The protocol letter comes from the caller (transport decides: t / q / d).
import type { ClientHello } from '../tls/client-hello.js';
import { ExtensionType } from '../tls/constants.js';
import { isGrease } from '../util/grease.js';
import { AsciiScratch, writeHex16Items, writeHex16List } from '../util/ascii-scratch.js';
import { DigestMemo } from '../util/digest-memo.js';
import { alpnCharsIn, type AlpnRule } from './alpn.js';
import { newestVersion, versionCode } from './tls-version.js';

export type Ja4Protocol = 't' | 'q' | 'd';

export interface Ja4Options {
  protocol: Ja4Protocol;
  /** ALPN character rule, default 'rust'. */
  alpn?: AlpnRule;
  /** 'drop' (default: spec §12.6, Python) or 'keep' (Rust/C) GREASE values in signature_algorithms. */
  sigAlgGrease?: 'keep' | 'drop';
  /**
   * ja4_o when every extension is SNI/ALPN/GREASE: 'python' (default; Python is the oracle for
   * the original-order variants, spec §12) writes twelve zeros as for sorted JA4; 'hash' hashes
   * the wire list (`0000` -> 9af15b336e6a) as the Rust tool would.
   */
  originalEmptyExtensions?: 'python' | 'hash';
}

export interface Ja4Result {
  ja4: string;
  ja4_r: string;
  ja4_o: string;
  ja4_ro: string;
}

const SNI = ExtensionType.serverName;
const ALPN = ExtensionType.alpn;

// Two-digit counts 00..99 (JA4 caps both at 99).
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function two(n: number): string {
  return TWO[n > 99 ? 99 : n] as string;
}

/** The version JA4 reports: newest supported_versions entry if the extension is present, else legacy_version. */
export function ja4Version(ch: ClientHello): number {
  const hasSv = ch.extensionTypes.includes(ExtensionType.supportedVersions);
  if (hasSv) {
    const v = newestVersion(ch.supportedVersions);
    if (v !== undefined) return v;
  }
  return ch.legacyVersion;
}

const scratchB = new AsciiScratch(); // sorted ciphers
const scratchC = new AsciiScratch(); // sorted extensions _ signature algorithms
const scratchBo = new AsciiScratch(); // ciphers in wire order
const scratchCo = new AsciiScratch(); // extensions in wire order _ signature algorithms

/**
 * The parts of one ClientHello's JA4, gathered once (FoxIO's `PartsOfClientFingerprint`): the
 * `a` part, the non-GREASE cipher suites and extension types in wire order. Every variant is
 * formatted from these; the lists live in reused typed arrays (not re-entrant: gather, format,
 * return).
 */
class Ja4Parts {
  a = '';
  ciphers = new Uint16Array(512);
  nCiphers = 0;
  exts = new Uint16Array(512);
  nExts = 0;
  /** Lists are sorted in sortBuf[0, n) through views made once per length: TypedArray sort is
   * native, and a reused view skips a subarray allocation per sort (faster than an insertion
   * sort here, and than sorting a fresh subarray). */
  private sortBuf = new Uint16Array(512);
  private sortViews: (Uint16Array | undefined)[] = new Array<Uint16Array | undefined>(513).fill(
    undefined,
  );

  gather(ch: ClientHello, opts: Ja4Options): void {
    const cs = ch.cipherSuites;
    const et = ch.extensionTypes;
    if (this.ciphers.length < cs.length) this.ciphers = new Uint16Array(cs.length * 2);
    if (this.exts.length < et.length) this.exts = new Uint16Array(et.length * 2);
    const need = Math.max(cs.length, et.length);
    if (this.sortBuf.length < need) {
      this.sortBuf = new Uint16Array(need * 2);
      this.sortViews = new Array<Uint16Array | undefined>(need * 2 + 1).fill(undefined);
    }
    const c = this.ciphers;
    let n = 0;
    for (let i = 0; i < cs.length; i++) {
      const v = cs[i] as number;
      if (!isGrease(v)) c[n++] = v;
    }
    this.nCiphers = n;
    const e = this.exts;
    let sni = false;
    let hasSv = false;
    n = 0;
    for (let i = 0; i < et.length; i++) {
      const t = et[i] as number;
      if (isGrease(t)) continue;
      if (t === SNI) sni = true;
      else if (t === ExtensionType.supportedVersions) hasSv = true;
      e[n++] = t;
    }
    this.nExts = n;
    const version = hasSv
      ? (newestVersion(ch.supportedVersions) ?? ch.legacyVersion)
      : ch.legacyVersion;
    this.a =
      opts.protocol +
      versionCode(version) +
      (sni ? 'd' : 'i') +
      two(this.nCiphers) +
      two(this.nExts) +
      alpnCharsIn(ch.body, ch.alpnFirstStart, ch.alpnFirstEnd, opts.alpn ?? 'rust');
  }

  private sorted(n: number): Uint16Array {
    const sb = this.sortBuf;
    if (n >= 2) {
      let v = this.sortViews[n];
      if (v === undefined) {
        v = sb.subarray(0, n);
        this.sortViews[n] = v;
      }
      v.sort();
    }
    return sb;
  }

  /** The sorted cipher list (JA4 b, raw) into scratchB. */
  sortedCiphers(): AsciiScratch {
    const n = this.nCiphers;
    const sb = this.sortBuf;
    const c = this.ciphers;
    for (let i = 0; i < n; i++) sb[i] = c[i] as number;
    const s = scratchB.reset();
    s.reserve(5 * n);
    s.len = writeHex16List(s.dv, 0, this.sorted(n), 0, n);
    return s;
  }

  /** The sorted extensions without SNI and ALPN, then `_` and the signature algorithms (JA4 c). */
  sortedExtensions(ch: ClientHello, opts: Ja4Options): AsciiScratch {
    const sb = this.sortBuf;
    const e = this.exts;
    let n = 0;
    for (let i = 0; i < this.nExts; i++) {
      const t = e[i] as number;
      if (t !== SNI && t !== ALPN) sb[n++] = t;
    }
    const sigs = ch.signatureAlgorithms;
    const s = scratchC.reset();
    s.reserve(5 * (n + sigs.length));
    const l = writeHex16List(s.dv, 0, this.sorted(n), 0, n);
    s.len = writeHex16Items(s.dv, l, sigs, opts.sigAlgGrease !== 'keep', 0x5f);
    return s;
  }

  /** The cipher list in wire order (JA4_o b) into scratchBo. */
  originalCiphers(): AsciiScratch {
    const n = this.nCiphers;
    const s = scratchBo.reset();
    s.reserve(5 * n);
    s.len = writeHex16List(s.dv, 0, this.ciphers, 0, n);
    return s;
  }

  /** Every extension in wire order (SNI and ALPN too), `_`, the signature algorithms (JA4_o c). */
  originalExtensions(ch: ClientHello, opts: Ja4Options): AsciiScratch {
    const n = this.nExts;
    const sigs = ch.signatureAlgorithms;
    const s = scratchCo.reset();
    s.reserve(5 * (n + sigs.length));
    const l = writeHex16List(s.dv, 0, this.exts, 0, n);
    s.len = writeHex16Items(s.dv, l, sigs, opts.sigAlgGrease !== 'keep', 0x5f);
    return s;
  }
}

const parts = new Ja4Parts();

/** hash12 by text (see DigestMemo): the JA4 lists, and JA4S's and JA4X's lists; exported for the benchmarks. */
export const ja4DigestMemo = new DigestMemo();

/** The list in `s` as text, and its hash12 through the memo. */
function rawAndHash(s: AsciiScratch): [raw: string, hash: string] {
  const e = ja4DigestMemo.of(s.toString(), () => s.hash12());
  return [e.text, e.digest];
}

/** JA4 alone (sorted, hashed): the parts, then one format. */
export function ja4(ch: ClientHello, opts: Ja4Options): string {
  parts.gather(ch, opts);
  const b = parts.sortedCiphers().hash12();
  const c = parts.sortedExtensions(ch, opts).hash12();
  return parts.a + '_' + b + '_' + c;
}

/**
 * JA4 with the raw (`_r`) and original-order (`_o`, `_ro`) variants: what a record carries. The
 * parts are gathered once; each list is written once, read as the raw string, and hashed unless
 * the same text was hashed recently (ja4DigestMemo).
 */
export function ja4All(ch: ClientHello, opts: Ja4Options): Ja4Result {
  parts.gather(ch, opts);
  const a = parts.a;
  const [br, b] = rawAndHash(parts.sortedCiphers());
  const sc = parts.sortedExtensions(ch, opts);
  const pythonEmpty = opts.originalEmptyExtensions !== 'hash' && sc.len === 0;
  const [cr, c] = rawAndHash(sc);
  const [bor, bo] = rawAndHash(parts.originalCiphers());
  const sco = parts.originalExtensions(ch, opts);
  let cor: string;
  let co: string;
  if (pythonEmpty) {
    cor = sco.toString();
    co = '000000000000';
  } else [cor, co] = rawAndHash(sco);
  return {
    ja4: a + '_' + b + '_' + c,
    ja4_r: a + '_' + br + '_' + cr,
    ja4_o: a + '_' + bo + '_' + co,
    ja4_ro: a + '_' + bor + '_' + cor,
  };
}
