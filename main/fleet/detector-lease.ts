// The lease on detector windows in the store (migrations/0018): read the state, claim a window
// (the engine's insert deduplication keeps the first claim of a (window, attempt) and drops the
// rest), read back who holds it, record a window as done. docs/decisions.md, "One detector per
// store", says why this and not a lease row that is updated.
import type { Store } from '../storage/store.js';
import { msToDateTime64 } from './instance.js';
import type { ClaimRow, WindowState } from './window-plan.js';

export const DETECTOR_WINDOWS = 'detector_windows';

export interface DoneRecord {
  outcome: string;
  modelId?: string;
  anomalies?: number;
}

export class DetectorLease {
  constructor(
    private readonly store: Store,
    readonly holder: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Claims, done windows and the first window ever, from `sinceMs` on. */
  async state(sinceMs: number): Promise<WindowState & { lastDoneHolder: string | undefined }> {
    const rows = await (
      await this.store.client.query({
        query: `SELECT toUnixTimestamp64Milli(window_end) AS w, toString(kind) AS kind, attempt, holder,
                       toUnixTimestamp64Milli(at) AS at
                FROM ${DETECTOR_WINDOWS}
                WHERE window_end >= fromUnixTimestamp64Milli({since:Int64}, 'UTC')
                ORDER BY window_end, kind, attempt, at, holder`,
        query_params: { since: sinceMs },
        format: 'JSONEachRow',
      })
    ).json<{ w: string; kind: string; attempt: number; holder: string; at: string }>();
    const first = await (
      await this.store.client.query({
        query: `SELECT toUnixTimestamp64Milli(min(window_end)) AS w, count() AS n FROM ${DETECTOR_WINDOWS}`,
        format: 'JSONEachRow',
      })
    ).json<{ w: string; n: string }>();
    const claims: ClaimRow[] = [];
    const done = new Set<number>();
    let lastDone: { w: number; holder: string } | undefined;
    for (const r of rows) {
      const w = Number(r.w);
      if (r.kind === 'done') {
        done.add(w);
        if (!lastDone || w >= lastDone.w) lastDone = { w, holder: r.holder };
      } else {
        // Several rows for one (window, attempt) only if deduplication was bypassed (its window
        // passed): the earliest is the holder, as everyone reading it agrees.
        const prev = claims.find((c) => c.windowEnd === w && c.attempt === Number(r.attempt));
        if (!prev)
          claims.push({
            windowEnd: w,
            attempt: Number(r.attempt),
            holder: r.holder,
            at: Number(r.at),
          });
      }
    }
    return {
      claims,
      done,
      firstEver: Number(first[0]?.n ?? 0) > 0 ? Number(first[0]!.w) : undefined,
      lastDoneHolder: lastDone?.holder,
    };
  }

  /** True when this process holds (windowEnd, attempt) after its claim. */
  async claim(windowEnd: number, attempt: number, periodMs: number): Promise<boolean> {
    await this.store.insert(
      DETECTOR_WINDOWS,
      [
        {
          window_end: msToDateTime64(windowEnd),
          kind: 'claim',
          attempt,
          holder: this.holder,
          at: msToDateTime64(this.clock()),
          period_s: Math.round(periodMs / 1000),
          outcome: '',
          model_id: '',
          anomalies: 0,
        },
      ],
      { dedupToken: `detector-claim-${windowEnd}-${attempt}` },
    );
    return (await this.holderOf(windowEnd, attempt)) === this.holder;
  }

  /** Who holds (windowEnd, attempt); on a cluster the read may reach a replica that has not
   * fetched the claim yet, so an empty answer is asked again (bounded). */
  async holderOf(windowEnd: number, attempt: number): Promise<string | undefined> {
    for (let i = 0; i < 20; i++) {
      const rows = await (
        await this.store.client.query({
          query: `SELECT holder FROM ${DETECTOR_WINDOWS}
                  WHERE window_end = fromUnixTimestamp64Milli({w:Int64}, 'UTC') AND kind = 'claim' AND attempt = {a:UInt16}
                  ORDER BY at, holder LIMIT 1`,
          query_params: { w: windowEnd, a: attempt },
          format: 'JSONEachRow',
        })
      ).json<{ holder: string }>();
      if (rows[0]) return rows[0].holder;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  }

  /** One 'done' row per window, whoever writes it first (a late duplicate is dropped). */
  async done(windowEnd: number, periodMs: number, d: DoneRecord): Promise<void> {
    await this.store.insert(
      DETECTOR_WINDOWS,
      [
        {
          window_end: msToDateTime64(windowEnd),
          kind: 'done',
          attempt: 0,
          holder: this.holder,
          at: msToDateTime64(this.clock()),
          period_s: Math.round(periodMs / 1000),
          outcome: d.outcome,
          model_id: d.modelId ?? '',
          anomalies: d.anomalies ?? 0,
        },
      ],
      { dedupToken: `detector-done-${windowEnd}` },
    );
  }
}
