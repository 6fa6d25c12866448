// Triage and tuning through the API's one dispatch path (the same for IPC and HTTP), on a real
// embedded store filled with the labelled traffic generator's people and bots.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../common/api/contract.js';
import type { HandlerContext } from '../../main/api/context.js';
import { dispatch } from '../../main/api/dispatch.js';
import { ApiError } from '../../common/api/api-error.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { correlatedToRow, HTTP_LOGS } from '../../main/storage/rows/http.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';
import { testContext } from '../support/context.js';

let store: Store;
let ctx: HandlerContext;
let labels: Map<string, boolean>;

beforeAll(async () => {
  store = await openStore({
    kind: 'embedded',
    dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-model-')),
  });
  await migrateUp(store);
  const scenario = generateScenario({
    seed: 7,
    humanIps: 80,
    scrapers: 3,
    credentialStuffers: 2,
    curlChrome: 3,
    lowAndSlow: 2,
    botnetIps: 8,
    end: Date.now(),
  });
  labels = new Map(scenario.labels.map((l) => [l.src_ip, l.label === 'bot']));
  const rows = scenario.events.map((e) => correlatedToRow(e));
  for (let i = 0; i < rows.length; i += 20_000)
    await store.insert(HTTP_LOGS, rows.slice(i, i + 20_000));
  ctx = testContext(store);
});

afterAll(async () => {
  await store?.close();
});

const call = <N extends Parameters<typeof dispatch>[0]>(name: N, input: unknown) =>
  dispatch(name, input, ctx);

describe('anomalies and model operations', () => {
  it('runs the detector and puts mostly bots at the top of the triage queue', async () => {
    const run = (await call('model.run', {})) as OperationOutput<'model.run'>;
    expect(run.anomalies.length).toBeGreaterThan(0);
    const { anomalies: all, counts } = (await call('anomalies.list', {
      states: ['new'],
      level: 'ip_ja4',
    })) as OperationOutput<'anomalies.list'>;
    const anomalies = all.filter((a) => a.model_id === run.modelId);
    expect(anomalies.map((a) => `${a.src_ip}|${a.ja4}`).sort()).toEqual(
      run.anomalies.map((a) => `${a.src_ip}|${a.ja4}`).sort(),
    );
    // Counts cover both levels (per IP and per IP+JA4).
    expect(counts.new).toBeGreaterThanOrEqual(all.length);
    expect(all.every((a) => a.entity_type === 'ip_ja4')).toBe(true);
    const top = anomalies.slice(0, 10);
    expect(top.filter((a) => labels.get(a.src_ip)).length).toBeGreaterThanOrEqual(8);
    expect(top[0]!.reasons.length).toBeGreaterThan(0);
    expect(top[0]!.score).toBeGreaterThanOrEqual(top[1]!.score);
  });

  it('moves anomalies through triage states in bulk and records false positives', async () => {
    const { anomalies } = (await call('anomalies.list', {
      states: ['new'],
    })) as OperationOutput<'anomalies.list'>;
    const [a, b, c] = anomalies;
    const key = (x: typeof a) => ({
      src_ip: x!.src_ip,
      ja4: x!.ja4,
      detected_at: x!.detected_at,
      model_id: x!.model_id,
    });
    expect(
      await call('anomalies.setState', { keys: [key(a), key(b)], state: 'investigating' }),
    ).toEqual({ updated: 2 });
    expect(
      await call('anomalies.setState', {
        keys: [key(c)],
        state: 'false_positive',
        analyst: 'alice',
        note: 'our monitoring',
      }),
    ).toEqual({ updated: 1 });
    const after = (await call('anomalies.list', {})) as OperationOutput<'anomalies.list'>;
    const stateOf = (x: typeof a) =>
      after.anomalies.find((y) => y.src_ip === x!.src_ip && y.ja4 === x!.ja4)!.state;
    expect([stateOf(a), stateOf(b), stateOf(c)]).toEqual([
      'investigating',
      'investigating',
      'false_positive',
    ]);
    expect(after.counts.investigating).toBe(2);
    // A false positive is suppressed in the next run.
    const rerun = (await call('model.run', {})) as OperationOutput<'model.run'>;
    expect(rerun.anomalies.some((x) => x.src_ip === c!.src_ip && x.ja4 === c!.ja4)).toBe(false);
  });

  it('previews candidate parameters without writing, then applies them', async () => {
    const before = (await call('model.runs', {})) as OperationOutput<'model.runs'>;
    const preview = (await call('model.preview', {
      tuning: { contamination: 0.2 },
    })) as OperationOutput<'model.preview'>;
    expect(preview.flagged.length).toBeGreaterThan(0);
    expect(preview.histogram.counts.reduce((x, y) => x + y, 0)).toBe(preview.entities);
    expect(preview.diff.added.length + preview.diff.unchanged).toBe(preview.flagged.length);
    expect(((await call('model.runs', {})) as OperationOutput<'model.runs'>).runs.length).toBe(
      before.runs.length,
    );
    const applied = (await call('model.apply', {
      tuning: { contamination: 0.2 },
    })) as OperationOutput<'model.apply'>;
    expect(applied.tuning.contamination).toBe(0.2);
    expect(applied.run?.anomalies.length).toBeGreaterThan(0);
    const { tuning } = (await call('model.tuning', {})) as OperationOutput<'model.tuning'>;
    expect(tuning.contamination).toBe(0.2);
    const runs = (await call('model.runs', {})) as OperationOutput<'model.runs'>;
    expect(runs.runs.length).toBeGreaterThan(before.runs.length);
    expect(runs.runs.find((r) => r.model_id === applied.run!.modelId)?.anomalies).toBe(
      applied.run!.anomalies.length,
    );
    // One row per level the run scored, labelled, the pair level first.
    const ofRun = runs.runs.filter((r) => r.model_id.startsWith(applied.run!.modelId));
    expect(ofRun.map((r) => r.level)).toEqual(['ip_ja4', 'ip']);
    expect(ofRun[1]!.model_id).toBe(`${applied.run!.modelId}-ip`);
  });

  it('refuses bad parameters as invalid input naming the field', async () => {
    await expect(call('model.preview', { tuning: { trees: 1 } })).rejects.toMatchObject({
      kind: 'invalid',
      field: 'tuning.trees',
    });
    await expect(
      call('model.apply', { tuning: { allowlist: { cidrs: ['10.0.0.0/99'] } } }),
    ).rejects.toBeInstanceOf(ApiError);
    await expect(call('anomalies.list', { src_ip: "1.2.3.4' OR 1=1" })).rejects.toMatchObject({
      kind: 'invalid',
      field: 'src_ip',
    });
  });
});
