// A daemon data directory whose embedded store holds `rows` tls_handshakes and `rows` http_logs
// rows over the last `days` days, built inside the engine (INSERT ... SELECT FROM numbers()) so
// the per-minute aggregates' materialized views fill as they would from live traffic. Reused when
// the directory already holds that many rows.
//
// Rows are realistic, not random: client behaviour (JA4, User-Agent, HTTP version, header facts,
// paths, statuses) is drawn per row from requests of the labelled traffic scenario
// (tools/traffic-gen, whose JA4s are the FoxIO reference values); JA3/JA4S/ALPN/ja4_r from the
// project's test captures. 200,000 client IPs share 95% of the rows; ten "hot" IPs (198.51.100.1-10)
// send the other 5% (about 50,000 rows each per table at 10 M): the heaviest IP profiles.
import { join } from 'node:path';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { realRecords } from '../../main/storage/testing/reference-records.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';

export const HOT_IPS = Array.from({ length: 10 }, (_, i) => `198.51.100.${i + 1}`);

const str = (xs: readonly (string | undefined)[]): string =>
  `[${xs.map((x) => `'${(x ?? '').replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(',')}]`;
const nums = (xs: readonly number[]): string => `[${xs.join(',')}]`;

async function count(store: Store, table: string): Promise<number> {
  const rs = await store.client.query({
    query: `SELECT count() AS n FROM ${table}`,
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ n: string }>())[0]!.n);
}

/** Client IP of row `number`: 5% from the hot IPs, the rest from 200,000 addresses in 10/8. */
const CLIENT_IP = `if(intHash32(number * 3) % 20 = 0,
    toIPv6(concat('198.51.100.', toString(1 + intHash32(number * 5) % 10))),
    toIPv6(IPv4NumToString(toUInt32(0x0A000000 + intHash32(number) % 200000))))`;

export interface BuiltStore {
  dataDir: string;
  handshakes: number;
  requests: number;
  loadedMs: number | null;
}

