// Two checkouts' engines in one process, on the handshake rounds of handshake-engine.bench.ts,
// in alternating 250 ms slices: ClientHello connections per CPU-second of each, and B's rate over
// A's slice by slice. On this shared 2-vCPU VM whole processes of the same build vary by up to
// +-30% from run to run (two modes, whichever build runs); slices taken in turn in one process
// share the machine's state, so a change of a few percent shows (issue 22).
//   node --import tsx bench/engine/engine-ab.bench.ts DIR_A DIR_B [all|tcp|quic] [pairs=20] [warm|cold]
//     [engine|jsonl]
// DIR_A and DIR_B are checkouts with node_modules (or a link to one); `cold` empties every
// fingerprint memo a checkout exports (`*Memo` of fingerprint/ja4, ja4s, ja3, ja4x) before each round.
// `jsonl` also writes every record as `ja4ws fingerprint --format jsonl` does (each checkout's own
// cli/output.ts writer into 64 KB chunks that are then dropped), so what the CLI pays to format
// a record is in the figure. Run with A = B to see the harness's own spread.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { RawPacket } from '../../capture-worker/src/pcap/packet.js';
import { handshakeRounds, referenceCapture, type Transport } from './handshake-rounds.js';

const [dirA, dirB] = [process.argv[2], process.argv[3]];
if (dirA === undefined || dirB === undefined) {
  console.error(
    'usage: engine-ab.bench.ts DIR_A DIR_B [all|tcp|quic] [pairs=20] [warm|cold] [engine|jsonl]',
  );
  process.exit(2);
}
const only = (process.argv[4] ?? 'all') as Transport;
const pairs = Number(process.argv[5] ?? 20);
const cold = process.argv[6] === 'cold';
const jsonl = process.argv[7] === 'jsonl';
if (
  !['all', 'tcp', 'quic'].includes(only) ||
  !(pairs > 0) ||
  !['warm', 'cold', undefined].includes(process.argv[6]) ||
  !['engine', 'jsonl', undefined].includes(process.argv[7])
) {
  console.error(
    'engine-ab bench: transport is all, tcp or quic; pairs a positive number; then warm or cold; then engine or jsonl',
  );
  process.exit(2);
}

interface Side {
  dir: string;
  createEngine: (o: { onRecord: (r: { ja4?: string }) => void }) => {
    push(p: RawPacket): void;
    finish(): void;
  };
  memos: { clear(): void }[];
  /** The CLI's JSON-lines writer (jsonl), or undefined. */
  writer: { write(r: object): void; flush(): void } | undefined;
}

interface Output {
  batched(out: (chunk: Uint8Array) => void): { write(s: string): void; flush(): void };
  createWriter(format: 'jsonl', out: (s: string) => void): { write(r: object): void };
}

async function side(dir: string): Promise<Side> {
  const root = resolve(dir);
  const { createEngine } = (await import(`${root}/capture-worker/src/engine/engine.ts`)) as Side;
  const memos: { clear(): void }[] = [];
  for (const f of ['ja4', 'ja4s', 'ja3', 'ja4x']) {
    const m = (await import(`${root}/capture-worker/src/fingerprint/${f}.ts`)) as Record<
      string,
      unknown
    >;
    for (const [k, v] of Object.entries(m))
      if (k.endsWith('Memo')) memos.push(v as { clear(): void });
  }
  let writer: Side['writer'];
  if (jsonl) {
    const o = (await import(`${root}/capture-worker/src/cli/output.ts`)) as Output;
    const chunks = o.batched(() => {});
    const w = o.createWriter('jsonl', chunks.write);
    writer = { write: (r) => w.write(r), flush: chunks.flush };
  }
  return { dir: root, createEngine, memos, writer };
}

const a = await side(dirA);
const b = await side(dirB);
const { copies } = await handshakeRounds(referenceCapture('engine-ab bench'), only);
let k = 0;

/** Rounds for `ms`: [hellos, CPU seconds]. */
function slice(s: Side, ms: number): [number, number] {
  let hellos = 0;
  const c0 = process.cpuUsage();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (cold) for (const m of s.memos) m.clear();
    const w = s.writer;
    const e = s.createEngine({
      onRecord: (r) => {
        if (r.ja4 !== undefined) hellos++;
        w?.write(r);
      },
    });
    for (const p of copies[k++ % copies.length] as RawPacket[]) e.push(p);
    e.finish();
    w?.flush();
  }
  const c = process.cpuUsage(c0);
  return [hellos, (c.user + c.system) / 1e6];
}

const load0 = loadavg()[0];
slice(a, 1500);
slice(b, 1500);
const ra: number[] = [];
const rb: number[] = [];
for (let i = 0; i < pairs; i++) {
  const [ha, ca] = slice(a, 250);
  const [hb, cb] = slice(b, 250);
  ra.push(ha / ca);
  rb.push(hb / cb);
}
const median = (x: readonly number[]): number =>
  [...x].sort((p, q) => p - q)[x.length >> 1] as number;
const ratios = ra.map((v, i) => (rb[i] as number) / v);
console.log(
  JSON.stringify({
    bench: 'engine_ab_in_process',
    a: a.dir,
    b: b.dir,
    transport: only,
    memos: cold ? 'cold' : 'warm',
    output: jsonl ? 'jsonl' : 'none',
    pairs,
    a_per_cpu_s: Math.round(median(ra)),
    b_per_cpu_s: Math.round(median(rb)),
    b_over_a_median: Number(median(ratios).toFixed(3)),
    b_over_a_range: [
      Number(Math.min(...ratios).toFixed(2)),
      Number(Math.max(...ratios).toFixed(2)),
    ],
    loadavg_1m: [load0, loadavg()[0]],
    date: new Date().toISOString(),
  }),
);
