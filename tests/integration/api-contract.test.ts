// Contract tests for every operation of the API over the daemon's HTTP binding, table-driven from
// the contract itself: a new operation without a row here is a type error. Each operation: its
// happy path (output checked against the contract), 401 without or with a wrong token, 400 naming
// the field for a bad parameter, 413 for an oversize body, and SQL-injection strings in every
// string parameter treated as data (never a 500, and the tables are still there afterwards).
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contract,
  operationNames,
  type OperationInput,
  type OperationName,
} from '../../common/api/contract.js';
import { importCaptureFile } from '../../main/domain/import/operations.js';
import type { Store } from '../../main/storage/store.js';
import { testContext } from '../support/context.js';
import { listenApi } from '../support/api-server.js';
import { capturePath, tsharkView } from '../../capture-worker/test-fixtures/captures.js';
import { migratedStore } from '../support/store.js';

// The store holds the project's own capture of many real clients; the profile inputs name one of
// them (tshark's first ClientHello from a bound client address) so that outputs are not empty.
const FIXTURE = 'tls-clients.pcap';
const someHello = tsharkView(FIXTURE).hellos.find(
  (h) => h.type === 'client' && h.src.startsWith('127.0.0.') && h.src !== '127.0.0.1',
)!;
const token = 'contract-token-0123456789abcdefghijklmnopqrstuvwxyz';
const window = { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
const injections = [
  "' OR 1=1 --",
  "x'); DROP TABLE tls_handshakes; --",
  "\\' UNION SELECT * FROM system.users --",
];

interface Row<N extends OperationName> {
  valid: OperationInput<N>;
  /** An input with one bad field, and the field path the 400 must name. */
  bad: [unknown, string];
}
type Table = { [N in OperationName]: Row<N> };

const table: Table = {
  'handshakes.recent': { valid: { limit: 10 }, bad: [{ limit: 'ten' }, 'limit'] },
  'health.status': { valid: {}, bad: [{ verbose: true }, ''] },
  'sensors.status': { valid: {}, bad: [{ x: 1 }, ''] },
  'sensors.fleet': { valid: {}, bad: [{ x: 1 }, ''] },
  'live.poll': { valid: { after: -1 }, bad: [{ limit: 0 }, 'limit'] },
  'import.jobs': { valid: {}, bad: [{ x: 1 }, ''] },
  'import.start': { valid: { path: '/nonexistent-dir/x.pcap' }, bad: [{ path: 7 }, 'path'] },
  'anomalies.list': { valid: { states: ['new'] }, bad: [{ states: ['bogus'] }, 'states.0'] },
  'anomalies.setState': {
    valid: {
      keys: [
        {
          src_ip: '192.0.2.1',
          ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
          detected_at: '2026-11-24 10:00:00.000000',
          model_id: 'm',
        },
      ],
      state: 'investigating',
    },
    bad: [{ keys: [], state: 'investigating' }, 'keys'],
  },
  'anomalies.entities': {
    valid: { states: ['new'], sort: 'runs', text: "' OR 1=1 --" },
    bad: [{ sort: 'bogus' }, 'sort'],
  },
  'anomalies.setEntityState': {
    valid: {
      entities: [{ entity_type: 'ip', src_ip: '192.0.2.1', ja4: '' }],
      state: 'investigating',
    },
    bad: [
      { entities: [{ entity_type: 'ip', src_ip: '300.1.1.1', ja4: '' }], state: 'investigating' },
      'entities.0.src_ip',
    ],
  },
  'mismatch.list': {
    valid: { window },
    bad: [{ window, limit: 0 }, 'limit'],
  },
  'search.detail': {
    valid: {
      source: 'requests',
      ts: '2026-11-24T10:00:00.000001Z',
      src: '192.0.2.1',
      src_port: 50000,
      dst: '192.0.2.2',
      dst_port: 443,
    },
    bad: [
      {
        source: 'requests',
        ts: 'yesterday',
        src: '192.0.2.1',
        src_port: 1,
        dst: '192.0.2.2',
        dst_port: 443,
      },
      'ts',
    ],
  },
  'model.tuning': { valid: {}, bad: [{ x: 1 }, ''] },
  'model.preview': {
    valid: { tuning: { trees: 50 } },
    bad: [{ tuning: { trees: 1 } }, 'tuning.trees'],
  },
  'model.apply': {
    valid: { tuning: { trees: 60 } },
    bad: [{ tuning: { windowMinutes: 1 } }, 'tuning.windowMinutes'],
  },
  'model.run': { valid: {}, bad: [{ now: 1 }, ''] },
  'model.runs': { valid: { limit: 5 }, bad: [{ limit: 0 }, 'limit'] },
  'settings.get': { valid: {}, bad: [{ x: 1 }, ''] },
  'settings.set': {
    valid: { settings: { captureInterfaces: ['lo'] } },
    bad: [
      { settings: { retention: { rawDays: 0, aggregateDays: 1 } } },
      'settings.retention.rawDays',
    ],
  },
  'overview.stats': {
    valid: { window },
    bad: [{ window: { from: 'yesterday', to: window.to } }, 'window.from'],
  },
  'search.query': {
    valid: { window, filters: { sni: 'example' } },
    bad: [{ window, filters: { ip: '300.1.1.1' } }, 'filters.ip'],
  },
  'ip.profile': {
    valid: { ip: someHello.src, window },
    bad: [{ ip: 'not-an-ip', window }, 'ip'],
  },
  'fingerprint.profile': {
    valid: { ja4: someHello.ja4!, window },
    bad: [{ ja4: 'nope', window }, 'ja4'],
  },
  'sql.query': { valid: { sql: 'SELECT count() FROM tls_handshakes' }, bad: [{ sql: '' }, 'sql'] },
  'sql.schema': { valid: {}, bad: [{ x: 1 }, ''] },
  'pcap.plan': { valid: { ip: '192.0.2.1', window }, bad: [{ conn: ['not-an-id'] }, 'conn.0'] },
  // Downloads answer with the file; their bad input is still a 400 in JSON.
  'pcap.file': {
    valid: { conn: ['192.0.2.1|40000|192.0.2.2|443|1700000000000000'] },
    bad: [{ ip: '300.1.1.1', window }, 'ip'],
  },
  'search.export': {
    valid: { window, filters: { sni: 'example' }, format: 'json' },
    bad: [{ window, format: 'xml' }, 'format'],
  },
  // The upload's body is the file (its own describe below); a JSON call to it is refused.
  'import.upload': { valid: {}, bad: [{ x: 1 }, ''] },
  'blocklist.export': {
    valid: { format: 'nginx', targets: [{ ip: someHello.src, ja4: someHello.ja4!, note: 'x' }] },
    bad: [{ format: 'iptables', targets: [{ ip: '192.0.2.1' }] }, 'format'],
  },
  'blocklist.file': {
    valid: { format: 'aws-waf', targets: [{ ip: someHello.src, ja4: someHello.ja4! }] },
    bad: [{ format: 'nginx', targets: [{ ja4: 'nope' }] }, 'targets.0.ja4'],
  },
};

/** Every string leaf of an input, as [path, value] pairs. */
function stringLeaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...path, i]));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
  return [];
}