export async function buildStore(dataDir: string, rows: number, days: number): Promise<BuiltStore> {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  try {
    await migrateUp(store);
    const have = [await count(store, 'tls_handshakes'), await count(store, 'http_logs')];
    if (have[0]! >= rows && have[1]! >= rows)
      return { dataDir, handshakes: have[0]!, requests: have[1]!, loadedMs: null };
    if (have[0]! > 0 || have[1]! > 0)
      throw new Error(`${dataDir} holds a partial store (${have.join(' / ')} rows): remove it`);

    const reqs = generateScenario({ seed: 3, humanIps: 200, botnetIps: 20 }).events.flatMap((e) =>
      e.request && e.handshake ? [{ r: e.request, ja4: e.handshake.ja4 ?? '' }] : [],
    );
    const step = Math.max(1, Math.floor(reqs.length / 600));
    const t = reqs.filter((_, i) => i % step === 0);
    const header = (h: [string, string][], name: string) =>
      h.find(([n]) => n.toLowerCase() === name)?.[1];
    const fps = realRecords().filter((r) => r.ja4);
    const span = days * 86_400 * 1_000_000;
    const hosts = [
      'shop.example.com',
      'api.example.com',
      'static.example.com',
      'login.example.com',
    ];
    const t0 = performance.now();
    const chunk = 1_000_000;
    for (let off = 0; off < rows; off += chunk) {
      const n = Math.min(chunk, rows - off);
      await store.client.command({
        query: `INSERT INTO tls_handshakes (ts, sensor, stream, transport, src_ip, src_port, dst_ip, dst_port,
            tls_server_name, alpn, tls_version, ja4, ja4_r, ja3, ja3_full, ja4s, ja3s, ja4t)
          WITH ${str(fps.map((f) => f.ja4))} AS ja4s, ${str(fps.map((f) => f.ja4_r))} AS raws,
               ${str(fps.map((f) => f.ja3))} AS ja3s, ${str(fps.map((f) => f.ja3_full))} AS ja3fs,
               ${str(fps.map((f) => f.ja4s))} AS ja4ss, ${str(fps.map((f) => f.ja3s))} AS ja3ss,
               ${str(fps.map((f) => f.alpn))} AS alpns, ${str(fps.map((f) => f.tls_version))} AS vers,
               ${str(fps.map((f) => f.ja4t))} AS ja4ts, ${str(hosts)} AS snis,
               1 + intHash32(number * 7) % length(ja4s) AS k
          SELECT now64(6) - toIntervalMicrosecond(intHash64(number) % ${span}), 'sensor-' || toString(number % 3), number, 'tcp',
                 ${CLIENT_IP}, 1024 + number % 60000, toIPv6('::ffff:192.0.2.10'), 443,
                 snis[1 + intHash32(number * 11) % length(snis)], alpns[k], vers[k], ja4s[k], raws[k],
                 ja3s[k], ja3fs[k], ja4ss[k], ja3ss[k], ja4ts[k]
          FROM numbers(${off}, ${n})`,
      });
      await store.client.command({
        query: `INSERT INTO http_logs (ts, correlation, src_ip, src_port, dst_ip, dst_port, conn_id, method, scheme,
            host, path, http_version, status, bytes_out, duration_ms, header_count, has_accept_language,
            has_cookie, user_agent, source, hs_ts, sensor, tls_server_name, ja4, finalized)
          WITH ${str(t.map((x) => x.ja4))} AS ja4s, ${str(t.map((x) => header(x.r.headers, 'user-agent')))} AS uas,
               ${str(t.map((x) => x.r.path))} AS paths, ${str(t.map((x) => x.r.method))} AS methods,
               ${str(t.map((x) => x.r.http_version))} AS versions, ${nums(t.map((x) => x.r.status ?? 0))} AS statuses,
               ${nums(t.map((x) => x.r.headers.length))} AS hcounts,
               ${nums(t.map((x) => (header(x.r.headers, 'accept-language') ? 1 : 0)))} AS langs,
               ${nums(t.map((x) => (header(x.r.headers, 'cookie') ? 1 : 0)))} AS cookies,
               ${str(hosts)} AS hostnames,
               1 + intHash32(number * 13) % length(uas) AS k,
               intHash32(number * 17) % 20 AS c,
               multiIf(c = 0, 'handshake-only', c = 1, 'request-only', 'matched') AS corr,
               now64(6) - toIntervalMicrosecond(intHash64(number + 0x9E3779B9) % ${span}) AS t
          SELECT t, corr, ${CLIENT_IP}, 1024 + number % 60000, toIPv6('::ffff:192.0.2.10'), 443,
                 concat(toString(number), '|b'), if(corr = 'handshake-only', '', methods[k]), 'https',
                 if(corr = 'handshake-only', '', hostnames[1 + intHash32(number * 11) % length(hostnames)]),
                 if(corr = 'handshake-only', '', paths[1 + intHash32(number * 19) % length(paths)]),
                 if(corr = 'handshake-only', '', versions[k]), if(corr = 'handshake-only', 0, statuses[k]),
                 intHash32(number) % 90000, (intHash32(number * 23) % 4000) / 10, hcounts[k],
                 langs[k] = 1, cookies[k] = 1, if(corr = 'handshake-only', '', uas[k]), 'bench',
                 if(corr = 'request-only', toDateTime64(0, 6), t - toIntervalMillisecond(intHash32(number) % 3000)),
                 if(corr = 'request-only', '', 'sensor-' || toString(number % 3)),
                 if(corr = 'request-only', '', 'shop.example.com'), if(corr = 'request-only', '', ja4s[k]), 'window'
          FROM numbers(${off}, ${n})`,
      });
      process.stdout.write(`  loaded ${off + n} / ${rows} rows per table\n`);
    }
    // A few anomalies per hot IP and some elsewhere, so the profile's history has rows.
    await store.client.command({
      query: `INSERT INTO ml_detected_anomalies (detected_at, entity_type, src_ip, ja4, model_id, run_id, score, threshold, features, reasons, state, version)
        SELECT now64(6) - toIntervalSecond(intHash64(number) % ${days * 86_400}), 'ip', ${CLIENT_IP}, '', 'bench', 'bench',
               0.6 + (number % 30) / 100, 0.6, map('requests', toFloat64(number % 1000)),
               ['request rate far above its peers'], 'new', 1
        FROM numbers(20000)`,
    });
    return {
      dataDir,
      handshakes: await count(store, 'tls_handshakes'),
      requests: await count(store, 'http_logs'),
      loadedMs: Math.round(performance.now() - t0),
    };
  } finally {
    await store.close();
  }
}
