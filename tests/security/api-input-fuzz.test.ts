// Issue 15 point 14: hostile numbers and strings in any field of any operation get a 400 (or the
// operation's own refusal), never a 500. Every operation's input schema is walked (its JSON Schema,
// from the contract), a valid input is mutated at one to three of its fields with values chosen to
// break parsers and the engine, and the result goes over the real HTTP binding to a real embedded
// store. Seeded: a failure prints the seed and path, and replays with the same seed.
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, type OperationName, operationNames } from '../../common/api/contract.js';
import type { Store } from '../../main/storage/store.js';
import { listenApi } from '../support/api-server.js';
import { testContext } from '../support/context.js';
import { migratedStore } from '../support/store.js';

const SEED = 1515;
const RUNS = Number(process.env.JA4WS_FUZZ_RUNS ?? 400);
const token = 'fuzz-token-0123456789abcdefghijklmnopqrstuvwxyz';
const window = { from: '2026-11-24T00:00:00Z', to: '2026-11-25T00:00:00Z' };
const JA4 = 't13d1516h2_8daaf6152771_e5627efa2ab1';

/** A valid input for every operation: the starting point of each mutation. */
const valid: Record<OperationName, Record<string, unknown>> = {
  'handshakes.recent': { limit: 10 },
  'health.status': {},
  'sensors.status': {},
  'sensors.fleet': {},
  'live.poll': { after: 0, limit: 10 },
  'import.jobs': {},
  'import.start': { path: '/nonexistent/capture.pcap' },
  'anomalies.list': {
    ...window,
    states: ['new'],
    src_ip: '10.0.0.1',
    ja4: JA4,
    level: 'ip_ja4',
    limit: 10,
  },
  'anomalies.setState': {
    keys: [
      { src_ip: '10.0.0.1', ja4: JA4, detected_at: '2026-11-24 10:00:00.000000', model_id: 'm' },
    ],
    state: 'investigating',
    analyst: 'fuzz',
    note: 'n',
  },
  'model.tuning': {},
  'model.preview': { tuning: { trees: 20, windowMinutes: 60, minRequests: 1 } },
  'model.apply': { tuning: { trees: 20 } },
  'model.run': {},
  'model.runs': { limit: 5 },
  'settings.get': {},
  'settings.set': {
    settings: {
      retention: { rawDays: 30, aggregateDays: 365 },
      captureInterfaces: ['lo'],
      httpSocket: '',
      networkSocket: '',
    },
  },
  'anomalies.entities': {
    from: window.from,
    to: window.to,
    states: ['new'],
    level: 'ip_ja4',
    text: 'x',
    sort: 'score',
    desc: true,
    limit: 10,
  },
  'anomalies.setEntityState': {
    entities: [
      { entity_type: 'ip_ja4', src_ip: '192.0.2.1', ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1' },
    ],
    state: 'investigating',
    analyst: 'a',
    note: 'n',
  },
  'mismatch.list': { window, limit: 10 },
  'search.detail': {
    source: 'requests',
    ts: '2026-11-24T10:00:00.000001Z',
    src: '192.0.2.1',
    src_port: 50000,
    dst: '192.0.2.2',
    dst_port: 443,
  },
  'overview.stats': { window, top: 5 },
  'search.query': {
    window,
    source: 'requests',
    filters: {
      ip: '10.0.0.0/8',
      ja4: 't13d*',
      sni: 'a',
      host: 'h',
      path: '/',
      user_agent: 'u',
      status: '4xx',
      sensor: 's',
    },
    limit: 10,
  },
  'ip.profile': { ip: '10.0.0.1', window },
  'fingerprint.profile': { ja4: JA4, window },
  'sql.query': { sql: 'SELECT 1', maxRows: 10 },
  'sql.schema': {},
  'pcap.plan': { ip: '10.0.0.1', window },
  'pcap.file': { conn: ['10.0.0.1|40000|192.0.2.1|443|1700000000000000'] },
  'search.export': { window, filters: { sni: 'a' }, format: 'csv' },
  // Its body is the file: a JSON body is refused (415) before any field is read.
  'import.upload': {},
  // A search of this empty store matches nothing (a 400 of its own): the selection form starts.
  'blocklist.export': { format: 'haproxy', targets: [{ ip: '10.0.0.1', ja4: JA4, note: 'n' }] },
  'blocklist.file': { format: 'cloudflare', targets: [{ ip: '::1', ja4: JA4 }] },
};

type Path = (string | number)[];
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}

