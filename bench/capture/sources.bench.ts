// Compares the two live packet sources on lo: timestamp precision against tcpdump's own capture of
// the same packets, loss and kernel drops at given packet rates, and CPU per packet. Every packet
// is also pushed through the engine, as in the worker. Run as root:
//   npx tsx bench/capture/sources.bench.ts [rates=5000,20000,50000] [seconds=4]
// The traffic generator runs in its own process; the machine is shared, so figures are indicative.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEngine } from '../../capture-worker/src/engine/index.js';
import { readCaptureFile } from '../../capture-worker/src/pcap/read-file.js';
import { CapSource } from '../../capture-worker/src/source/cap.js';
import { TcpdumpSource } from '../../capture-worker/src/source/tcpdump.js';
import type { CaptureOptions, PacketSource } from '../../capture-worker/src/source/types.js';

const run = promisify(execFile);
const PORT = 40999;
const PAYLOAD_OFF = 14 + 20 + 8; // Ethernet (lo) + IPv4 + UDP

function cpuTicks(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks (100/s)
  } catch {
    return 0;
  }
}

function seqOf(data: Uint8Array): number | undefined {
  if (data.length < PAYLOAD_OFF + 8) return undefined;
  return Number(new DataView(data.buffer, data.byteOffset + PAYLOAD_OFF, 8).getBigUint64(0));
}

async function reference(file: string): Promise<() => Promise<void>> {
  const td = spawn(
    'tcpdump',
    [
      '-i',
      'lo',
      '-n',
      '-U',
      '--immediate-mode',
      '--time-stamp-precision=nano',
      '-B',
      '32768',
      '-w',
      file,
      '--',
      `udp port ${PORT}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let err = '';
  await new Promise<void>((res, rej) => {
    td.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening')) res();
    });
    td.on('close', () => rej(new Error(`reference tcpdump failed: ${err}`)));
  });
  return async () => {
    const c = new Promise((r) => td.on('close', r));
    td.kill('SIGTERM');
    await c;
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

interface Row {
  source: string;
  ratePps: number;
  sent: number;
  captured: number;
  lossPct: number;
  kernelDrops: number | null;
  tsDiffUs: { median: number; p99: number; maxAbs: number } | null;
  cpuPctOfCore: number;
  cpuUsPerPacket: number;
}

async function measure(
  name: 'tcpdump' | 'cap',
  rate: number,
  seconds: number,
  dir: string,
): Promise<Row> {
  const opts: CaptureOptions = {
    iface: 'lo',
    filter: `udp port ${PORT}`,
    snaplen: 262144,
    bufferBytes: 32 << 20,
    promisc: false,
    dropUser: 'tcpdump',
  };
  const src: PacketSource = name === 'tcpdump' ? new TcpdumpSource(opts) : new CapSource(opts);
  const engine = createEngine({ onRecord: () => undefined, early: true });
  const ts = new Map<number, bigint>();
  await src.start({
    packet(p) {
      engine.push(p);
      const s = seqOf(p.data);
      if (s !== undefined) ts.set(s, BigInt(p.tsSec) * 1_000_000_000n + BigInt(p.tsNsec));
    },
    warn: () => undefined,
    end: () => undefined,
  });
  const refFile = join(dir, `ref-${name}-${rate}.pcap`);
  const stopRef = await reference(refFile);
  const helper = src instanceof TcpdumpSource ? src.pid : undefined;
  const cpu0 = process.cpuUsage();
  const tick0 = helper ? cpuTicks(helper) : 0;
  const w0 = Date.now();
  const { stdout } = await run(process.execPath, [
    '--import',
    'tsx',
    join(import.meta.dirname, 'udp-blast.ts'),
    String(PORT),
    String(rate),
    String(seconds),
  ]);
  const sent = (JSON.parse(stdout) as { sent: number }).sent;
  await new Promise((r) => setTimeout(r, 500));
  src.counters();
  await new Promise((r) => setTimeout(r, 300));
  const wallS = (Date.now() - w0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const helperS = helper ? (cpuTicks(helper) - tick0) / 100 : 0;
  const counters = src.counters();
  await src.stop();
  await stopRef();
  const diffs: number[] = [];
  for await (const p of readCaptureFile(refFile)) {
    const s = seqOf(p.data);
    const mine = s === undefined ? undefined : ts.get(s);
    if (mine === undefined) continue;
    const ref = BigInt(p.tsSec) * 1_000_000_000n + BigInt(p.tsNsec);
    diffs.push(Number(mine - ref) / 1000);
  }
  diffs.sort((a, b) => a - b);
  const cpuS = (cpu.user + cpu.system) / 1e6 + helperS;
  return {
    source: name,
    ratePps: rate,
    sent,
    captured: ts.size,
    lossPct: Number((((sent - ts.size) / sent) * 100).toFixed(3)),
    kernelDrops: counters.kernelDrops,
    tsDiffUs: diffs.length
      ? {
          median: Number(pct(diffs, 0.5).toFixed(1)),
          p99: Number(pct(diffs, 0.99).toFixed(1)),
          maxAbs: Number(Math.max(Math.abs(diffs[0]!), Math.abs(diffs.at(-1)!)).toFixed(1)),
        }
      : null,
    cpuPctOfCore: Number(((cpuS / wallS) * 100).toFixed(1)),
    cpuUsPerPacket: Number(((cpuS * 1e6) / Math.max(1, ts.size)).toFixed(2)),
  };
}

// Synchronous writes: results survive whatever the addon does at process exit.
const emit = (o: unknown): void => void writeSync(1, `${JSON.stringify(o)}\n`);

const rates = (process.argv[2] ?? '5000,20000,50000').split(',').map(Number);
const seconds = Number(process.argv[3] ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'bench-sources-'));
emit({
  date: new Date().toISOString(),
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  note: 'shared machine (other engineers running builds/tests)',
  loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
});
try {
  for (const rate of rates) {
    for (const s of (process.env.SOURCES ?? 'tcpdump,cap').split(',') as ('tcpdump' | 'cap')[])
      emit(await measure(s, rate, seconds, dir));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
