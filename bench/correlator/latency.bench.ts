// Latency from the last event of a pair (handshake + request) to the joined output, on a live
// clock at a steady rate; in the first run one pair in five arrives request-first. With the default settings a
// request waits for its reorder bound (2 s) and clock skew (250 ms) to pass before it is decided:
// that wait is the price of order independence and dominates the figure. The second run sets
// both to 0 (an in-order feed) to show the correlator's own cost.
import { cpus } from 'node:os';
import { Correlator } from '../../correlation-worker/src/correlate/correlator.js';
import type { CorrelatorOptionsInput } from '../../correlation-worker/src/correlate/options.js';
import { machine, record, request } from './events.js';

const RATE = Number(process.env.RATE ?? 5_000); // pairs per second
const SECONDS = Number(process.env.SECONDS ?? 8);

function pct(xs: number[], p: number): number {
  return xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
}

async function run(
  label: string,
  opts: CorrelatorOptionsInput,
  requestFirstEvery: number,
): Promise<void> {
  const lastArrival = new Map<number, number>(); // src_port+ip index -> wall ms of the pair's last event
  const lat: number[] = [];
  const c = new Correlator(
    (e) => {
      if (e.correlation !== 'matched' || !e.request) return;
      const i = Number(e.request.path.split('/')[2]);
      const t = lastArrival.get(i);
      if (t !== undefined) lat.push(performance.now() - t);
      lastArrival.delete(i);
    },
    opts,
    () => Date.now() * 1000,
  );
  const tick = setInterval(() => c.advance(), 50);
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < SECONDS * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * RATE);
    for (; i < due; i++) {
      const now = Date.now() * 1000;
      const hs = record(i, now - 30_000);
      const req = request(i, 0, now - 10_000);
      req.duration_ms = 5;
      if (requestFirstEvery > 0 && i % requestFirstEvery === 0) {
        c.addRequest(req);
        lastArrival.set(i, performance.now());
        c.addHandshake(hs);
      } else {
        c.addHandshake(hs);
        lastArrival.set(i, performance.now());
        c.addRequest(req);
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  // Let the last windows close on the live clock.
  const stop = performance.now() + (opts.reorderMs ?? 2000) + (opts.skewMs ?? 250) + 500;
  while (performance.now() < stop) await new Promise((r) => setTimeout(r, 20));
  clearInterval(tick);
  lat.sort((a, b) => a - b);
  console.log(
    `  ${label}: ${lat.length} pairs at ${RATE}/s; latency p50 ${pct(lat, 50).toFixed(3)} ms, p99 ${pct(lat, 99).toFixed(3)} ms, max ${(lat.at(-1) ?? NaN).toFixed(1)} ms; matched ${c.stats.matched}/${i}`,
  );
}

console.log(
  `correlator latency, last event of a pair -> output; ${machine()}, ${cpus()[0]?.model}, ${cpus().length} cores shared with other work`,
);
await run('defaults (reorder 2000 ms, skew 250 ms), 1 pair in 5 request-first', {}, 5);
await run('in-order feed, handshake first (reorder 0, skew 0)', { reorderMs: 0, skewMs: 0 }, 0);
