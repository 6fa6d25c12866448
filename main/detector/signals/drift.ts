// Fingerprint drift. (1) An IP whose JA4 changes within the window: a person may update a
// browser once, but an IP cycling through client stacks is a tool rotating fingerprints (or a
// NAT; the count and timing tell which). (2) JA4 families: fingerprints sharing the cipher hash
// (JA4 part b) but differing in extensions (part c) — one TLS stack with extension
// randomisation or small variations, e.g. a bot kit evading exact-JA4 blocklists.
import type { ClickHouseClient } from '@clickhouse/client';
import { displayIp } from '../features/sql-fragments.js';
import { windowRows, type WindowQuery } from './window-query.js';

export interface IpJa4Change {
  src_ip: string;
  ja4_count: number;
  /** JA4s in order of first appearance, with when each was first and last seen. */
  sequence: { ja4: string; first_seen: string; last_seen: string; requests: number }[];
}

export const IP_JA4_CHANGES_SQL = `
SELECT
  src_ip,
  length(seq) AS ja4_count,
  seq
FROM
(
  SELECT
    ${displayIp('src_ip')} AS src_ip,
    arraySort(x -> x.2, groupArray((ja4, first_seen, last_seen, requests))) AS seq
  FROM
  (
    SELECT src_ip, toString(ja4) AS ja4, min(ts) AS first_seen, max(ts) AS last_seen, count() AS requests
    FROM {src:Identifier}
    WHERE ts >= {start:DateTime64(3)} AND ts < {end:DateTime64(3)} AND ja4 != ''
    GROUP BY src_ip, ja4
  )
  GROUP BY src_ip
  HAVING length(seq) >= {min_ja4s:UInt32}
)
ORDER BY ja4_count DESC, src_ip
LIMIT {limit:UInt32}`;

export async function ipJa4Changes(
  client: ClickHouseClient,
  q: WindowQuery & { minJa4s?: number },
): Promise<IpJa4Change[]> {
  const rows = await windowRows<{
    src_ip: string;
    ja4_count: number;
    seq: [string, string, string, string | number][];
  }>(client, IP_JA4_CHANGES_SQL, q, { min_ja4s: q.minJa4s ?? 2 });
  return rows.map((r) => ({
    src_ip: r.src_ip,
    ja4_count: Number(r.ja4_count),
    sequence: r.seq.map(([ja4, first, last, n]) => ({
      ja4,
      first_seen: first,
      last_seen: last,
      requests: Number(n),
    })),
  }));
}

export interface Ja4Family {
  /** JA4 part a (protocol, version, SNI, counts, ALPN) + b (cipher hash): the shared stack. */
  prefix: string;
  cipher_hash: string;
  variants: { ja4: string; requests: number; ips: number }[];
}

export const JA4_FAMILIES_SQL = `
SELECT
  prefix,
  cipher_hash,
  arraySort(x -> -x.2, groupArray((ja4, requests, ips))) AS variants
FROM
(
  SELECT
    toString(ja4) AS ja4,
    splitByChar('_', ja4)[2] AS cipher_hash,
    substring(splitByChar('_', ja4)[1], 1, 4) || '_' || cipher_hash AS prefix,
    count() AS requests,
    uniqExact(src_ip) AS ips
  FROM {src:Identifier}
  WHERE ts >= {start:DateTime64(3)} AND ts < {end:DateTime64(3)} AND match(ja4, '^[tqd][0-9a-z]{9}_[0-9a-f]{12}_[0-9a-f]{12}$')
  GROUP BY ja4
)
GROUP BY prefix, cipher_hash
HAVING length(variants) >= 2
ORDER BY length(variants) DESC, prefix
LIMIT {limit:UInt32}`;

export async function ja4Families(client: ClickHouseClient, q: WindowQuery): Promise<Ja4Family[]> {
  const rows = await windowRows<{
    prefix: string;
    cipher_hash: string;
    variants: [string, string | number, string | number][];
  }>(client, JA4_FAMILIES_SQL, q);
  return rows.map((r) => ({
    prefix: r.prefix,
    cipher_hash: r.cipher_hash,
    variants: r.variants.map(([ja4, n, ips]) => ({ ja4, requests: Number(n), ips: Number(ips) })),
  }));
}