/** Every field path the schema declares (objects by property, arrays at index 0). */
function fieldPaths(schema: JsonSchema, at: Path = []): Path[] {
  const out: Path[] = at.length > 0 ? [at] : [];
  for (const [k, s] of Object.entries(schema.properties ?? {}))
    out.push(...fieldPaths(s, [...at, k]));
  if (schema.items) out.push(...fieldPaths(schema.items, [...at, 0]));
  for (const s of schema.anyOf ?? [])
    out.push(...fieldPaths(s, at).filter((p) => p.length > at.length));
  if (typeof schema.additionalProperties === 'object')
    out.push([...at, 'trees'], [...at, 'windowMinutes']);
  return out;
}

const pathsOf = Object.fromEntries(
  operationNames.map((n) => [
    n,
    fieldPaths(
      z.toJSONSchema(contract[n].input as z.ZodType, {
        io: 'input',
        unrepresentable: 'any',
      }) as JsonSchema,
    ),
  ]),
) as Record<OperationName, Path[]>;

function withValue(base: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const node = (
    Array.isArray(base)
      ? [...(base as unknown[])]
      : typeof base === 'object' && base !== null
        ? { ...base }
        : typeof head === 'number'
          ? []
          : {}
  ) as Record<string | number, unknown>;
  node[head!] = withValue(node[head!], rest, value);
  return node;
}

const longFraction = `2026-11-24T10:00:00.${'1'.repeat(1000)}Z`;
const hostileNumbers = [
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  -(2 ** 63),
  -1,
  0,
  -0,
  0.5,
  1e-308,
  4294967296,
];
const hostileStrings = [
  longFraction,
  '2026-11-24T10:00:00.0000000000Z',
  '0000-01-01T00:00:00Z',
  '1900-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999Z',
  '2026-02-30T00:00:00Z',
  '2026-11-24 99:99:99',
  '9999-99-99 99:99:99.999999',
  '1e308',
  '-1',
  'NaN',
  '',
  ' ',
  '\u0000',
  '\ud800',
  "'; DROP TABLE tls_handshakes; --",
  '{ja4:String}',
  '%_\\',
  '../../../../etc/passwd',
  '/etc/shadow',
  '1'.repeat(1000),
  'x'.repeat(70_000),
  '::ffff:999.1.1.1',
  '10.0.0.0/99',
  't13d*'.repeat(20),
];
/** Extreme but valid: these reach the handlers and the engine. */
const edges = [
  '1970-01-01T00:00:00Z',
  '2099-12-31T23:59:59.999999999Z',
  '2026-11-24T10:00:00.123456789+14:00',
  '2026-11-24T10:00:00-12:00',
  1,
  2,
  100,
  1000,
  5000,
  10_000,
  '::',
  '0.0.0.0',
  '::ffff:10.0.0.1',
  '0.0.0.0/0',
  '::/0',
  '*',
  '5xx',
  'any',
  '/run/ja4ws/http.socket',
];
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...edges), weight: 6 },
  // Instants with anything from no fraction to a 1,500-digit one, and in any year.
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 9999 }))
      .map(
        ([digits, year]) =>
          `${String(year).padStart(4, '0')}-11-24T10:00:00${digits ? `.${'7'.repeat(digits)}` : ''}Z`,
      ),
    weight: 3,
  },
  fc.constantFrom(...hostileNumbers),
  fc.constantFrom(...hostileStrings),
  fc.constantFrom(null, true, [], {}, [1e308], { a: 1e308 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
);

let store: Store;
let server: Server;
let base: string;

beforeAll(async () => {
  store = await migratedStore('ja4ws-fuzz-');
  ({ server, base } = await listenApi(testContext(store), token, { maxBodyBytes: 1024 * 1024 }));
}, 120_000);

afterAll(async () => {
  server?.close();
  await store?.close();
});

async function post(
  name: OperationName,
  input: unknown,
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}/api/v1/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: await res.text() };
}

