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
import { ListMemo, type ListEntry } from '../util/list-memo.js';
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

// Where a list's text is written; each list is read (as a string or a hash) before the next.
const scratch = new AsciiScratch();

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
  sortBuf = new Uint16Array(512);
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

  /** The cipher suites sorted, in sortBuf[0, nCiphers). */
  sortCiphers(): Uint16Array {
    const n = this.nCiphers;
    const sb = this.sortBuf;
    const c = this.ciphers;
    for (let i = 0; i < n; i++) sb[i] = c[i] as number;
    return this.sorted(n);
  }

  /** The extensions without SNI and ALPN sorted, in sortBuf[0, returned count). */
  sortExtensions(): number {
    const sb = this.sortBuf;
    const e = this.exts;
    let n = 0;
    for (let i = 0; i < this.nExts; i++) {
      const t = e[i] as number;
      if (t !== SNI && t !== ALPN) sb[n++] = t;
    }
    this.sorted(n);
    return n;
  }
}

/** `a[0, n)` as JA4's comma-separated hex into `s`. */
function writeList(s: AsciiScratch, a: Uint16Array, n: number): AsciiScratch {
  s.reset().reserve(5 * n);
  s.len = writeHex16List(s.dv, 0, a, 0, n);
  return s;
}

/** `a[0, n)`, then `_` and the signature algorithms (JA4's c part) into `s`. */
function writeListSigs(
  s: AsciiScratch,
  a: Uint16Array,
  n: number,
  ch: ClientHello,
  opts: Ja4Options,
): AsciiScratch {
  const sigs = ch.signatureAlgorithms;
  s.reset().reserve(5 * (n + sigs.length));
  const l = writeHex16List(s.dv, 0, a, 0, n);
  s.len = writeHex16Items(s.dv, l, sigs, opts.sigAlgGrease !== 'keep', 0x5f);
  return s;
}

/** JA4's lists (text and hash12) by their values (see ListMemo); exported for the benchmarks. */
export const ja4ListMemo = new ListMemo();

/** Ends a list's values in a memo key, before the signature algorithms. */
const SIGS = -1;

/** The text and hash12 of `a[0, n)` (a b part), from the memo or written into `s`. */
function listEntry(s: AsciiScratch, a: Uint16Array, n: number): ListEntry {
  const m = ja4ListMemo;
  m.begin();
  for (let i = 0; i < n; i++) m.push(a[i] as number);
  const hit = m.find();
  if (hit !== undefined) return hit;
  writeList(s, a, n);
  return m.add(s.toString(), s.hash12());
}

/** The text and hash12 of a c part: `a[0, n)` and the signature algorithms JA4 keeps. */
function listSigsEntry(
  s: AsciiScratch,
  a: Uint16Array,
  n: number,
  ch: ClientHello,
  opts: Ja4Options,
): ListEntry {
  const m = ja4ListMemo;
  m.begin();
  for (let i = 0; i < n; i++) m.push(a[i] as number);
  m.push(SIGS);
  const drop = opts.sigAlgGrease !== 'keep';
  const sigs = ch.signatureAlgorithms;
  for (let i = 0; i < sigs.length; i++) {
    const v = sigs[i] as number;
    if (!(drop && isGrease(v))) m.push(v);
  }
  const hit = m.find();
  if (hit !== undefined) return hit;
  writeListSigs(s, a, n, ch, opts);
  return m.add(s.toString(), s.hash12());
}

const parts = new Ja4Parts();

/**
 * The last hello's four strings, kept on its original-order c entry (the most specific of its
 * lists; ListEntry.attached) with what else they were joined from: a client build sends the same
 * hello on every connection, and joining the parts anew made four strings a record that the JSON
 * writer then had to flatten, ~1.7 µs a record (docs/handshake-heavy-speed.md). A slot on the
 * entry rather than a WeakMap: 1.03x with the memos warm and with them emptied every round.
 */
interface Joined {
  a: string;
  bo: ListEntry;
  pythonEmpty: boolean;
  r: Ja4Result;
}

/** JA4 alone (sorted, hashed): the parts, then one format. */
export function ja4(ch: ClientHello, opts: Ja4Options): string {
  parts.gather(ch, opts);
  const b = writeList(scratch, parts.sortCiphers(), parts.nCiphers).hash12();
  const n = parts.sortExtensions();
  const c = writeListSigs(scratch, parts.sortBuf, n, ch, opts).hash12();
  return parts.a + '_' + b + '_' + c;
}

/**
 * JA4 with the raw (`_r`) and original-order (`_o`, `_ro`) variants: what a record carries. The
 * parts are gathered once; each list is looked up by its values (ja4ListMemo), and only a list
 * not seen recently is written as text and hashed.
 */
export function ja4All(ch: ClientHello, opts: Ja4Options): Ja4Result {
  parts.gather(ch, opts);
  const a = parts.a;
  const b = listEntry(scratch, parts.sortCiphers(), parts.nCiphers);
  const n = parts.sortExtensions();
  const c = listSigsEntry(scratch, parts.sortBuf, n, ch, opts);
  const bo = listEntry(scratch, parts.ciphers, parts.nCiphers);
  const co = listSigsEntry(scratch, parts.exts, parts.nExts, ch, opts);
  // Python writes twelve zeros for the original-order c when the sorted one is empty (every
  // extension SNI, ALPN or GREASE, no signature algorithms); see originalEmptyExtensions.
  const pythonEmpty = opts.originalEmptyExtensions !== 'hash' && c.text.length === 0;
  // b and c are the sorted bo and co: the same entries for bo and co mean the same b and c.
  let j = co.attached as Joined | undefined;
  if (j === undefined || j.a !== a || j.bo !== bo || j.pythonEmpty !== pythonEmpty) {
    j = {
      a,
      bo,
      pythonEmpty,
      r: {
        ja4: a + '_' + b.digest + '_' + c.digest,
        ja4_r: a + '_' + b.text + '_' + c.text,
        ja4_o: a + '_' + bo.digest + '_' + (pythonEmpty ? '000000000000' : co.digest),
        ja4_ro: a + '_' + bo.text + '_' + co.text,
      },
    };
    co.attached = j;
  }
  // A fresh result each call (the caller may keep or change it); the same string objects.
  const r = j.r;
  return { ja4: r.ja4, ja4_r: r.ja4_r, ja4_o: r.ja4_o, ja4_ro: r.ja4_ro };
}
