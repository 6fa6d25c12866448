// The harder labelled scenario (issue 20): the default scenario's people and bots plus bots that
// spread over many addresses or look like a browser, and people behind offices' and carriers'
// NAT or moving between addresses. Deterministic for a seed; the cast sizes vary with the seed.
import {
  Sink,
  botnetMember,
  credentialStuffer,
  curlWithChromeUa,
  lowAndSlowCrawler,
  scraper,
  type EntityLabel,
} from './actors.js';
import {
  carrierNat,
  desktopBrowser,
  distributedStuffing,
  mobileMover,
  office,
  residentialProxyScraper,
  stealthScraper,
  visit,
} from './hard-actors.js';
import { Draw } from './random.js';
import { DEFAULT_SCENARIO, finish, uniqueIps, type Scenario } from './scenario.js';

export interface IpLabel {
  src_ip: string;
  label: 'human' | 'bot';
  /** The bot kind when any bot used the address, else the people's kind. */
  kind: string;
}

export function generateHardScenario(seed: number, end = DEFAULT_SCENARIO.end): Scenario {
  const d = new Draw(seed);
  const s = new Sink(d, end);
  const ip = uniqueIps(d);
  const ips = (n: number) => Array.from({ length: n }, ip);
  // People.
  for (let i = 0, n = d.int(650, 750); i < n; i++) {
    const addr = ip();
    const people = d.chance(0.08) ? d.int(2, 5) : 1; // households
    for (let p = 0; p < people; p++)
      visit(s, {
        ips: [addr],
        browser: desktopBrowser(d),
        kind: people > 1 ? 'household' : 'person',
      });
  }
  for (let i = 0, n = d.int(3, 5); i < n; i++) office(s, ip(), d.int(10, 40));
  for (let i = 0, n = d.int(2, 3); i < n; i++) carrierNat(s, ip(), d.int(30, 80));
  for (let i = 0, n = d.int(30, 50); i < n; i++) mobileMover(s, ips(d.int(2, 3)));
  // The default scenario's bots, fewer of each.
  for (let i = 0, n = d.int(3, 6); i < n; i++) scraper(s, ip());
  for (let i = 0, n = d.int(2, 4); i < n; i++) credentialStuffer(s, ip());
  for (let i = 0, n = d.int(3, 6); i < n; i++) curlWithChromeUa(s, ip());
  for (let i = 0, n = d.int(2, 4); i < n; i++) lowAndSlowCrawler(s, ip());
  const burst = s.start + d.uniform(0, 1_800_000);
  for (let i = 0, n = d.int(20, 40); i < n; i++) botnetMember(s, ip(), burst);
  // The distributed and the stealthy.
  distributedStuffing(s, ips(d.int(150, 250)));
  residentialProxyScraper(s, ips(d.int(80, 150)));
  for (let i = 0, n = d.int(4, 8); i < n; i++) stealthScraper(s, ip());
  return finish(s);
}

/** One label per address: a bot if any bot used it (its kind), else the people's kind. */
export function ipLabels(labels: readonly EntityLabel[]): Map<string, IpLabel> {
  const out = new Map<string, IpLabel>();
  for (const l of labels) {
    const cur = out.get(l.src_ip);
    if (!cur || (cur.label === 'human' && l.label === 'bot'))
      out.set(l.src_ip, { src_ip: l.src_ip, label: l.label, kind: l.kind });
  }
  return out;
}
