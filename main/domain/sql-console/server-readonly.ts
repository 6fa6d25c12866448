// Whether the console must put readonly = 1 in its statements on a server connection: yes when
// the console user's own readonly is 0 (a profile was forgotten), no when the profile already sets
// 1 or 2 (a readonly user may not restate the setting). Asked once per client, kept five minutes.
import type { ClickHouseClient } from '@clickhouse/client';

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<ClickHouseClient, { at: number; restate: Promise<boolean> }>();

export function mustRestateReadonly(ch: ClickHouseClient): Promise<boolean> {
  const hit = cache.get(ch);
  if (hit && performance.now() - hit.at < TTL_MS) return hit.restate;
  const restate = (async () => {
    const rs = await ch.query({
      query: "SELECT toUInt8(getSetting('readonly')) AS readonly",
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ readonly: number | string }>();
    return Number(row?.readonly ?? 0) === 0;
  })();
  cache.set(ch, { at: performance.now(), restate });
  restate.catch(() => cache.delete(ch));
  return restate;
}
