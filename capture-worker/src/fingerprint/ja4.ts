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
import { hash12 } from '../util/hash.js';
import { AsciiScratch, writeHex16Items, writeHex16List } from '../util/ascii-scratch.js';
import { hex16 } from '../util/hex.js';
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

function ascending(a: number, b: number): number {
  return a - b;
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

interface Parts {
  a: string;
  ciphers: number[];
  exts: number[];
  sigs: string;
}

function parts(ch: ClientHello, opts: Ja4Options): Parts {
  const ciphers: number[] = [];
  for (const c of ch.cipherSuites) if (!isGrease(c)) ciphers.push(c);
  const exts: number[] = [];
  let sni = false;
  for (const t of ch.extensionTypes) {
    if (isGrease(t)) continue;
    if (t === SNI) sni = true;
    exts.push(t);
  }
  const a =
    opts.protocol +
    versionCode(ja4Version(ch)) +
    (sni ? 'd' : 'i') +
    two(ciphers.length) +
    two(exts.length) +
    alpnCharsIn(ch.body, ch.alpnFirstStart, ch.alpnFirstEnd, opts.alpn ?? 'rust');
  const dropSigGrease = opts.sigAlgGrease !== 'keep';
  const sigList: string[] = [];
  for (const s of ch.signatureAlgorithms)
    if (!dropSigGrease || !isGrease(s)) sigList.push(hex16(s));
  return { a, ciphers, exts, sigs: sigList.join(',') };
}

function hexJoin(list: readonly number[]): string {
  const out = new Array<string>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = hex16(list[i] as number);
  return out.join(',');
}

function sortedStrings(p: Parts): [string, string] {
  const ciphers = hexJoin([...p.ciphers].sort(ascending));
  const exts = hexJoin(p.exts.filter((t) => t !== SNI && t !== ALPN).sort(ascending));
  return [ciphers, p.sigs.length > 0 ? `${exts}_${p.sigs}` : exts];
}

function originalStrings(p: Parts): [string, string] {
  const exts = hexJoin(p.exts);
  return [hexJoin(p.ciphers), p.sigs.length > 0 ? `${exts}_${p.sigs}` : exts];
}

const scratch = new AsciiScratch();
// Lists are sorted in sortBuf[0, n) through views made once per length:
// TypedArray sort is native, and a reused view skips a subarray allocation per sort (faster
// than an insertion sort here, and than sorting a fresh subarray).
let sortBuf = new Uint16Array(0);
let sortViews: (Uint16Array | undefined)[] = [];
growSortBuf(512);

function growSortBuf(size: number): void {
  sortBuf = new Uint16Array(size);
  sortViews = new Array<Uint16Array | undefined>(size + 1).fill(undefined);
}

/** Sorts sortBuf[0, n) ascending in place. */
function sortPrefix(n: number): void {
  if (n < 2) return;
  let v = sortViews[n];
  if (v === undefined) {
    v = sortBuf.subarray(0, n);
    sortViews[n] = v;
  }
  v.sort();
}

/**
 * JA4 only: the hot path. Same result as ja4All().ja4, built in a reusable byte buffer and
 * sorted in a typed array so no intermediate strings or arrays are created per hello.
 */
export function ja4(ch: ClientHello, opts: Ja4Options): string {
  const cs = ch.cipherSuites;
  const exts = ch.extensionTypes;
  if (sortBuf.length < cs.length || sortBuf.length < exts.length)
    growSortBuf(Math.max(cs.length, exts.length) * 2);
  const sb = sortBuf;
  let n = 0;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i] as number;
    if (!isGrease(c)) sb[n++] = c;
  }
  const nCiphers = n;
  sortPrefix(n);
  scratch.reset().reserve(5 * n);
  scratch.len = writeHex16List(scratch.dv, 0, sb, 0, n);
  const b = scratch.hash12();

  let nExts = 0;
  let sni = false;
  let hasSv = false;
  n = 0;
  for (let i = 0; i < exts.length; i++) {
    const t = exts[i] as number;
    if (isGrease(t)) continue;
    nExts++;
    if (t === SNI) sni = true;
    else if (t === ExtensionType.supportedVersions) hasSv = true;
    if (t !== SNI && t !== ALPN) sb[n++] = t;
  }
  sortPrefix(n);
  const sigs = ch.signatureAlgorithms;
  scratch.reset().reserve(5 * (n + sigs.length));
  let l = writeHex16List(scratch.dv, 0, sb, 0, n);
  l = writeHex16Items(scratch.dv, l, sigs, opts.sigAlgGrease !== 'keep', 0x5f);
  scratch.len = l;
  const c = scratch.hash12();
  const version = hasSv
    ? (newestVersion(ch.supportedVersions) ?? ch.legacyVersion)
    : ch.legacyVersion;
  const a =
    opts.protocol +
    versionCode(version) +
    (sni ? 'd' : 'i') +
    two(nCiphers) +
    two(nExts) +
    alpnCharsIn(ch.body, ch.alpnFirstStart, ch.alpnFirstEnd, opts.alpn ?? 'rust');
  return a + '_' + b + '_' + c;
}

/** JA4 with the raw (`_r`) and original-order (`_o`, `_ro`) variants. */
export function ja4All(ch: ClientHello, opts: Ja4Options): Ja4Result {
  const p = parts(ch, opts);
  const [b, c] = sortedStrings(p);
  const [bo, co] = originalStrings(p);
  const pythonEmpty = opts.originalEmptyExtensions !== 'hash' && c.length === 0;
  return {
    ja4: `${p.a}_${hash12(b)}_${hash12(c)}`,
    ja4_r: `${p.a}_${b}_${c}`,
    ja4_o: `${p.a}_${hash12(bo)}_${pythonEmpty ? '000000000000' : hash12(co)}`,
    ja4_ro: `${p.a}_${bo}_${co}`,
  };
}
