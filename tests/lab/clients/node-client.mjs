// Runs inside a client namespace: the Node-based clients of the lab (node:https, wreq-js browser
// profiles, node-curl-impersonate). Prints one JSON line: the connections it made, with the local
// port where the library can tell it, and the requests sent on each.
// Usage: node node-client.mjs <json: {kind, profile?, ca, conns: [{base, paths: [...]}]}>
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

const opts = JSON.parse(process.argv[2] ?? '{}');
const out = [];

function nodeGet(url, agent) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { 'User-Agent': 'j4lab-node/1.0' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(req.socket?.localPort ?? 0));
    });
    req.on('error', reject);
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout ${url}`)));
    req.end();
  });
}

if (opts.kind === 'node') {
  const ca = readFileSync(opts.ca);
  for (const c of opts.conns) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
    let port = 0;
    for (const p of c.paths) port = await nodeGet(c.base + p, agent);
    agent.destroy();
    out.push({ localPort: port, requests: c.paths.length });
  }
} else if (opts.kind === 'wreq') {
  // BoringSSL's default verify paths read SSL_CERT_FILE (set to the lab CA by the caller).
  const { createSession } = await import('wreq-js');
  for (const c of opts.conns) {
    const session = await createSession({ browser: opts.profile, trustStore: 'defaultPaths' });
    try {
      for (const p of c.paths) {
        const res = await session.fetch(c.base + p, { timeout: 15_000 });
        await res.text();
      }
    } finally {
      await session.close();
    }
    out.push({ requests: c.paths.length });
  }
} else if (opts.kind === 'cimp') {
  const { CurlImpersonate } = await import('node-curl-impersonate');
  for (const c of opts.conns) {
    // One curl process per URL list entry: each is its own connection.
    for (const p of c.paths) {
      const ci = new CurlImpersonate(c.base + p, {
        method: 'GET',
        impersonate: opts.profile,
        headers: {},
        flags: ['--cacert', opts.ca, '--max-time', '15', '-w', "'\\n%{local_port}'"],
      });
      const res = await ci.makeRequest();
      const port = Number(String(res.response).trim().split('\n').pop());
      out.push({ localPort: Number.isFinite(port) ? port : 0, requests: 1 });
    }
  }
} else {
  throw new Error(`unknown node client kind ${opts.kind}`);
}
console.log(JSON.stringify(out));
