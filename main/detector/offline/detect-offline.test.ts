// Offline detection end to end: generated labelled traffic (with bad lines mixed in) through the
// embedded store, the feature SQL and the forest, via the `ja4ws detect` command.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { generateScenario } from '../../../tools/traffic-gen/scenario.js';
import { rocAuc } from '../util/stats.js';

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-offline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { events, labels } = generateScenario({
  seed: 7,
  humanIps: 120,
  scrapers: 2,
  credentialStuffers: 2,
  curlChrome: 2,
  lowAndSlow: 2,
  botnetIps: 8,
});
const lines = events.map((e) => JSON.stringify(e));
lines.splice(10, 0, '{not json');
lines.splice(20, 0, JSON.stringify({ src_ip: '1.2.3.4', time: 'yesterday' }));
lines.splice(30, 0, JSON.stringify({ ...events[0], path: 'x'.repeat(70_000) }));
const eventsPath = join(dir, 'events.jsonl');
writeFileSync(eventsPath, lines.join('\n') + '\n');

interface ScoreLine {
  src_ip: string;
  ja4: string;
  score: number;
  is_anomaly: boolean;
  reasons: string[];
}
const readScores = (p: string): ScoreLine[] =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ScoreLine);

describe('ja4ws detect (offline)', () => {
  it('scores every entity, counts bad lines, ranks bots above people, explains anomalies', async () => {
    const out = join(dir, 'scores.jsonl');
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string) => (
      chunks.push(String(c)),
      true
    )) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runCli(['detect', '--events', eventsPath, '--out', out]);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(0);
    const log = chunks.join('');
    expect(log).toMatch(/3 bad \(json 1, schema 1, too long 1\)/);
    expect(log).toMatch(/line 11: json/);

    const scores = readScores(out);
    const label = new Map(labels.map((l) => [`${l.src_ip}|${l.ja4}`, l.label]));
    expect(scores.every((s) => label.has(`${s.src_ip}|${s.ja4}`))).toBe(true);
    expect(new Set(scores.map((s) => `${s.src_ip}|${s.ja4}`)).size).toBe(scores.length);
    const isBot = scores.map((s) => label.get(`${s.src_ip}|${s.ja4}`) === 'bot');
    expect(isBot.filter(Boolean).length).toBe(16);
    expect(
      rocAuc(
        scores.map((s) => s.score),
        isBot,
      ),
    ).toBeGreaterThan(0.9);
    const anomalies = scores.filter((s) => s.is_anomaly);
    expect(anomalies.length).toBeGreaterThan(0);
    for (const a of anomalies) {
      expect(a.score).toBeGreaterThan(0.5);
      expect(a.reasons.length).toBeGreaterThanOrEqual(1);
      expect(a.reasons.length).toBeLessThanOrEqual(3);
    }
    expect(scores.filter((s) => !s.is_anomaly).every((s) => s.reasons.length === 0)).toBe(true);

    // Same input, same seed: same output, byte for byte.
    const out2 = join(dir, 'scores2.jsonl');
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await runCli(['detect', '--events', eventsPath, '--out', out2])).toBe(0);
    } finally {
      process.stderr.write = write;
    }
    expect(readFileSync(out2, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('rejects bad options with a usage error naming the option', async () => {
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string) => (
      chunks.push(String(c)),
      true
    )) as typeof process.stderr.write;
    try {
      await runCli([
        'detect',
        '--events',
        eventsPath,
        '--out',
        join(dir, 'x.jsonl'),
        '--contamination',
        '0.9',
      ]);
    } finally {
      process.stderr.write = write;
    }
    expect(chunks.join('')).toMatch(/--contamination/);
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
  });
});
