// What a User-Agent claims to be, and what a fingerprint is known to be, in the same few words,
// so "claims Chrome, fingerprint is curl" can be said. Edge, Brave and Opera are Chromium: their
// TLS stack is Chrome's.
import { JA4_FAMILIES } from '../../detector/features/ja4-families.js';

export type Family = 'chrome' | 'firefox' | 'safari' | 'tool' | 'other';

const TOOLS =
  /\b(curl|wget|python|aiohttp|go-http-client|java|okhttp|libwww|scrapy|httpclient|node-fetch|axios|undici|powershell|httpie|masscan|zgrab|nuclei|sqlmap)\b/i;

export function uaFamily(ua: string): Family {
  if (TOOLS.test(ua)) return 'tool';
  if (/\b(Chrome|Chromium|CriOS|Edg|OPR|Brave)\//.test(ua)) return 'chrome';
  if (/\bFirefox\//.test(ua)) return 'firefox';
  if (/\bSafari\//.test(ua) && /\bVersion\//.test(ua)) return 'safari';
  return 'other';
}

export function fingerprintFamily(ja4: string, label: string): Family {
  if (label) {
    if (/chrom|edge|brave|opera/i.test(label)) return 'chrome';
    if (/firefox/i.test(label)) return 'firefox';
    if (/safari|webkit/i.test(label)) return 'safari';
    if (
      /curl|python|golang|\bgo\b|java|openssl|wget|requests|urllib|sliver|cobalt|nmap|tool/i.test(
        label,
      )
    )
      return 'tool';
  }
  const b = ja4.split('_')[1] ?? '';
  const hit = JA4_FAMILIES.find((f) => f.key === ja4 || f.key === b);
  return hit ? hit.family : 'other';
}

export function consistencyVerdict(ua: Family, fp: Family): 'consistent' | 'mismatch' | 'unknown' {
  if (ua === 'other' || fp === 'other') return 'unknown';
  return ua === fp ? 'consistent' : 'mismatch';
}
