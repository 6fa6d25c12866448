// RSS of the capture worker over a long run with steady live traffic on lo: TLS handshakes from
// Node https clients (new connection each) plus a UDP background. The worker should be flat after
// warm-up. Run as root:
//   node --import tsx bench/capture/soak.bench.ts [minutes=10] [tcpdump|cap] [handshakes/s=50] [udp pps=2000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeSync } from 'node:fs';
import https from 'node:https';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureSupervisor } from '../../main/capture/supervisor.js';

const emit = (o: unknown): void => void writeSync(1, `${JSON.stringify(o)}\n`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const minutes = Number(process.argv[2] ?? 10);
const source = (process.argv[3] ?? 'tcpdump') as 'tcpdump' | 'cap';
const hps = Number(process.argv[4] ?? 50);
const udpPps = Number(process.argv[5] ?? 2000);
const UDP_PORT = 40997;

const dir = mkdtempSync(join(tmpdir(), 'soak-'));
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(dir, 'k.pem'),
    '-out',
    join(dir, 'c.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
  ],
  { stdio: 'ignore' },
);
const server = https.createServer(
  { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
  (_q, r) => r.end('ok'),
);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as AddressInfo).port;

const samples: {
  t: number;
  rssMb: number;
  heapMb: number;
  flowsOpen: number | null;
  packets: number;
  events: number;
}[] = [];
let events = 0;
const sup = new CaptureSupervisor({
  workers: [
    {
      name: 'lo',
      config: {
        iface: 'lo',
        source,
        filter: `tcp port ${port} or udp port ${UDP_PORT}`,
        statsIntervalMs: 5000,
      },
    },
  ],
  onRecord: () => events++,
  onStats: (s) =>
    samples.push({
      t: Math.round(s.uptimeMs / 1000),
      rssMb: Math.round(s.rssBytes / 1048576),
      heapMb: Math.round(s.heapUsedBytes / 1048576),
      flowsOpen: s.flowsOpen,
      packets: s.packets,
      events,
    }),
});
emit({
  bench: 'capture-soak',
  source,
  minutes,
  handshakesPerS: hps,
  udpPps,
  date: new Date().toISOString(),
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  note: 'shared machine',
});
await sup.start();
while (sup.health()[0]!.state !== 'running') await sleep(20);

const end = Date.now() + minutes * 60_000;
const udp = createSocket('udp4');
const payload = Buffer.alloc(64);
const udpTimer = setInterval(() => {
  for (let i = 0; i < udpPps / 100; i++) udp.send(payload, UDP_PORT, '127.0.0.1');
}, 10);
let handshakes = 0;
while (Date.now() < end) {
  const t0 = Date.now();
  await Promise.all(
    Array.from(
      { length: Math.max(1, Math.round(hps / 10)) },
      () =>
        new Promise<void>((res) => {
          https
            .get({ host: '127.0.0.1', port, rejectUnauthorized: false, agent: false }, (r) => {
              r.resume();
              r.on('end', () => res());
            })
            .on('error', () => res());
          handshakes++;
        }),
    ),
  );
  await sleep(Math.max(0, 100 - (Date.now() - t0)));
}
clearInterval(udpTimer);
udp.close();
await sleep(6000);
await sup.stop();
server.close();
rmSync(dir, { recursive: true, force: true });
const h = sup.health()[0]!;
const warm = samples.filter((s) => s.t >= 60);
const rss = warm.map((s) => s.rssMb);
emit({ samples });
emit({
  source,
  minutes,
  handshakes,
  events,
  packets: h.totals.packets,
  kernelDrops: h.totals.kernelDrops,
  eventsDropped: h.totals.eventsDropped,
  rssAfterWarmupMb: {
    first: rss[0],
    last: rss.at(-1),
    min: Math.min(...rss),
    max: Math.max(...rss),
  },
  restarts: h.totals.restarts,
});
