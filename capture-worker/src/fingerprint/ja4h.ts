// JA4H — HTTP client fingerprint (spec §4).
// License: JA4H is part of JA4+ and is licensed under the FoxIO License 1.1 (non-commercial; see
// docs/fingerprints.md). Kept in its own module so a distribution can leave it out.
//
// Default output follows the Rust reference (spec §12): HTTP/2 pseudo-headers are counted and
// hashed, Accept-Language is cut at the first ',' only (`en;q`), cookies split on "; " and sorted
// by name (then value). The spec-recommended behaviours are behind Ja4hOptions.
import { hash12 } from '../util/hash.js';

export interface Ja4hInput {
  method: string;
  /** HTTP version as logged: 'HTTP/1.0', 'HTTP/1.1', 'HTTP/2', 'HTTP/2.0', 'HTTP/3', '1.1', '2', ... */
  version: string;
  /** Request headers in wire order, names in their original case. */
  headers: ReadonlyArray<readonly [string, string]>;
}

export interface Ja4hResult {
  ja4h: string;
  ja4h_r: string;
  ja4h_ro: string;
}

export interface Ja4hOptions {
  /** 'include' (Rust, default) counts and hashes `:method`, `:path`...; 'exclude' (spec, Python, C) drops them. */
  pseudoHeaders?: 'include' | 'exclude';
  /** 'rust' (default): cut Accept-Language at ','; 'spec': also at ';' and drop spaces (`en;q=0.9` -> `en00`). */
  language?: 'rust' | 'spec';
  /**
   * 'rust' (default): HTTP/1 uses the first Cookie header, every cookie field is split on "; ",
   * pairs sorted as whole strings. 'spec': all Cookie headers, split on ';' and trimmed, sorted by
   * name then value.
   */
  cookies?: 'rust' | 'spec';
  /**
   * ja4h_ro layout without cookies: 'python' (default; Python is the oracle for ja4h_ro, spec §12)
   * ends after the header list with one '_' (`…_User-Agent_`); 'full' keeps both empty sections
   * (`…_User-Agent__`) as ja4h_r and the Wireshark plugin do.
   */
  rawOriginal?: 'python' | 'full';
}

const METHOD_CODES: Readonly<Record<string, string>> = {
  GET: 'ge',
  POST: 'po',
  PUT: 'pu',
  HEAD: 'he',
  DELETE: 'de',
  OPTIONS: 'op',
  PATCH: 'pa',
  CONNECT: 'co',
  TRACE: 'tr',
};

/** Method code; methods outside the table take their first two letters lowercased (as Python does; Rust emits no JA4H for them). */
export function ja4hMethodCode(method: string): string {
  const known = METHOD_CODES[method.toUpperCase()];
  if (known) return known;
  return (method.toLowerCase() + '00').slice(0, 2);
}

/** '10' | '11' | '20' | '30' from a logged version string; anything unrecognised gives '00'. */
export function ja4hVersionCode(version: string): string {
  const v = version
    .trim()
    .toUpperCase()
    .replace(/^HTTP\//, '');
  switch (v) {
    case '1.0':
      return '10';
    case '1.1':
      return '11';
    case '2':
    case '2.0':
      return '20';
    case '3':
    case '3.0':
      return '30';
    case '0.9':
      return '09';
    default:
      return '00';
  }
}

/** The 4-character language field from an Accept-Language value (undefined -> '0000'). */
export function ja4hLanguage(value: string | undefined, rule: 'rust' | 'spec' = 'rust'): string {
  if (value === undefined) return '0000';
  let s = value.trimStart();
  const comma = s.indexOf(',');
  if (comma >= 0) s = s.slice(0, comma);
  if (rule === 'spec') {
    const semi = s.indexOf(';');
    if (semi >= 0) s = s.slice(0, semi);
    s = s.replace(/ /g, '');
  }
  s = s.replace(/-/g, '').toLowerCase();
  const chars = Array.from(s);
  if (chars.length >= 4) return chars.slice(0, 4).join('');
  return s + '0'.repeat(4 - chars.length);
}

function cookieName(pair: string): string {
  const eq = pair.indexOf('=');
  return eq < 0 ? pair : pair.slice(0, eq);
}

function byNameThenValue(a: string, b: string): number {
  const na = cookieName(a);
  const nb = cookieName(b);
  if (na !== nb) return na < nb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function ja4h(input: Ja4hInput, opts: Ja4hOptions = {}): Ja4hResult {
  const dropPseudo = opts.pseudoHeaders === 'exclude';
  const specCookies = opts.cookies === 'spec';
  const versionCode = ja4hVersionCode(input.version);
  const http1 = versionCode === '10' || versionCode === '11' || versionCode === '09';

  const names: string[] = [];
  const cookieValues: string[] = [];
  let hasCookie = false;
  let hasReferer = false;
  let language: string | undefined;
  for (const [name, value] of input.headers) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      if (!specCookies && http1 && hasCookie) continue;
      hasCookie = true;
      cookieValues.push(value);
      continue;
    }
    if (lower === 'referer') {
      hasReferer = true;
      continue;
    }
    if (dropPseudo && name.startsWith(':')) continue;
    if (language === undefined && lower === 'accept-language') language = value;
    names.push(name);
  }

  const pairs: string[] = [];
  for (const v of cookieValues) {
    if (specCookies) {
      for (const part of v.split(';')) {
        const p = part.trim();
        if (p.length > 0) pairs.push(p);
      }
    } else {
      for (const p of v.split('; ')) pairs.push(p);
    }
  }
  const sorted = [...pairs].sort(byNameThenValue);

  const count = Math.min(names.length, 99).toString().padStart(2, '0');
  const a =
    ja4hMethodCode(input.method) +
    versionCode +
    (hasCookie ? 'c' : 'n') +
    (hasReferer ? 'r' : 'n') +
    count +
    ja4hLanguage(language, opts.language ?? 'rust');
  const headerList = names.join(',');
  const sortedNames = sorted.map(cookieName).join(',');
  const sortedPairs = sorted.join(',');
  const wireNames = pairs.map(cookieName).join(',');
  const wirePairs = pairs.join(',');
  return {
    ja4h: `${a}_${hash12(headerList)}_${hash12(sortedNames)}_${hash12(sortedPairs)}`,
    ja4h_r: `${a}_${headerList}_${sortedNames}_${sortedPairs}`,
    ja4h_ro:
      pairs.length === 0 && opts.rawOriginal !== 'full'
        ? `${a}_${headerList}_`
        : `${a}_${headerList}_${wireNames}_${wirePairs}`,
  };
}
