// What a JA4 is known as: an exact entry of the knowledge base, or, when there is none, the family
// of the closest entries that send the same cipher list (JA4_b) over the same protocol and TLS
// version. The cipher list is the strongest part of a ClientHello's identity (a TLS library's
// defaults; browsers change it rarely), while extensions, SNI and ALPN move with versions and
// settings: Chromium 156 sends 16 extensions with h2 and 15 with --disable-http2, same cipher hash.
// Impersonation libraries copy a browser's cipher list too, so an inferred label says which of
// them share it: "same family as Chromium" is never "certainly Chromium".
import type { Ja4Knowledge, KnownApplication } from '../../../common/api/fingerprint-profile.js';
import { ja4Shape } from './shape.js';

export type KnownJa4 = KnownApplication & { fingerprint: string };

const NO_CIPHERS = '000000000000';

const UNKNOWN: Ja4Knowledge = {
  confidence: 'none',
  label: '',
  family: '',
  basis: 'not in the knowledge base',
  entries: [],
};

export function entryName(e: KnownApplication): string {
  return e.application || e.library || e.device || e.os || 'unnamed';
}

/** The names of a set of entries, distinct, in order. */
function names(entries: readonly KnownApplication[]): string {
  return [...new Set(entries.map(entryName))].join(' / ');
}

/**
 * `candidates` are the knowledge base's JA4 entries that share `ja4`'s cipher hash (and the exact
 * ones, if any): lookup.ts reads them.
 */
export function inferJa4(ja4: string, candidates: readonly KnownJa4[]): Ja4Knowledge {
  const exact = candidates.filter((e) => e.fingerprint === ja4);
  if (exact.length > 0) {
    const families = [...new Set(exact.map((e) => e.family).filter(Boolean))];
    return {
      confidence: 'exact',
      label: names(exact),
      family: families.length === 1 ? families[0]! : families.join(' / '),
      basis: 'exact match',
      entries: exact,
    };
  }
  const me = ja4Shape(ja4);
  if (!me || me.b === NO_CIPHERS) return { ...UNKNOWN, entries: [] };
  // Same cipher list, protocol and version are required; then the closer the rest, the better.
  const scored = candidates
    .map((e) => ({ e, s: ja4Shape(e.fingerprint) }))
    .filter(
      (x): x is { e: KnownJa4; s: NonNullable<typeof x.s> } =>
        x.s !== null && x.s.b === me.b && x.s.proto === me.proto && x.s.version === me.version,
    )
    .map(({ e, s }) => ({
      e,
      score:
        (s.alpn === me.alpn ? 2 : 0) +
        (s.sni === me.sni ? 1 : 0) +
        (Math.abs(s.extensions - me.extensions) <= 2 ? 1 : 0),
    }));
  if (scored.length === 0) return { ...UNKNOWN, entries: [] };
  const top = Math.max(...scored.map((x) => x.score));
  // Browsers first among the closest: an impersonator copies a browser, never the other way.
  const best = scored.filter((x) => x.score === top).map((x) => x.e);
  const genuine = best.filter((e) => e.family !== 'impersonator');
  const lead = genuine.length > 0 ? genuine : best;
  const copies = scored.filter((x) => x.e.family === 'impersonator').map((x) => x.e);
  const families = [...new Set(lead.map((e) => e.family).filter(Boolean))];
  const [first] = lead;
  let basis =
    `same cipher list (${me.b}), protocol and TLS version as ${names(lead)}` +
    (first ? ` (${first.fingerprint})` : '') +
    '; the exact JA4 is not in the knowledge base';
  if (copies.length > 0 && lead !== copies)
    basis += `; impersonation libraries send this cipher list too (${names(copies)})`;
  return {
    confidence: 'family',
    label: names(lead),
    family: families.length === 1 ? families[0]! : families.join(' / '),
    basis,
    entries: [...new Set([...lead, ...copies])],
  };
}
