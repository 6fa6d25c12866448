// A labelled traffic scenario: people and bots on one shop over one hour (plus 29 days of light
// history for recurrence). Deterministic for a seed.
import {
  Sink,
  botnetMember,
  credentialStuffer,
  curlWithChromeUa,
  lowAndSlowCrawler,
  person,
  scraper,
  type EntityLabel,
  type GeneratedEvent,
} from './actors.js';
import { Draw } from './random.js';

export interface ScenarioOptions {
  seed: number;
  /** IPs with people behind them (some are NAT with several people). */
  humanIps: number;
  scrapers: number;
  credentialStuffers: number;
  curlChrome: number;
  lowAndSlow: number;
  botnetIps: number;
  /** End of the scored hour, ms since the epoch. */
  end: number;
}

export const DEFAULT_SCENARIO: ScenarioOptions = {
  seed: 1,
  humanIps: 600,
  scrapers: 8,
  credentialStuffers: 6,
  curlChrome: 8,
  lowAndSlow: 6,
  botnetIps: 40,
  end: Date.UTC(2026, 10, 24, 12, 0, 0),
};

export interface Scenario {
  events: GeneratedEvent[];
  labels: EntityLabel[];
}

export function generateScenario(partial: Partial<ScenarioOptions> = {}): Scenario {
  const o = { ...DEFAULT_SCENARIO, ...partial };
  const d = new Draw(o.seed);
  const s = new Sink(d, o.end);
  const ip = uniqueIps(d);
  for (let i = 0; i < o.humanIps; i++) {
    const addr = ip();
    // 10% NAT: an office or carrier-grade NAT puts several people on one address.
    const people = d.chance(0.1) ? d.int(2, 5) : 1;
    for (let p = 0; p < people; p++) person(s, addr, people > 1 ? 'person-nat' : 'person');
  }
  for (let i = 0; i < o.scrapers; i++) scraper(s, ip());
  for (let i = 0; i < o.credentialStuffers; i++) credentialStuffer(s, ip());
  for (let i = 0; i < o.curlChrome; i++) curlWithChromeUa(s, ip());
  for (let i = 0; i < o.lowAndSlow; i++) lowAndSlowCrawler(s, ip());
  const burst = s.start + d.uniform(0, 1_800_000);
  for (let i = 0; i < o.botnetIps; i++) botnetMember(s, ip(), burst);
  return finish(s);
}

/** Addresses drawn from `d`, never the same twice. */
export function uniqueIps(d: Draw): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const a = d.ipv4();
      if (!used.has(a)) {
        used.add(a);
        return a;
      }
    }
  };
}

/**
 * The scenario a sink wrote: events in time order, one label per (IP, JA4) entity — several
 * people behind one NAT address share an entity, and its first label stands.
 */
export function finish(s: Sink): Scenario {
  s.events.sort((a, b) => a.ts_us - b.ts_us);
  const seen = new Set<string>();
  const labels = s.labels.filter((l) => {
    const k = `${l.src_ip}|${l.ja4}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { events: s.events, labels };
}
