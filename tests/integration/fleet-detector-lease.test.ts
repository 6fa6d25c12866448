// One detector per store (issue 25): three server daemons (the built CLI, role server) share one
// ClickHouse endpoint (chDB behind HTTP) with 4-second detector windows over a store holding an
// hour of generated traffic. Each window is run by exactly one daemon — counted from the daemons'
// own logs, independently of the lease table — and after the daemon that runs them is killed
// (SIGKILL: no goodbye) another takes over within one period, with no window skipped or scored
// twice (done rows, ml_models rows per window). Needs the built CLI (npm run build:node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { correlatedToRow, HTTP_LOGS } from '../../main/storage/rows/http.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { spawnEndpoint, type EndpointProcess } from '../../main/storage/testing/http-endpoint.js';
import { tempDir } from '../../main/storage/testing/temp-dir.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';
import { type RunningDaemon, removeDir, startDaemon, tempDataDir } from '../support/daemon.js';

const PERIOD_S = 5;
const P = PERIOD_S * 1000;
let ep: EndpointProcess;
let store: Store;
const daemons: RunningDaemon[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  ep = await spawnEndpoint({ dataDir: tempDir('ja4ws-lease-db-') });
  store = await openStore({ kind: 'remote', url: ep.url });
  await migrateUp(store);
  const scenario = generateScenario({
    seed: 3,
    humanIps: 30,
    scrapers: 2,
    credentialStuffers: 1,
    curlChrome: 1,
    lowAndSlow: 1,
    botnetIps: 4,
    end: Date.now(),
  });
  step(`migrated; inserting ${scenario.events.length} requests`);
  await store.insert(
    HTTP_LOGS,
    scenario.events.map((e) => correlatedToRow(e)),
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(daemons.map((d) => d.stop()));
  for (const d of dirs) removeDir(d);
  await store?.close();
  await ep?.stop();
}, 60_000);

const doneWindows = async () =>
  (
    await (
      await store.client.query({
        query: `SELECT toUnixTimestamp64Milli(window_end) AS w, holder, outcome, model_id
                FROM detector_windows WHERE kind = 'done' ORDER BY window_end`,
        format: 'JSONEachRow',
      })
    ).json<{ w: string; holder: string; outcome: string; model_id: string }>()
  ).map((r) => ({ ...r, w: Number(r.w) }));

/** Windows each daemon says it ran ("detector window run" log lines), by window end. */
const ranByLogs = (d: RunningDaemon): number[] =>
  d
    .output()
    .split('\n')
    .filter((l) => l.includes('"msg":"detector window run"'))
    .map((l) => Date.parse((JSON.parse(l) as { window: string }).window));

const t0 = Date.now();
const step = (what: string) =>
  process.stdout.write(`lease test: ${what} at ${Date.now() - t0} ms\n`);

async function until<T>(what: string, f: () => Promise<T | undefined>, ms: number): Promise<T> {
  step(`waiting for ${what}`);
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('one detector per store', () => {
  it('three servers: each window run once; the leader killed, another takes over within a period', async () => {
    const env = {
      JA4WS_LOG_LEVEL: 'info',
      JA4WS_ROLE: 'server',
      JA4WS_STORE__KIND: 'remote',
      JA4WS_STORE__URL: ep.url,
      JA4WS_DETECTOR__PERIOD_SECONDS: String(PERIOD_S),
      // Longer than a run takes on a busy machine: a slow holder is not taken over.
      JA4WS_DETECTOR__LEASE_SECONDS: '20',
    };
    for (let i = 0; i < 3; i++) dirs.push(tempDataDir(`ja4ws-lease-${i}-`));
    daemons.push(...(await Promise.all(dirs.map((dir) => startDaemon(dir, [], env)))));
    const startedAt = Date.now();
    step('daemons started');
    // Three windows with all three running.
    const before = await until(
      'three windows',
      async () => {
        const d = (await doneWindows()).filter((w) => w.w > startedAt);
        return d.length >= 3 ? d : undefined;
      },
      60_000,
    );
    const leaderInstance = before.at(-1)!.holder;
    const leaderPid = Number(leaderInstance.split('/')[1]);
    const leader = daemons.find((d) => d.process.pid === leaderPid)!;
    expect(leader, leaderInstance).toBeDefined();
    leader.process.kill('SIGKILL');
    await new Promise((r) => leader.process.once('exit', r));
    const killedAt = Date.now();
    // Three windows after the kill, and every window before them done (one the leader may have
    // held when it died is taken over once its lease runs out).
    const gapless = (ws: { w: number }[]) => ws.every((x, i) => x.w === ws[0]!.w + i * P);
    const after = await until(
      'three windows after the kill, none missing',
      async () => {
        const all = (await doneWindows()).filter((w) => w.w > startedAt);
        const d = all.filter((w) => w.w > killedAt);
        return d.length >= 3 && gapless(all) ? d : undefined;
      },
      60_000,
    );
    await Promise.all(daemons.map((d) => d.stop()));

    const all = (await doneWindows()).filter((w) => w.w > startedAt);
    // No window skipped: consecutive period ends from the first to the last.
    const ends = all.map((w) => w.w);
    expect(ends).toEqual(ends.map((_, i) => ends[0]! + i * P));
    // Each window run once, by the daemons' own account.
    const logged = daemons.flatMap(ranByLogs).filter((w) => w > startedAt && w <= ends.at(-1)!);
    expect(logged.sort((a, b) => a - b)).toEqual(ends);
    // ... and scored once: one model per window (the ip_ja4 level), all runs with traffic.
    expect(all.every((w) => w.outcome === 'ok')).toBe(true);
    const models = await (
      await store.client.query({
        query: `SELECT model_id, count() AS n FROM ml_models
                WHERE params LIKE '%"level":"ip_ja4"%' GROUP BY model_id`,
        format: 'JSONEachRow',
      })
    ).json<{ model_id: string; n: string }>();
    const ours = models.filter((m) => all.some((w) => w.model_id === m.model_id));
    expect(ours.length).toBe(all.length);
    expect(ours.every((m) => Number(m.n) === 1)).toBe(true);
    // Taken over by a survivor within one period of the kill.
    expect(after[0]!.holder).not.toBe(leaderInstance);
    expect(after[0]!.w - killedAt).toBeLessThanOrEqual(P);
    process.stdout.write(
      `lease test: ${all.length} windows, holders ${[...new Set(all.map((w) => w.holder))].join(', ')}; ` +
        `first window after the kill ended ${after[0]!.w - killedAt} ms after it\n`,
    );
  }, 200_000);
});
