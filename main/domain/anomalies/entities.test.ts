// The entity triage queue against a real embedded store: detector rows written for several runs
// (the detector's row mapper), each expected figure counted here from what was written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectorService } from '../../detector/ops/service.js';
import { FeedbackInput, writeFeedback } from '../../detector/ops/feedback.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { anomalyToRow, ML_DETECTED_ANOMALIES, type Anomaly } from '../../storage/rows/anomalies.js';
import { openStore, type Store } from '../../storage/store.js';
import { tempDir } from '../../storage/testing/temp-dir.js';
import { listEntities, setEntityState } from './entities.js';

let store: Store;
let detector: DetectorService;
const MIN_US = 60_000_000;
const t0 = Math.floor(Date.now() / 60_000) * MIN_US - 120 * MIN_US;
const window = {
  from: new Date(t0 / 1000 - 3600_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
};
const written: Anomaly[] = [];

// 40 (IP, JA4) entities and 5 whole-IP entities; entity i is flagged in runs 0..(i % 3).
function run(r: number): Anomaly[] {
  const out: Anomaly[] = [];
  for (let i = 0; i < 40; i++)
    if (i % 3 >= r)
      out.push({
        detectedAtUs: t0 + r * 10 * MIN_US,
        entityType: 'ip_ja4',
        srcIp: `203.0.113.${i}`,
        ja4: `t13d1516h2_8daaf6152771_${String(i).padStart(12, '0')}`,
        modelId: 'm1',
        runId: `run-${r}`,
        score: 0.6 + i / 100 + r / 1000,
        threshold: 0.6,
        features: {},
        reasons: [i === 7 ? 'rare path mix' : `reason ${r}`],
        version: t0 + r * 10 * MIN_US,
      });
  for (let i = 0; i < 5; i++)
    if (r === 0)
      out.push({
        detectedAtUs: t0,
        entityType: 'ip',
        srcIp: `2001:db8::${i + 1}`,
        modelId: 'm1',
        runId: 'run-0',
        score: 0.7,
        threshold: 0.6,
        features: {},
        reasons: ['many paths'],
        version: t0,
      });
  return out;
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir() });
  await migrateUp(store);
  for (let r = 0; r < 3; r++) {
    const rs = run(r);
    written.push(...rs);
    await store.insert(ML_DETECTED_ANOMALIES, rs.map(anomalyToRow));
  }
  detector = {
    feedback: (input: unknown) => writeFeedback(store, FeedbackInput.parse(input)),
  } as unknown as DetectorService;
});

afterAll(async () => {
  await store?.close();
});

const entityKey = (a: { src_ip: string; ja4: string }) => `${a.src_ip}|${a.ja4}`;

describe('anomalies.entities', () => {
  it('lists each entity once with its run count, latest score and score history', async () => {
    const r = await listEntities(store.client, { ...window, limit: 1000 });
    const expected = new Map<string, Anomaly[]>();
    for (const a of written) {
      const k = `${a.srcIp}|${a.ja4 ?? ''}`;
      expected.set(k, [...(expected.get(k) ?? []), a]);
    }
    expect(r.entities).toHaveLength(expected.size);
    expect(r.total).toBe(expected.size);
    expect(r.counts).toEqual({ new: expected.size });
    for (const e of r.entities) {
      const runs = expected.get(entityKey(e))!;
      const last = runs.reduce((a, b) => (b.detectedAtUs > a.detectedAtUs ? b : a));
      expect(e.runs).toBe(runs.length);
      expect(e.score).toBeCloseTo(last.score, 9);
      expect(e.spark).toEqual(runs.map((x) => x.score));
      expect(e.state).toBe('new');
    }
    // Highest latest score first.
    const scores = r.entities.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('sorts, filters by text and level, and says how many match when the limit cuts', async () => {
    const byRuns = await listEntities(store.client, { ...window, sort: 'runs', limit: 1000 });
    expect(byRuns.entities[0]!.runs).toBe(3);
    expect(byRuns.entities.at(-1)!.runs).toBe(1);
    const text = await listEntities(store.client, { ...window, text: 'RARE PATH' });
    expect(text.entities.map((e) => e.src_ip)).toEqual(['203.0.113.7']);
    expect(text.total).toBe(1);
    const ips = await listEntities(store.client, { ...window, level: 'ip' });
    expect(ips.entities.map((e) => e.src_ip).sort()).toEqual(
      ['2001:db8::1', '2001:db8::2', '2001:db8::3', '2001:db8::4', '2001:db8::5'].sort(),
    );
    const cut = await listEntities(store.client, { ...window, limit: 10 });
    expect(cut.entities).toHaveLength(10);
    expect(cut.total).toBe(45);
  });

  it('a verdict covers every run of the entity, and a later run stays under it', async () => {
    const target = { entity_type: 'ip_ja4' as const, src_ip: '203.0.113.5' };
    const ja4 = `t13d1516h2_8daaf6152771_${'5'.padStart(12, '0')}`;
    const r = await setEntityState(store.client, detector, {
      entities: [{ ...target, ja4 }],
      state: 'true_positive',
    });
    // Entity 5 was flagged in runs 0, 1 and 2 (5 % 3 = 2).
    expect(r).toEqual({ entities: 1, runs: 3 });
    const after = await listEntities(store.client, { ...window, states: ['true_positive'] });
    expect(after.entities.map(entityKey)).toEqual([`203.0.113.5|${ja4}`]);
    expect(after.entities[0]!.runs_since_state).toBe(0);
    expect(after.counts.true_positive).toBe(1);
    expect(after.counts.new).toBe(44);
    expect(after.total).toBe(1);
    // A new run flags it again: still a true positive, seen once since.
    await store.insert(ML_DETECTED_ANOMALIES, [
      anomalyToRow({
        detectedAtUs: Date.now() * 1000,
        entityType: 'ip_ja4',
        srcIp: target.src_ip,
        ja4,
        modelId: 'm1',
        runId: 'run-3',
        score: 0.99,
        threshold: 0.6,
        features: {},
        reasons: ['again'],
      }),
    ]);
    const later = await listEntities(store.client, { ...window, states: ['true_positive'] });
    expect(later.entities[0]).toMatchObject({ runs: 4, runs_since_state: 1, score: 0.99 });
    // Investigating afterwards is the newer triage; whole-IP entities are judged as such.
    await setEntityState(store.client, detector, {
      entities: [
        { ...target, ja4 },
        { entity_type: 'ip', src_ip: '2001:db8::2', ja4: '' },
      ],
      state: 'investigating',
    });
    const inv = await listEntities(store.client, { ...window, states: ['investigating'] });
    expect(inv.entities.map(entityKey).sort()).toEqual(['2001:db8::2|', `203.0.113.5|${ja4}`]);
  });
});
