// SQL expressions both feature queries (raw rows and per-minute aggregates) use, written once so
// the two cannot drift apart. Each takes the SQL expression it classifies.
import { AUTOMATION_UA } from './automation-ua.js';
import { FEATURE_NAMES } from './catalog.js';

/**
 * The client family a User-Agent claims: automation, tool, firefox, chrome, safari, none or other.
 * A headless browser says so in its User-Agent (HeadlessChrome/...): it is automation, not a
 * browser a person uses, even though its TLS is Chrome's (ip-profile/ua-family.ts says the same).
 */
export const uaFamily = (ua: string): string => `multiIf(
        match(${ua}, '${AUTOMATION_UA}'), 'automation',
        match(${ua}, '(?i)(curl|wget|python|go-http|java/|okhttp|libwww|scrapy|httpclient|axios|node-fetch)'), 'tool',
        position(${ua}, 'Firefox/') > 0, 'firefox',
        match(${ua}, 'Chrome/|Chromium/|Edg/|CriOS/'), 'chrome',
        position(${ua}, 'Safari/') > 0, 'safari',
        ${ua} = '', 'none',
        'other')`;

/**
 * The client family of a JA4 from the mapping in the query parameters fam_keys / fam_vals: the
 * exact JA4 first, then its cipher hash (part b); 'unknown' when neither is mapped.
 */
export const ja4Family = (ja4: string): string =>
  `if(transform(${ja4}, {fam_keys:Array(String)}, {fam_vals:Array(String)}, '') != '',
         transform(${ja4}, {fam_keys:Array(String)}, {fam_vals:Array(String)}, ''),
         transform(splitByChar('_', ${ja4})[2], {fam_keys:Array(String)}, {fam_vals:Array(String)}, 'unknown'))`;

/** A request is a mismatch when its UA claims a browser and the JA4's known family is another one. */
export const isMismatch = (uaFam: string, ja4Fam: string): string =>
  `(${uaFam} IN ('chrome', 'firefox', 'safari') AND ${ja4Fam} NOT IN ('unknown', ${uaFam}))`;

/** Stored IPv6 -> display form (IPv4-mapped addresses without the ::ffff: prefix). */
export const displayIp = (ip: string): string =>
  `replaceRegexpOne(toString(${ip}), '^::ffff:', '')`;

/** The allowlists (query parameters allow_ips, allow_ja4, allow_cidrs) on a display IP and a JA4. */
export const notAllowlisted = (ip: string, ja4: string): string =>
  `NOT has({allow_ips:Array(String)}, ${ip})
      AND NOT has({allow_ja4:Array(String)}, ${ja4})
      AND NOT arrayExists(c -> isIPAddressInRange(${ip}, c), {allow_cidrs:Array(String)})`;

/**
 * The outer SELECT list of both feature queries: the entity and every feature in catalog order.
 * Each feature comes from the subquery alias `from` names (the queries compute peak minute and
 * interval CV in different places), `e` (the per-entity sums) otherwise.
 */
export const featureColumns = (from: Readonly<Record<string, string>>): string =>
  ['src_ip', 'ja4', ...FEATURE_NAMES].map((c) => `  ${from[c] ?? 'e'}.${c} AS ${c}`).join(',\n');
