// Real JA4 values, all taken from /work/shared/testdata/ja4-reference/expected.jsonl (the FoxIO
// reference captures). Which application each stands for is the generator's assumption, noted per
// entry: the reference set labels no client, so the family comes from the capture it was seen in
// and the JA4's shape (cipher/extension counts, ALPN).
export type Ja4Family = 'chrome' | 'firefox' | 'tool';

export interface Ja4Entry {
  ja4: string;
  family: Ja4Family;
  seenIn: string;
}

export const JA4 = {
  /** Chromium 15-cipher hash 8daaf6152771, h2; seen to edge.microsoft.com (Edge/Chrome). */
  chrome: {
    ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
    family: 'chrome',
    seenIn: 'browsers-x509.pcapng',
  },
  /** Same Chromium cipher set, other extension hash (app.slack.com). */
  chrome2: {
    ja4: 't13d1516h2_8daaf6152771_9b887d9acb53',
    family: 'chrome',
    seenIn: 'latest.pcapng',
  },
  /** Chrome over QUIC (cloudflare-quic.com). */
  chromeQuic: {
    ja4: 'q13d0310h3_55b375c5d22e_cd85d2d88918',
    family: 'chrome',
    seenIn: 'chrome-cloudflare-quic-with-secrets.pcapng',
  },
  /** Firefox (contile.services.mozilla.com, Firefox's own service). */
  firefox: { ja4: 't13d1715h2_5b57614c22b0_3d5424432f57', family: 'firefox', seenIn: 'tls12.pcap' },
  /** TLS 1.2, 46 ciphers, h2: an OpenSSL-default client such as curl (stands in for curl). */
  curl: { ja4: 't12d4605h2_85626a9a5f7f_aaf95bb78ec9', family: 'tool', seenIn: 'ipv6.pcapng' },
  /** TLS 1.0 record, no ALPN: a scripting-library client (stands in for python-requests). */
  script: {
    ja4: 't10d230100_6a57a6f57151_000000000000',
    family: 'tool',
    seenIn: 'https3-301-get.pcap',
  },
  /** TLS 1.3, 16 ciphers, h2, non-Chromium hash: stands in for a Go HTTP client (botnet kit). */
  goClient: {
    ja4: 't13d1615h2_46e7e9700bed_45f260be83e2',
    family: 'tool',
    seenIn: 'badcurveball.pcap',
  },
  /** TLS 1.2 agent without ALPN (stands in for a crawler framework). */
  agent: { ja4: 't12d190800_d83cc789557e_7af1ed941c26', family: 'tool', seenIn: 'latest.pcapng' },
} as const satisfies Record<string, Ja4Entry>;

export const UA = {
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  curl: 'curl/8.5.0',
  requests: 'python-requests/2.31.0',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
} as const;
