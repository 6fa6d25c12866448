// What the product says about a lab run: the API's views (asked of the running daemon), then,
// after a graceful stop, the stored rows and the detector's feature values read from the store.
import { join } from 'node:path';
import { HttpApiClient } from '../../common/api/http-client.js';
import type { FingerprintProfile } from '../../common/api/fingerprint-profile.js';
import type { IpProfile } from '../../common/api/ip-profile.js';
import type { OverviewStats } from '../../common/api/overview.js';
import { computeFeatures, minuteWindow } from '../../main/detector/features/compute.js';
import { openStore } from '../../main/storage/store.js';
import { startDaemon, type RunningDaemon } from '../support/daemon.js';
import type { Features } from './expected-features.js';
import type { LabRun } from './run-lab.js';

export interface StoredConnectionRow {
  ip: string;
  port: number;
  dstPort: number;
  ja4: string;
  ja3: string;
}

export interface StoredLogRow extends StoredConnectionRow {
  correlation: string;
  path: string;
}

export interface ProductView {
  overview: OverviewStats;
  ipProfiles: Map<string, IpProfile>;
  fpProfiles: Map<string, FingerprintProfile>;
  searchHandshakes: Map<string, number>;
  searchRequests: Map<string, number>;
  tls: StoredConnectionRow[];
  tcp: StoredConnectionRow[];
  httpRequests: StoredConnectionRow[];
  logs: StoredLogRow[];
  features: Map<string, Features>;
}

const SHOW_IP = `replaceRegexpOne(toString(src_ip), '^::ffff:', '')`;

export async function readProductView(run: LabRun, daemon: RunningDaemon): Promise<ProductView> {
  const ips = run.clients.filter((c) => !c.skipped).map((c) => c.ip);
  const conns = run.truth.connections;
  const window = {
    from: new Date(run.startedAt - 120_000).toISOString(),
    to: new Date(Date.now() + 120_000).toISOString(),
  };
  // The correlator decides a connection that carried no request (handshake-only) after its
  // timeout or at shutdown; a graceful stop decides and flushes everything. The views are then
  // read from a daemon started afresh on the same store, without capture.
  await daemon.stop();
  const reader = await startDaemon(run.dataDir);
  const api = new HttpApiClient(reader.url, () => reader.token);
  let views: ApiViews;
  try {
    views = await readApi(api, window, ips, conns);
  } finally {
    await reader.stop();
  }
  return { ...views, ...(await readStore(run, ips)) };
}

type ApiViews = Pick<
  ProductView,
  'overview' | 'ipProfiles' | 'fpProfiles' | 'searchHandshakes' | 'searchRequests'
>;

async function readApi(
  api: HttpApiClient,
  window: { from: string; to: string },
  ips: string[],
  conns: LabRun['truth']['connections'],
): Promise<ApiViews> {
  const overview = await api.call('overview.stats', { window, top: 100 });
  const ipProfiles = new Map<string, IpProfile>();
  const searchHandshakes = new Map<string, number>();
  const searchRequests = new Map<string, number>();
  for (const ip of ips) {
    ipProfiles.set(ip, await api.call('ip.profile', { ip, window }));
    const filters = { ip };
    searchHandshakes.set(
      ip,
      (await api.call('search.query', { window, source: 'handshakes', filters, limit: 10_000 }))
        .total,
    );
    searchRequests.set(
      ip,
      (await api.call('search.query', { window, source: 'requests', filters, limit: 10_000 }))
        .total,
    );
  }
  const fpProfiles = new Map<string, FingerprintProfile>();
  for (const ja4 of new Set(conns.map((c) => c.ja4).filter((j) => j !== ''))) {
    fpProfiles.set(ja4, await api.call('fingerprint.profile', { ja4, window }));
  }
  return { overview, ipProfiles, fpProfiles, searchHandshakes, searchRequests };
}

async function readStore(
  run: LabRun,
  ips: string[],
): Promise<Pick<ProductView, 'tls' | 'tcp' | 'httpRequests' | 'logs' | 'features'>> {
  const store = await openStore({ kind: 'embedded', dataDir: join(run.dataDir, 'store') });
  try {
    const q = async <T>(table: string, cols: string): Promise<T[]> =>
      (
        await store.client.query({
          query: `SELECT ${SHOW_IP} AS ip, src_port AS port, dst_port AS dstPort, ${cols} FROM ${table} WHERE ${SHOW_IP} IN {ips:Array(String)}`,
          query_params: { ips },
          format: 'JSONEachRow',
        })
      )
        .json<Record<string, unknown>>()
        .then((rows) =>
          rows.map((r) => ({ ...r, port: Number(r.port), dstPort: Number(r.dstPort) }) as T),
        );
    const tls = await q<StoredConnectionRow>(
      'tls_handshakes',
      'toString(ja4) AS ja4, toString(ja3) AS ja3',
    );
    const tcp = await q<StoredConnectionRow>('tcp_events', "'' AS ja4, '' AS ja3");
    const httpRequests = await q<StoredConnectionRow>('http_requests', "'' AS ja4, '' AS ja3");
    const logs = await q<StoredLogRow>(
      'http_logs',
      'toString(ja4) AS ja4, toString(ja3) AS ja3, toString(correlation) AS correlation, path',
    );
    const w = minuteWindow(Date.now(), Date.now() - run.startedAt + 180_000);
    const table = await computeFeatures(store.client, {
      start: w.start,
      end: w.end,
      minRequests: 1,
    });
    const features = new Map<string, Features>();
    table.entities.forEach((e, r) => {
      if (!ips.includes(e.src_ip)) return;
      const f: Features = {};
      table.names.forEach((n, c) => (f[n] = table.raw.data[r * table.raw.cols + c]!));
      features.set(`${e.src_ip}|${e.ja4}`, f);
    });
    return {
      tls,
      tcp,
      httpRequests,
      logs,
      features,
    };
  } finally {
    await store.close();
  }
}
