// Which functions the console refuses, from policy.ts plus what the engine itself lists: every
// table function (so `file(...)` is refused as a scalar too, whatever the position), every
// function that is not built in (SQL and executable user-defined functions), and every alias of
// a refused function (system.functions.alias_to). Loaded once per client and kept five minutes.
import type { ClickHouseClient } from '@clickhouse/client';
import type { FunctionVerdict } from './check-ast.js';
import {
  DENIED_FUNCTIONS,
  DENIED_NAME_PATTERNS,
  DENIED_PREFIXES,
  TABLE_FUNCTIONS,
} from './policy.js';

/**
 * Table functions of ClickHouse 26.7, refused even when system.table_functions cannot be read
 * (a server that hides it from the console user).
 */
const KNOWN_TABLE_FUNCTIONS = `azureBlobStorage azureBlobStorageCluster cluster clusterAllReplicas
  cosn deltaLake deltaLakeAzure deltaLakeAzureCluster deltaLakeCluster deltaLakeLocal deltaLakeS3
  deltaLakeS3Cluster dictionary eval executable file fileCluster filesystem format fuzzJSON
  fuzzQuery gcs generateRandom hdfs hdfsCluster hudi hudiCluster iceberg icebergAzure
  icebergAzureCluster icebergCluster icebergHDFS icebergHDFSCluster icebergLocal
  icebergLocalCluster icebergS3 icebergS3Cluster input jdbc loop merge mergeTreeAnalyzeIndexes
  mergeTreeAnalyzeIndexesUUID mergeTreeIndex mergeTreeProjection mergeTreeTextIndex mongodb mysql
  null odbc oss paimon paimonAzure paimonAzureCluster paimonCluster paimonHDFS paimonHDFSCluster
  paimonLocal paimonS3 paimonS3Cluster postgresql prometheusQuery prometheusQueryRange redis remote
  remoteSecure s3 s3Cluster sqlite timeSeriesData timeSeriesMetrics timeSeriesSamples
  timeSeriesSelector timeSeriesTags url urlCluster view viewExplain viewIfPermitted ytsaurus zeros
  zeros_mt arrowstream SQLStandardValues`
  .split(/\s+/)
  .filter(Boolean);

/** `format` is both a table function (refused by position) and the string function format(). */
const ALSO_SCALAR = new Set(['format']);

const TTL_MS = 5 * 60_000;
const cache = new WeakMap<ClickHouseClient, { at: number; verdict: Promise<FunctionVerdict> }>();

export function functionVerdict(ch: ClickHouseClient): Promise<FunctionVerdict> {
  const hit = cache.get(ch);
  if (hit && performance.now() - hit.at < TTL_MS) return hit.verdict;
  const verdict = load(ch);
  cache.set(ch, { at: performance.now(), verdict });
  verdict.catch(() => cache.delete(ch));
  return verdict;
}

async function load(ch: ClickHouseClient): Promise<FunctionVerdict> {
  const denied = new Map<string, string>(DENIED_FUNCTIONS);
  const tableFunctions = new Set(KNOWN_TABLE_FUNCTIONS.map((n) => n.toLowerCase()));
  let functions: { name: string; alias_to: string; origin: string }[] = [];
  try {
    const rs = await ch.query({
      query: 'SELECT lower(name) AS name FROM system.table_functions',
      format: 'JSONEachRow',
    });
    for (const r of await rs.json<{ name: string }>()) tableFunctions.add(r.name);
    const fs = await ch.query({
      query:
        'SELECT lower(name) AS name, lower(alias_to) AS alias_to, origin FROM system.functions',
      format: 'JSONEachRow',
    });
    functions = await fs.json();
  } catch {
    // A server may hide system tables from the console user: the static lists still apply.
  }
  for (const t of tableFunctions)
    if (!TABLE_FUNCTIONS.has(t) && !ALSO_SCALAR.has(t) && !denied.has(t))
      denied.set(t, 'is a table function that reads outside the store');
  for (const f of functions)
    if (f.origin !== 'System') denied.set(f.name, 'is a user-defined function');
  const reason = (name: string): string | undefined =>
    denied.get(name) ??
    (DENIED_PREFIXES.some((p) => name.startsWith(p)) ||
    DENIED_NAME_PATTERNS.some((p) => p.test(name))
      ? 'is not available in the console'
      : undefined);
  for (const f of functions) {
    const target = f.alias_to && reason(f.alias_to);
    if (target && !denied.has(f.name)) denied.set(f.name, target);
  }
  return reason;
}
