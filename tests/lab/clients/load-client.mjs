// The lab's load generator, run inside a client namespace: opens `rate` new TLS connections per
// second for `seconds`, sends `requests` keep-alive requests on each (node:https), and records for
// every connection its local port, when it started and how many requests were answered. Writes
// that record as JSON to `out` (the truth of a load run).
// Usage: node load-client.mjs <json: {bases: [url...], rate, seconds, requests, ca, out, tag}>
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';

const o = JSON.parse(process.argv[2] ?? '{}');
const ca = readFileSync(o.ca);
const conns = [];
let errors = 0;
let inFlight = 0;
const MAX_IN_FLIGHT = 4000;

function get(url, agent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'User-Agent': `j4lab-load/${o.tag}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.socket?.localPort ?? 0));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const agents = new Set();

async function connection(i) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
  agents.add(agent);
  const base = o.bases[i % o.bases.length];
  const rec = { i, base, t0: Date.now(), port: 0, requests: 0 };
  conns.push(rec);
  inFlight++;
  try {
    for (let j = 0; j < o.requests; j++) {
      rec.port = await get(`${base}/r/${o.tag}/${i}/${j}`, agent);
      rec.requests++;
    }
  } catch (err) {
    errors++;
    rec.error = String(err?.message ?? err);
  } finally {
    agent.destroy();
    agents.delete(agent);
    inFlight--;
  }
}

const start = Date.now();
const total = Math.round(o.rate * o.seconds);
let started = 0;
const pending = [];
// Start connections on schedule (catching up after a late timer), never more than the bound in flight.
await new Promise((resolve) => {
  const tick = setInterval(() => {
    const due = Math.min(total, Math.floor(((Date.now() - start) * o.rate) / 1000));
    while (started < due && inFlight < MAX_IN_FLIGHT) pending.push(connection(started++));
    if (started >= total || Date.now() - start > o.seconds * 1000 + 30_000) {
      clearInterval(tick);
      resolve();
    }
  }, 5);
});
// Bounded: connections still open 45 s after the schedule ended are cut and counted as errors.
const cut = setTimeout(() => {
  for (const a of agents) a.destroy();
}, 45_000);
await Promise.all(pending);
clearTimeout(cut);
const elapsed = (Date.now() - start) / 1000;
writeFileSync(o.out, JSON.stringify({ conns, errors, planned: total, started, elapsed }));
console.log(JSON.stringify({ planned: total, started, errors, elapsed }));