function withLeaf(v: unknown, path: (string | number)[], value: string): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

let store: Store;
let server: Server;
let base: string;

beforeAll(async () => {
  store = await migratedStore('ja4ws-contract-');
  await importCaptureFile(store, capturePath(FIXTURE), { ja4plus: true });
  ({ server, base } = await listenApi(testContext(store), token, {
    // Every operation's 401 case comes from one address; the 429 limit has its own test.
    authFailuresPerMinute: 10_000,
  }));
});

afterAll(async () => {
  server?.close();
  await store?.close();
});

const post = (name: string, body: unknown, auth: string | null = `Bearer ${token}`) =>
  fetch(`${base}/api/v1/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const uploads = operationNames.filter((n) => contract[n].file?.direction === 'upload');

describe.each(operationNames.filter((n) => !uploads.includes(n)))('%s', (name) => {
  const row = table[name] as Row<OperationName>;
  const file = contract[name].file;

  it('answers the happy path with output that matches the contract', async () => {
    const res = await post(name, row.valid);
    if (file?.direction === 'download') {
      // The file itself, as an attachment of one of the declared types.
      expect(res.status).toBe(200);
      expect(file.contentTypes.map((t) => t.split(';')[0])).toContain(
        res.headers.get('content-type')!.split(';')[0],
      );
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      await res.arrayBuffer();
      return;
    }
    const body: unknown = await res.json();
    // Operations that legitimately refuse on this data (nothing to train on, no such file) must
    // still do it with a client error and a message, never a 500.
    if (res.status !== 200) {
      expect([403, 404, 409]).toContain(res.status);
      expect((body as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
      return;
    }
    expect(() => contract[name].output.parse(body)).not.toThrow();
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await post(name, row.valid, null)).status).toBe(401);
  });

  it('names the bad field in a 400', async () => {
    const [input, field] = row.bad;
    const res = await post(name, input);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field?: string; message: string } };
    expect(body.error.field ?? '').toBe(field);
    expect(body.error.message).toContain(field || name);
  });

  it('refuses an oversize body with 413', async () => {
    expect((await post(name, { pad: 'x'.repeat(100_000) })).status).toBe(413);
  });

  it('treats SQL-injection strings in every string parameter as data', async () => {
    for (const leaf of stringLeaves(row.valid)) {
      for (const attack of injections) {
        const res = await post(name, withLeaf(row.valid, leaf, attack));
        expect(res.status, `${name} ${leaf.join('.')} = ${attack}`).not.toBe(500);
      }
    }
    const rs = await store.client.query({
      query: 'SELECT count() AS n FROM tls_handshakes',
      format: 'JSONEachRow',
    });
    expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBeGreaterThan(0);
  });
});

describe.each(uploads)('%s (the body is the file)', (name) => {
  const upload = (
    body: NonNullable<RequestInit['body']>,
    type: string,
    auth: string | null = `Bearer ${token}`,
  ) =>
    fetch(`${base}/api/v1/${name}`, {
      method: 'POST',
      headers: {
        'content-type': type,
        'x-file-name': 'contract.pcap',
        ...(auth ? { authorization: auth } : {}),
      },
      body,
    });

  it('queues the uploaded file as an import job that matches the contract', async () => {
    const res = await upload(readFileSync(capturePath(FIXTURE)), 'application/octet-stream');
    expect(res.status).toBe(200);
    const body = contract['import.upload'].output.parse(await res.json());
    expect(body.jobs.map((j) => j.file)).toEqual(['contract.pcap']);
  });

  it('refuses a missing token with 401 and a JSON body with 415', async () => {
    expect((await upload('x', 'application/octet-stream', null)).status).toBe(401);
    expect((await upload('{}', 'application/json')).status).toBe(415);
  });
});
