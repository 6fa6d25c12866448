// Known JA4 -> client family, for the UA/JA4 mismatch feature. Until the storage engineer's
// known-fingerprint mapping table lands, the detector carries this short list of the reference
// captures' JA4s (see tools/traffic-gen/ja4-catalog.ts for where each was seen) plus cipher-hash
// prefixes that identify a family regardless of extensions (JA4's b part; Chromium's 15-cipher
// list hashes to 8daaf6152771, Firefox's 17 to 5b57614c22b0, QUIC Chrome to 55b375c5d22e).
export type ClientFamily = 'chrome' | 'firefox' | 'safari' | 'tool';

export interface Ja4FamilyRow {
  /** A full JA4, or a JA4 b part (12 hex) matched against the cipher hash. */
  key: string;
  family: ClientFamily;
}

export const JA4_FAMILIES: readonly Ja4FamilyRow[] = [
  { key: '8daaf6152771', family: 'chrome' },
  { key: '55b375c5d22e', family: 'chrome' },
  { key: '5b57614c22b0', family: 'firefox' },
  { key: 't12d4605h2_85626a9a5f7f_aaf95bb78ec9', family: 'tool' },
  { key: 't10d230100_6a57a6f57151_000000000000', family: 'tool' },
  { key: 't13d1615h2_46e7e9700bed_45f260be83e2', family: 'tool' },
  { key: 't12d190800_d83cc789557e_7af1ed941c26', family: 'tool' },
];
