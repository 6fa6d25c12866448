// ClientHello per second on one core, over the real ClientHellos of the reference captures
// (capture-worker/src/tls/fixtures/hellos.jsonl), timing exactly what the engine runs per hello:
// clientHelloPrints() (parse, JA4 with its _r/_o/_ro variants, JA3) from the engine's handshake
// handler. Run: `npx tsx bench/fingerprint/client-hello.bench.ts [seconds]`. Prints one JSON line:
// hellos_per_cpu_s is the cold figure (the digest memos emptied before every hello, so every
// digest is computed: nothing carried from one hello to the next); with_sni_random_per_cpu_s also
// builds the two lazy fields the engine reads; warm_memo_per_cpu_s keeps the memos (repeated
// fingerprints, as on a real link where a few client builds make most connections).
import { hash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import {
  clientHelloPrints,
  clientRandomHex,
} from '../../capture-worker/src/engine/handshake-handler.js';
import { ja3ListMemo } from '../../capture-worker/src/fingerprint/ja3.js';
import { ja4ListMemo } from '../../capture-worker/src/fingerprint/ja4.js';
import { fixture, handshakeMessages } from '../../capture-worker/src/tls/fixtures/load.js';

const seconds = Number(process.argv[2] ?? 5);
const hellos = fixture('hellos')
  .filter((r) => r.transport === 'tcp')
  .flatMap((r) => handshakeMessages(r))
  .filter((m) => m.type === 1)
  .map((m) => m.body.slice());
const bytes = hellos.reduce((n, h) => n + h.length, 0);

let sink = 0;
function cold(): void {
  ja4ListMemo.clear();
  ja3ListMemo.clear();
}
function round(): void {
  for (const body of hellos) {
    cold();
    const p = clientHelloPrints(body, 't');
    sink += p.ja4.ja4.length + p.ja4.ja4_ro.length + p.ja3.ja3.length;
  }
}

// What the engine also reads per hello: the parse leaves the host name and the random as offsets
// until asked, so this second rate shows the cost with them built.
function roundWithFields(): void {
  for (const body of hellos) {
    cold();
    const p = clientHelloPrints(body, 't');
    sink +=
      p.ja4.ja4.length +
      p.ja4.ja4_ro.length +
      p.ja3.ja3.length +
      (p.ch.serverName?.length ?? 0) +
      clientRandomHex(p.ch).length;
  }
}

// The same with the memos kept from hello to hello.
function roundWarm(): void {
  for (const body of hellos) {
    const p = clientHelloPrints(body, 't');
    sink +=
      p.ja4.ja4.length +
      p.ja4.ja4_ro.length +
      p.ja3.ja3.length +
      (p.ch.serverName?.length ?? 0) +
      clientRandomHex(p.ch).length;
  }
}

// Warm up the JIT, then time whole rounds over the set.
const warmEnd = performance.now() + 1000;
while (performance.now() < warmEnd) round();
let n = 0;
const cpu0 = process.cpuUsage();
const start = performance.now();
const end = start + seconds * 1000;
while (performance.now() < end) {
  round();
  n += hellos.length;
}
const elapsed = (performance.now() - start) / 1000;
// CPU time of the timed loop only (the digest floor below is timed separately).
const cpu = process.cpuUsage(cpu0);

// The same with the host name and random read (half the time).
const fWarm = performance.now() + 500;
while (performance.now() < fWarm) roundWithFields();
let fn = 0;
const fcpu0 = process.cpuUsage();
const fEnd = performance.now() + seconds * 500;
while (performance.now() < fEnd) {
  roundWithFields();
  fn += hellos.length;
}
const fcpu = process.cpuUsage(fcpu0);

const wWarm = performance.now() + 500;
while (performance.now() < wWarm) roundWarm();
let wn = 0;
const wcpu0 = process.cpuUsage();
const wEnd = performance.now() + seconds * 500;
while (performance.now() < wEnd) {
  roundWarm();
  wn += hellos.length;
}
const wcpu = process.cpuUsage(wcpu0);

// Floor set by the machine right now: the five digests of a cold hello alone (4x SHA-256 for JA4
// and its _o variant, MD5 for JA3) on typical inputs, timed the same way.
const b = Buffer.from('002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9');
const c = Buffer.from(
  '0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601',
);
const j = Buffer.from(
  '771,4865-4867-4866-49195-49199-52393-52392-49196-49200-49162-49161-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-34-51-43-13-45-28-21,29-23-24-25-256-257,0',
);
let hashes = 0;
const hcpu0 = process.cpuUsage();
const hEnd = performance.now() + 1000;
while (performance.now() < hEnd) {
  for (let i = 0; i < 1000; i++) {
    sink +=
      hash('sha256', b, 'hex').length +
      hash('sha256', c, 'hex').length +
      hash('sha256', b, 'hex').length +
      hash('sha256', c, 'hex').length +
      hash('md5', j, 'hex').length;
  }
  hashes += 1000;
}
const hcpu = process.cpuUsage(hcpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
// On a shared machine wall time includes time the scheduler gave to others: the CPU-time rate is
// the one-core figure; the wall-clock rate is printed beside it.
const perSecond = Math.round(n / cpuSeconds);
console.log(
  JSON.stringify({
    bench: 'clienthello_engine_prints',
    hellos_per_cpu_s: perSecond,
    hellos_per_wall_s: Math.round(n / elapsed),
    with_sni_random_per_cpu_s: Math.round(fn / ((fcpu.user + fcpu.system) / 1e6)),
    warm_memo_per_cpu_s: Math.round(wn / ((wcpu.user + wcpu.system) / 1e6)),
    cpu_seconds: Number(cpuSeconds.toFixed(2)),
    digests_only_per_cpu_s: Math.round(hashes / ((hcpu.user + hcpu.system) / 1e6)),
    loadavg_1m: loadavg()[0],
    target_per_s: 300000,
    meets_target: perSecond >= 300000,
    distinct_hellos: hellos.length,
    mean_hello_bytes: Math.round(bytes / hellos.length),
    seconds: Number(elapsed.toFixed(2)),
    node: process.version,
    cpu: cpus()[0]?.model,
    nproc: cpus().length,
    note: 'one core, machine shared with other engineers',
    date: new Date().toISOString(),
    sink: sink > 0,
  }),
);
