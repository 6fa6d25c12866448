// What a User-Agent claims to be, and what a fingerprint is known to be, in the same few words,
// so "claims Chrome, fingerprint is curl" can be said. Edge, Brave and Opera are Chromium: their
// TLS stack is Chrome's.
// A headless browser that names itself (HeadlessChrome/...) is automation: not a browser a person
// uses, whatever its TLS (detector/features/automation-ua.ts).
import { JA4_FAMILIES } from '../../detector/features/ja4-families.js';
import { AUTOMATION_UA } from '../../detector/features/automation-ua.js';

export type Family = 'chrome' | 'firefox' | 'safari' | 'tool' | 'automation' | 'other';

const AUTOMATION = new RegExp(AUTOMATION_UA);

const TOOLS =
  /\b(curl|wget|python|aiohttp|go-http-client|java|okhttp|libwww|scrapy|httpclient|node-fetch|axios|undici|powershell|httpie|masscan|zgrab|nuclei|sqlmap)\b/i;

export function uaFamily(ua: string): Family {
  if (AUTOMATION.test(ua)) return 'automation';
  if (TOOLS.test(ua)) return 'tool';
  if (/\b(Chrome|Chromium|CriOS|Edg|OPR|Brave)\//.test(ua)) return 'chrome';
  if (/\bFirefox\//.test(ua)) return 'firefox';
  if (/\bSafari\//.test(ua) && /\bVersion\//.test(ua)) return 'safari';
  return 'other';
}

export function fingerprintFamily(ja4: string, label: string): Family {
  if (label) {
    // An impersonation library names the browser it copies: it is still a tool.
    if (/impersonat/i.test(label)) return 'tool';
    if (/chrom|edge|brave|opera/i.test(label)) return 'chrome';
    if (/firefox/i.test(label)) return 'firefox';
    if (/safari|webkit/i.test(label)) return 'safari';
    if (
      /curl|python|golang|\bgo\b|java|openssl|gnutls|wget|node|undici|requests|urllib|sliver|cobalt|nmap|tool/i.test(
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
  // Headless Chromium is honest about being automation and sends Chrome's TLS.
  if (ua === 'automation') return fp === 'chrome' ? 'consistent' : 'mismatch';
  return ua === fp ? 'consistent' : 'mismatch';
}
