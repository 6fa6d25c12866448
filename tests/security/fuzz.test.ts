// Seeded fuzzing, in process: mutated real captures through the pcap reader and the engine, and
// mutated socket lines through the ingest path (real UNIX sockets). Nothing may throw except the
// reader's typed CaptureFileError; every bad input is accounted for by a counter; the good
// inputs interleaved with the bad ones are all kept. A failure prints the seed: reproduce it with
// JA4WS_FUZZ_SEED=<seed> npx vitest run tests/security/fuzz.test.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { HttpRequest } from '../../common/events/http-request.js';
import { startIngest } from '../../correlation-worker/src/ingest/ingest.js';
import { createEngine } from '../../capture-worker/src/engine/index.js';
import { CaptureFileError, CaptureStreamParser } from '../../capture-worker/src/pcap/index.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';

const SEED = Number(process.env.JA4WS_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz seed ${SEED} (reproduce: JA4WS_FUZZ_SEED=${SEED})`);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x0a, 0x0d, 0x22, 0x5c];

/** One to four mutations of a copy of `src`. */
function mutate(src: Buffer, r: () => number, other: Buffer): { bytes: Buffer; how: string[] } {
  let b = Buffer.from(src);
  const how: string[] = [];
  const at = () => Math.floor(r() * Math.max(1, b.length));
  for (let n = 1 + Math.floor(r() * 4); n > 0; n--) {
    const op = Math.floor(r() * 8);
    const i = at();
    switch (op) {
      case 0: // bit flip
        if (b.length > 0) b[i] = b[i]! ^ (1 << Math.floor(r() * 8));
        how.push(`flip@${i}`);
        break;
      case 1: // interesting byte
        if (b.length > 0) b[i] = INTERESTING[Math.floor(r() * INTERESTING.length)]!;
        how.push(`byte@${i}`);
        break;
      case 2: // truncate
        b = b.subarray(0, i);
        how.push(`cut@${i}`);
        break;
      case 3: {
        // insert random bytes
        const ins = Buffer.from(
          Array.from({ length: 1 + Math.floor(r() * 16) }, () => Math.floor(r() * 256)),
        );
        b = Buffer.concat([b.subarray(0, i), ins, b.subarray(i)]);
        how.push(`insert${ins.length}@${i}`);
        break;
      }
      case 4: {
        // a length-looking u32 set to an extreme
        if (b.length >= i + 4)
          b.writeUInt32LE([0, 0xffffffff, 0x7fffffff, 0x10000, 1][Math.floor(r() * 5)]!, i);
        how.push(`u32@${i}`);
        break;
      }
      case 5: {
        // duplicate a slice
        const len = Math.floor(r() * 64);
        b = Buffer.concat([b.subarray(0, i), b.subarray(i, i + len), b.subarray(i)]);
        how.push(`dup${len}@${i}`);
        break;
      }
      case 6: {
        // splice in a piece of another input
        const j = Math.floor(r() * other.length);
        b = Buffer.concat([b.subarray(0, i), other.subarray(j, j + 1 + Math.floor(r() * 200))]);
        how.push(`splice@${i}`);
        break;
      }
      default: // delete a range
        b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + Math.floor(r() * 32))]);
        how.push(`del@${i}`);
    }
  }
  return { bytes: b, how };
}

interface CaptureRun {
  records: ConnectionRecord[];
  packets: number;
  error: CaptureFileError | undefined;
  engineStats: ReturnType<ReturnType<typeof createEngine>['stats']>;
}

/** The reader and the engine as `ja4ws fingerprint` runs them, on bytes in memory. */
function runCapture(bytes: Buffer): CaptureRun {
  const records: ConnectionRecord[] = [];
  const engine = createEngine({ onRecord: (r) => records.push(r) });
  let packets = 0;
  let error: CaptureFileError | undefined;
  const parser = new CaptureStreamParser({
    onPacket: (p) => {
      packets++;
      engine.push(p);
    },
    onTlsKeyLog: (t) => engine.addTlsKeyLog(t),
  });
  try {
    // Two pushes: the split exercises the straddling-record path too.
    const cut = bytes.length >> 1;
    parser.push(bytes.subarray(0, cut));
    parser.push(bytes.subarray(cut));
    parser.end();
  } catch (err) {
    if (!(err instanceof CaptureFileError)) throw err;
    error = err;
  }
  engine.finish();
  return { records, packets, error, engineStats: engine.stats() };
}

const CAPTURES = [
  'tls12-h2.pcap',
  'quic-chromium.pcap',
  'dtls-openssl.pcap',
  'tls-keylog.pcapng',
  'tunnel-gre-vxlan.pcap',
  'tunnel-vlan.pcap',
  'tunnel-erspan.pcap',
];

describe(`fuzz (seed ${SEED})`, () => {
  it('2,400 mutated real captures through the pcap reader and the engine: typed errors only, every packet counted, originals intact', () => {
    const r = rng(SEED);
    const originals = CAPTURES.map((n) => readFileSync(capturePath(n)));
    const baseline = originals.map((b) => runCapture(b));
    for (const [k, b] of baseline.entries()) {
      expect(b.error, CAPTURES[k]).toBeUndefined();
      expect(b.records.length, CAPTURES[k]).toBeGreaterThan(0);
    }
    const outcomes: Record<string, number> = {};
    let mutated = 0;
    let goodChecked = 0;
    for (let i = 0; i < 2_400; i++) {
      const k = Math.floor(r() * originals.length);
      if (i % 10 === 0) {
        // A good capture between the bad ones: the same records as on its own.
        const run = runCapture(originals[k]!);
        expect(run.error).toBeUndefined();
        expect(run.records.map((x) => x.ja4 ?? x.ja4t ?? '')).toEqual(
          baseline[k]!.records.map((x) => x.ja4 ?? x.ja4t ?? ''),
        );
        goodChecked++;
        continue;
      }
      const { bytes, how } = mutate(originals[k]!, r, originals[(k + 1) % originals.length]!);
      let run: CaptureRun;
      try {
        run = runCapture(bytes);
      } catch (err) {
        throw new Error(
          `seed ${SEED}, case ${i} (${CAPTURES[k]}: ${how.join(' ')}): untyped throw ${(err as Error).stack}`,
        );
      }
      mutated++;
      const outcome = run.error ? run.error.code : 'read';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      // Every packet the reader produced reached the engine's counters; every record is counted.
      expect(run.engineStats.packets, `seed ${SEED} case ${i}`).toBe(run.packets);
      expect(run.engineStats.records, `seed ${SEED} case ${i}`).toBe(run.records.length);
      if (run.error) expect(run.error.message).toMatch(/at byte \d+/);
    }
    console.log(
      `capture fuzz: ${mutated} mutated, ${goodChecked} good; outcomes ${JSON.stringify(outcomes)}`,
    );
    expect(mutated).toBeGreaterThanOrEqual(2_000);
    expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(mutated);
  });

  it('2,400 mutated socket lines through the ingest path: every line counted good or bad, every good line kept', async () => {
    const r = rng(SEED ^ 0x5eed);
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-fuzz-'));
    dirs.push(dir);
    const requests: HttpRequest[] = [];
    const handshakes: ConnectionRecord[] = [];
    const ingest = await startIngest(
      {
        httpSocket: join(dir, 'http.socket'),
        networkSocket: join(dir, 'network.socket'),
        deadLetter: { path: join(dir, 'dead', 'ingest.jsonl') },
      },
      dir,
      { request: (q) => requests.push(q), handshake: (h) => handshakes.push(h) },
      pino({ level: 'silent' }),
    );
    try {
      const reqTemplate = (k: number) =>
        Buffer.from(
          JSON.stringify({
            time: 1796600000 + k / 1000,
            src_ip: '192.0.2.7',
            src_port: 40000 + (k % 20000),
            dst_ip: '198.51.100.1',
            dst_port: 443,
            method: 'GET',
            host: 'fuzz.test',
            path: `/m/${k}`,
            query: 'q=1',
            http_version: '1.1',
            status: 200,
            headers: [
              ['Host', 'fuzz.test'],
              ['User-Agent', 'fuzz/1.0'],
              ['Accept-Language', 'en'],
            ],
          }),
        );
      const recTemplates = readFileSync(capturePath('records.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .slice(0, 20)
        .map((l) => Buffer.from(l));
      const goodLine = (k: number) =>
        Buffer.from(reqTemplate(k).toString().replace(`"/m/${k}"`, `"/good/${k}"`));
      const oracle = { http: 0, network: 0 };
      const chunks = { http: [] as Buffer[], network: [] as Buffer[] };
      let good = 0;
      let mutated = 0;
      /** Lines the splitter will deliver: non-empty after a trailing CR is removed. */
      const countLines = (b: Buffer) =>
        b
          .toString('latin1')
          .split('\n')
          .filter((s) => (s.endsWith('\r') ? s.slice(0, -1) : s).length > 0).length;
      for (let i = 0; i < 2_700; i++) {
        if (i % 9 === 0) {
          chunks.http.push(goodLine(i), Buffer.from('\n'));
          oracle.http++;
          good++;
          continue;
        }
        const toNetwork = r() < 0.3;
        const src = toNetwork
          ? recTemplates[Math.floor(r() * recTemplates.length)]!
          : reqTemplate(i);
        let { bytes } = mutate(src, r, toNetwork ? reqTemplate(i) : recTemplates[0]!);
        if (r() < 0.01) bytes = Buffer.concat([bytes, Buffer.alloc(70 * 1024, 0x61)]); // over maxLineBytes
        bytes = Buffer.concat([bytes, Buffer.from('\n')]);
        mutated++;
        const key = toNetwork ? 'network' : 'http';
        chunks[key].push(bytes);
        oracle[key] += countLines(bytes);
      }
      const send = (path: string, parts: Buffer[]) =>
        new Promise<void>((resolve, reject) => {
          const s = connect(path, () => {
            for (const p of parts) s.write(p);
            s.end();
          });
          s.on('error', reject);
          s.on('close', () => resolve());
        });
      await Promise.all([
        send(ingest.paths.http as string, chunks.http),
        send(ingest.paths.network as string, chunks.network),
      ]);
      const total = (name: string) => {
        const s = ingest.stats().sources[name]!;
        return s.lines_ok + Object.values(s.bad).reduce((a, b) => a + b, 0);
      };
      const until = Date.now() + 20_000;
      while (
        (total('http.socket') < oracle.http || total('network.socket') < oracle.network) &&
        Date.now() < until
      )
        await new Promise((res) => setTimeout(res, 20));
      const st = ingest.stats().sources;
      console.log(
        `line fuzz: ${mutated} mutated + ${good} good lines; http ${JSON.stringify(st['http.socket']!.bad)} ok ${st['http.socket']!.lines_ok}; ` +
          `network ${JSON.stringify(st['network.socket']!.bad)} ok ${st['network.socket']!.lines_ok}`,
      );
      expect(mutated).toBeGreaterThanOrEqual(2_000);
      // Every line is accounted for: delivered or counted bad, per socket.
      expect(total('http.socket'), `seed ${SEED}`).toBe(oracle.http);
      expect(total('network.socket'), `seed ${SEED}`).toBe(oracle.network);
      expect(st['http.socket']!.lines_ok).toBe(requests.length);
      expect(st['network.socket']!.lines_ok).toBe(handshakes.length);
      expect(st['http.socket']!.handler_errors + st['network.socket']!.handler_errors).toBe(0);
      // Every good line interleaved with the bad ones is kept.
      const goodPaths = new Set(requests.map((q) => q.path).filter((p) => p.startsWith('/good/')));
      expect(goodPaths.size, `seed ${SEED}`).toBe(good);
    } finally {
      await ingest.close();
    }
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
