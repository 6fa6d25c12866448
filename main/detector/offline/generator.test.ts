// The labelled traffic generator (tools/traffic-gen, outside vitest's include paths, so tested
// here beside its main consumer): seeded, schema-valid, labels cover every entity it emits.
import { describe, expect, it } from 'vitest';
import { CorrelatedEvent } from '../../../common/events/correlated.js';
import { generateScenario } from '../../../tools/traffic-gen/scenario.js';
import { JA4 } from '../../../tools/traffic-gen/ja4-catalog.js';
import { readFileSync } from 'node:fs';
import {
  describeWithReference,
  referencePath,
} from '../../../capture-worker/test-fixtures/reference-corpus.js';

const small = {
  humanIps: 40,
  scrapers: 1,
  credentialStuffers: 1,
  curlChrome: 1,
  lowAndSlow: 1,
  botnetIps: 4,
};

describe('traffic generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateScenario({ ...small, seed: 3 });
    const b = generateScenario({ ...small, seed: 3 });
    const c = generateScenario({ ...small, seed: 4 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.events)).not.toBe(JSON.stringify(c.events));
  });

  it('writes correlated events that pass the correlator schema, in time order', () => {
    const { events } = generateScenario({ ...small, seed: 5 });
    for (const e of events) expect(CorrelatedEvent.safeParse(e).success).toBe(true);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.ts_us).toBeGreaterThanOrEqual(events[i - 1]!.ts_us);
  });

  it('labels every (src_ip, ja4) it emits, with every bot kind present', () => {
    const { events, labels } = generateScenario({ ...small, seed: 6 });
    const labelled = new Set(labels.map((l) => `${l.src_ip}|${l.ja4}`));
    for (const e of events) expect(labelled.has(`${e.src_ip}|${e.handshake!.ja4}`)).toBe(true);
    const kinds = new Set(labels.map((l) => l.kind));
    for (const k of [
      'scraper',
      'credential-stuffing',
      'curl-chrome-ua',
      'low-and-slow',
      'botnet',
      'person',
    ]) {
      expect(kinds).toContain(k);
    }
    // The botnet shares one JA4 across all its IPs.
    const botnet = labels.filter((l) => l.kind === 'botnet');
    expect(new Set(botnet.map((l) => l.ja4)).size).toBe(1);
    expect(new Set(botnet.map((l) => l.src_ip)).size).toBe(4);
  });
});

describeWithReference('traffic generator JA4 catalog', () => {
  it('uses only JA4 values found in the reference captures', () => {
    const reference = readFileSync(referencePath('expected.jsonl'), 'utf8');
    for (const entry of Object.values(JA4)) expect(reference).toContain(`"ja4": "${entry.ja4}"`);
  });
});