const shown = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 120)}…(${s.length})` : s;
};

describe('API input bounds', () => {
  it('every valid starting input is accepted', async () => {
    for (const name of operationNames) {
      const r = await post(name, valid[name]);
      // A missing capture file, an empty store (nothing to train on) and a JSON body where the
      // upload takes a file are the operations' own 4xx.
      const own4xx = name === 'import.start' || name === 'model.run' || name === 'import.upload';
      expect(r.status, `${name}: ${r.body}`).toBeLessThan(own4xx ? 500 : 300);
    }
  });

  it('a 1,000-digit fraction and out-of-range instants get a 400 naming the field', async () => {
    const timeFields: [OperationName, Path][] = [
      ['overview.stats', ['window', 'from']],
      ['search.query', ['window', 'to']],
      ['ip.profile', ['window', 'from']],
      ['fingerprint.profile', ['window', 'to']],
      ['anomalies.list', ['from']],
      ['anomalies.setState', ['keys', 0, 'detected_at']],
    ];
    for (const [name, path] of timeFields) {
      const bad =
        path.at(-1) === 'detected_at'
          ? ['2026-11-24 10:00:00.1234567', '9999-99-99 99:99:99', '0001-01-01 00:00:00', 1e308]
          : [longFraction, '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', 1e308];
      for (const v of bad) {
        const r = await post(name, withValue(valid[name], path, v));
        expect(r.status, `${name} ${path.join('.')}=${shown(v)}: ${r.body}`).toBe(400);
        const err = (JSON.parse(r.body) as { error: { field?: string; message: string } }).error;
        expect(err.field).toBe(path.join('.'));
        expect(err.message).toContain(path.join('.'));
      }
    }
  });

  it('every field of every operation, each hostile value in turn: no 500', async () => {
    const values: unknown[] = [...hostileNumbers, ...hostileStrings, null, true, [], {}];
    let sent = 0;
    const statuses = new Map<number, number>();
    for (const name of operationNames) {
      for (const path of pathsOf[name]) {
        for (const v of values) {
          const r = await post(name, withValue(valid[name], path, v));
          sent++;
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          expect(
            r.status,
            `${name} ${path.join('.')}=${shown(v)}: ${r.body.slice(0, 400)}`,
          ).toBeLessThan(500);
        }
      }
    }
    console.log(
      `api walk: ${sent} inputs, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 600_000);

  it(`${RUNS} seeded mutations of every operation's fields: no 500`, async () => {
    const ops = operationNames.filter((n) => pathsOf[n].length > 0);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops).chain((name) =>
          fc.tuple(
            fc.constant(name),
            fc.array(fc.tuple(fc.constantFrom(...pathsOf[name]), hostile), {
              minLength: 1,
              maxLength: 3,
            }),
          ),
        ),
        async ([name, changes]) => {
          let input: unknown = valid[name];
          for (const [path, value] of changes) input = withValue(input, path, value);
          const r = await post(name, input);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          const what = changes.map(([p, v]) => `${p.join('.')}=${shown(v)}`).join(', ');
          expect(r.status, `${name} ${what}: ${r.body.slice(0, 400)}`).toBeLessThan(500);
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(
      `api fuzz (seed ${SEED}): ${RUNS} inputs, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 600_000);
});
