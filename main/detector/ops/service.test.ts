// Detector operations against a real embedded store (migrations applied) holding generated traffic.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScenario } from '../../../tools/traffic-gen/scenario.js';
import { migrateUp, openStore, type Store } from '../../storage/index.js';
import { HTTP_LOGS, correlatedToRow } from '../../storage/rows/http.js';
import { lowestExactThreshold, previewDiff } from '../../../common/api/model-diff.js';
import { registerDetectorMetrics } from './metrics.js';
import { DetectorService } from './service.js';

const END = Date.UTC(2026, 10, 24, 12, 0, 0);
const { events, labels } = generateScenario({
  seed: 5,
  end: END,
  humanIps: 100,
  scrapers: 2,
  credentialStuffers: 2,
  curlChrome: 2,
  lowAndSlow: 1,
  botnetIps: 5,
});
const botKeys = new Set(labels.filter((l) => l.label === 'bot').map((l) => `${l.src_ip}|${l.ja4}`));

let dir: string;
let store: Store;
let svc: DetectorService;
const count = async (sql: string) => {
  const rs = await store.client.query({ query: sql, format: 'JSONEachRow' });
  return Number((await rs.json<{ c: string }>())[0]!.c);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja4ws-detops-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await migrateUp(store);
  await store.insert(HTTP_LOGS, events.map(correlatedToRow));
  svc = new DetectorService(store, () => END);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('detector operations', () => {
  it('tuning: defaults, partial updates persist, bad values are refused naming the field', async () => {
    const t = await svc.getTuning();
    expect(t.trees).toBe(200);
    expect(t.windowMinutes).toBe(60);
    await svc.setTuning({ trees: 150 });
    expect((await new DetectorService(store).getTuning()).trees).toBe(150);
    await expect(svc.setTuning({ allowlist: { cidrs: ['10.0.0.0/33'] } })).rejects.toThrow(
      /allowlist\.cidrs/,
    );
    await expect(svc.setTuning({ contamination: 0.7 })).rejects.toThrow(/contamination/);
    await expect(svc.setTuning({ disabledFeatures: ['no_such_feature'] })).rejects.toThrow(
      /disabledFeatures/,
    );
    expect((await svc.getTuning()).trees).toBe(150);
  });

  it('a run writes its anomalies and a model row, and flags mostly bots', async () => {
    const s = await svc.run();
    expect(s.entities).toBeGreaterThan(50);
    expect(s.anomalies.length).toBeGreaterThan(0);
    const bots = s.anomalies.filter((a) => botKeys.has(`${a.src_ip}|${a.ja4}`)).length;
    expect(bots / s.anomalies.length).toBeGreaterThan(0.5);
    expect(s.anomalies.every((a) => a.reasons.length > 0)).toBe(true);
    expect(
      await count(
        `SELECT count() c FROM ml_detected_anomalies WHERE run_id = '${s.runId}' AND entity_type = 'ip_ja4'`,
      ),
    ).toBe(s.anomalies.length);
    // The IP-level pass: one entity per address, its own model row and anomalies.
    const ip = s.ipLevel!;
    expect(ip.entities).toBeGreaterThan(50);
    expect(ip.anomalies.every((a) => a.ja4 === '')).toBe(true);
    expect(
      await count(
        `SELECT count() c FROM ml_detected_anomalies WHERE run_id = '${s.runId}' AND entity_type = 'ip'`,
      ),
    ).toBe(ip.anomalies.length);
    expect(await count(`SELECT count() c FROM ml_models WHERE model_id = '${ip.modelId}'`)).toBe(1);
    const rs = await store.client.query({
      query: `SELECT rows_trained, threshold, arraySum(arrayMap(t -> t.2, score_histogram)) AS n FROM ml_models WHERE model_id = {m:String}`,
      query_params: { m: s.modelId },
      format: 'JSONEachRow',
    });
    const row = (await rs.json<{ rows_trained: string; threshold: number; n: string }>())[0]!;
    expect(Number(row.rows_trained)).toBe(s.entities);
    expect(Number(row.n)).toBe(s.entities);
    expect(row.threshold).toBe(0.5);
  });

  it('a false positive is marked on the anomaly, suppressed in later runs and left out of training', async () => {
    const first = await svc.run();
    const top = first.anomalies[0]!;
    const at = await store.client.query({
      query: `SELECT toString(detected_at) AS t FROM ml_detected_anomalies WHERE run_id = {r:String} LIMIT 1`,
      query_params: { r: first.runId },
      format: 'JSONEachRow',
    });
    const detectedAt = (await at.json<{ t: string }>())[0]!.t;
    const res = await svc.feedback({
      src_ip: top.src_ip,
      ja4: top.ja4,
      verdict: 'false_positive',
      analyst: 'alice',
      detected_at: detectedAt,
      model_id: first.modelId,
    });
    expect(res.anomalyUpdated).toBe(true);
    const state = await store.client.query({
      query: `SELECT argMax(state, version) AS s FROM ml_detected_anomalies WHERE model_id = {m:String} AND ja4 = {j:String} AND src_ip = toIPv6({ip:String})`,
      query_params: {
        m: first.modelId,
        j: top.ja4,
        ip: top.src_ip.includes(':') ? top.src_ip : `::ffff:${top.src_ip}`,
      },
      format: 'JSONEachRow',
    });
    expect((await state.json<{ s: string }>())[0]!.s).toBe('false_positive');

    const second = await svc.run();
    expect(second.anomalies.map((a) => `${a.src_ip}|${a.ja4}`)).not.toContain(
      `${top.src_ip}|${top.ja4}`,
    );
    expect(second.suppressed).toBe(1);
    expect(second.rowsTrained).toBe(second.entities - 1);
    await expect(
      svc.feedback({ src_ip: 'not-an-ip', verdict: 'false_positive', analyst: 'a' }),
    ).rejects.toThrow(/src_ip/);

    const registry = new Registry();
    registerDetectorMetrics(registry, svc);
    const text = await registry.metrics();
    expect(text).toMatch(/ja4ws_detector_feedback\{kind="false_positive"\} 1/);
    expect(text).toMatch(/ja4ws_detector_last_run_entities\{kind="suppressed"\} 1/);
  });

  it('preview: candidate parameters on the last window, diff against the current ones, nothing written', async () => {
    const models = await count('SELECT count() c FROM ml_models');
    const anomalies = await count('SELECT count() c FROM ml_detected_anomalies');
    const p = await svc.preview({ contamination: 0.25 });
    expect(p.flagged.length).toBeGreaterThanOrEqual(Math.floor(0.25 * (p.entities - 1)) - 1);
    expect(p.diff.added.length).toBeGreaterThan(0);
    expect(p.diff.unchanged + p.diff.removed.length).toBeGreaterThan(0);
    expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(p.entities);
    expect(await count('SELECT count() c FROM ml_models')).toBe(models);
    expect(await count('SELECT count() c FROM ml_detected_anomalies')).toBe(anomalies);
    await expect(svc.preview({ trees: -1 })).rejects.toThrow(/trees/);
  });

  it('allowlisted IPs and JA4s are never scored', async () => {
    const s = await svc.run();
    const ip = s.anomalies[0]!.src_ip;
    const ja4 = s.anomalies.find((a) => a.src_ip !== ip)!.ja4;
    await svc.setTuning({ allowlist: { ips: [ip], cidrs: [], ja4s: [ja4] } });
    const after = await svc.run();
    expect(after.anomalies.some((a) => a.src_ip === ip || a.ja4 === ja4)).toBe(false);
    expect(after.entities).toBeLessThan(s.entities);
  });

  it('runs and previews on whole minutes: at 11:59:30 the window is 11:00-12:00 (the aggregates are per minute)', async () => {
    const s = await svc.run({ now: END - 30_000 });
    expect([s.windowStart, s.windowEnd]).toEqual([
      new Date(END - 3_600_000).toISOString(),
      new Date(END).toISOString(),
    ]);
    const p = await svc.preview({}, { now: END - 30_000 });
    expect([p.windowStart, p.windowEnd]).toEqual([s.windowStart, s.windowEnd]);
    expect(p.levels[0]!.entities).toBe(s.entities);
  });

  it('preview: what it flags, at its own and at a dragged threshold, is what applying stores (both levels, cohort pass included)', async () => {
    const stored = async (modelIds: string[]) => {
      const rs = await store.client.query({
        query: `SELECT DISTINCT entity_type AS level, replaceRegexpOne(toString(src_ip), '^::ffff:', '') AS ip, ja4
                FROM ml_detected_anomalies WHERE model_id IN {ids:Array(String)}`,
        query_params: { ids: modelIds },
        format: 'JSONEachRow',
      });
      return (await rs.json<{ level: string; ip: string; ja4: string }>())
        .map((r) => `${r.level}|${r.ip}|${r.ja4}`)
        .sort();
    };
    const keys = (l: { level: string; src_ip: string; ja4: string }[]) =>
      l.map((e) => `${e.level}|${e.src_ip}|${e.ja4}`).sort();
    const before = await svc.getTuning();
    const p = await svc.preview({ contamination: 0.1, threshold: null, cohortScoring: true });
    expect(p.levels.map((l) => l.level)).toEqual(['ip_ja4', 'ip']);
    // The counts a person reads are the lists: flagged = unchanged + added, current = unchanged + removed.
    const currentCount = p.levels.reduce((n, l) => n + l.current.length, 0);
    expect(p.diff.unchanged + p.diff.added.length).toBe(p.flagged.length);
    expect(p.diff.unchanged + p.diff.removed.length).toBe(currentCount);
    expect(p.flagged.some((e) => e.level === 'ip')).toBe(true);
    // Applying the candidate on the same window stores exactly the previewed set.
    await svc.setTuning({ contamination: 0.1, threshold: null, cohortScoring: true });
    const run = await svc.run();
    expect(run.ipLevel).toBeDefined();
    expect(await stored([run.modelId, run.ipLevel!.modelId])).toEqual(keys(p.flagged));

    // A dragged threshold (above the listed floor) lists exactly what a run at it stores.
    const t = Math.max(lowestExactThreshold(p.levels), (p.levels[0]!.threshold ?? 0.5) + 0.02);
    const dragged = previewDiff(p.levels, t);
    expect(dragged.flagged.length).toBeLessThan(p.flagged.length);
    expect(dragged.flagged.every((e) => e.reasons.length > 0)).toBe(true);
    await svc.setTuning({ threshold: Math.round(t * 1e6) / 1e6 + 1e-9 });
    const atT = await svc.run();
    expect(await stored([atT.modelId, atT.ipLevel!.modelId])).toEqual(keys(dragged.flagged));
    await svc.setTuning(before);
  });
});
