// Packets/s the whole capture worker (source + engine + channel, supervised) sustains on lo with
// no loss and no kernel drops. Rates go up until a step loses packets. Run as root:
//   node --import tsx bench/capture/worker-rate.bench.ts [tcpdump|cap] [rates=10000,20000,...] [seconds=5]
// Traffic: UDP datagrams from a separate generator process (bench/capture/udp-blast.ts). The
// machine is shared with other engineers' builds and tests: figures are a floor, not a ceiling.
import { execFile } from 'node:child_process';
import { readFileSync, writeSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CaptureSupervisor } from '../../main/capture/supervisor.js';

const run = promisify(execFile);

/** utime + stime of a process, in clock ticks (100/s). */
function ticks(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
const PORT = 40998;
const emit = (o: unknown): void => void writeSync(1, `${JSON.stringify(o)}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const source = (process.argv[2] ?? 'tcpdump') as 'tcpdump' | 'cap';
const rates = (process.argv[3] ?? '10000,20000,40000,60000,80000,100000,150000')
  .split(',')
  .map(Number);
const seconds = Number(process.argv[4] ?? 5);

emit({
  bench: 'capture-worker-rate',
  source,
  date: new Date().toISOString(),
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
  note: 'shared machine',
});
let best = 0;
for (const rate of rates) {
  let maxRss = 0;
  let workerCpuUs = 0;
  const sup = new CaptureSupervisor({
    workers: [
      {
        name: 'lo',
        config: {
          iface: 'lo',
          source,
          filter: `udp port ${PORT}`,
          statsIntervalMs: 500,
          bufferBytes: 64 << 20,
        },
      },
    ],
    onStats: (s) => {
      maxRss = Math.max(maxRss, s.rssBytes);
      workerCpuUs = s.cpuUserUs + s.cpuSystemUs;
    },
  });
  await sup.start();
  while (sup.health()[0]!.state !== 'running') await sleep(20);
  const helper = sup.health()[0]!.hello?.helperPid;
  const cpu0 = workerCpuUs;
  const helper0 = helper ? ticks(helper) : 0;
  const w0 = Date.now();
  const { stdout } = await run(process.execPath, [
    '--import',
    'tsx',
    join(import.meta.dirname, 'udp-blast.ts'),
    String(PORT),
    String(rate),
    String(seconds),
  ]);
  const blast = JSON.parse(stdout) as { sent: number; seconds: number };
  await sleep(1500);
  const helperS = helper ? (ticks(helper) - helper0) / 100 : 0;
  const wallS = (Date.now() - w0) / 1000;
  await sup.stop();
  const t = sup.health()[0]!.totals;
  const lost = blast.sent - t.packets;
  const clean = lost === 0 && (t.kernelDrops ?? 0) === 0;
  if (clean) best = Math.max(best, Math.round(blast.sent / blast.seconds));
  emit({
    source,
    targetPps: rate,
    achievedPps: Math.round(blast.sent / blast.seconds),
    sent: blast.sent,
    workerPackets: t.packets,
    lost,
    kernelDrops: t.kernelDrops,
    ifaceDrops: t.ifaceDrops,
    // Worker CPU as of its last stats message (every 0.5 s), plus its tcpdump child.
    workerCpuPctOfCore: Number((((workerCpuUs - cpu0) / 1e6 / wallS) * 100).toFixed(1)),
    tcpdumpCpuPctOfCore: helper ? Number(((helperS / wallS) * 100).toFixed(1)) : null,
    peakRssMb: Math.round(maxRss / 1048576),
    clean,
  });
  if (!clean) break;
}
emit({ source, sustainedPpsWithoutLoss: best });
