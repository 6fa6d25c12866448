// blocklist.export through the API (issue 23), each format from a selection and from a search of
// a real capture of many clients. The truth is tshark's view of the capture (which addresses sent
// which JA4), and the receivers themselves where Debian has them: `nginx -t` loads the nginx map,
// `haproxy -c` loads the ACL file. blocklist.file is the same file as a download: the HTTP
// response, or in the desktop the file main writes where the save dialog says.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocklistHeaders } from '../../common/api/blocklist.js';
import { contract, type OperationOutput } from '../../common/api/contract.js';
import { dispatch } from '../../main/api/dispatch.js';
import { dialogFiles } from '../../main/api/ipc/dialog-files.js';
import { importCaptureFile } from '../../main/domain/import/operations.js';
import type { Store } from '../../main/storage/store.js';
import { listenApi } from '../support/api-server.js';
import { testContext } from '../support/context.js';
import { hasCommand } from '../support/tls.js';
import { capturePath, tsharkView } from '../../capture-worker/test-fixtures/captures.js';
import { migratedStore } from '../support/store.js';

type Exported = OperationOutput<'blocklist.export'>;

const FIXTURE = 'tls-clients.pcap';
const hellos = tsharkView(FIXTURE).hellos.filter((h) => h.type === 'client' && h.ja4);
/** tshark's answer to "who sent this JA4". */
const sendersOf = (ja4: string) => [
  ...new Set(hellos.filter((h) => h.ja4 === ja4).map((h) => h.src)),
];
// A JA4 some but not all addresses sent (a TLS 1.3 client without ALPN), and Chromium's.
const RARE = 't13d591000_a33745022dd6_1f22a2ca17c4';
const CHROMIUM = 't13d1517h2_8daaf6152771_cb7bf5808d99';
const token = 'blocklist-token-0123456789abcdefghijklmnopqrstuvwxyz';
const window = { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
const HOUR = 3_600_000;

let store: Store;
let server: Server;
let base: string;

beforeAll(async () => {
  store = await migratedStore('ja4ws-blocklist-');
  await importCaptureFile(store, capturePath(FIXTURE), { ja4plus: false });
  ({ server, base } = await listenApi(testContext(store), token, { maxBodyBytes: 1024 * 1024 }));
});

afterAll(async () => {
  server?.close();
  await store?.close();
});

async function call(body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/api/v1/blocklist.export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function exported(body: unknown): Promise<Exported> {
  const before = Date.now();
  const r = await call(body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const out = contract['blocklist.export'].output.parse(r.body);
  // The expiry is ttl_hours from the call, whatever the format.
  const ttl = ((body as { ttl_hours?: number }).ttl_hours ?? 24) * HOUR;
  const at = Date.parse(out.expires);
  expect(at).toBeGreaterThanOrEqual(before + ttl - 1000);
  expect(at).toBeLessThanOrEqual(Date.now() + ttl + 1000);
  return out;
}

/** The values of an nginx map block `map $var $name { ... }`, each with its trailing comment. */
function mapEntries(conf: string, variable: string): { value: string; comment: string }[] {
  const block = new RegExp(`map \\${variable} \\$\\w+ \\{([^}]*)\\}`).exec(conf)?.[1] ?? '';
  return [...block.matchAll(/^\s*"([^"]+)" 1;\s*#?\s*(.*)$/gm)].map((m) => ({
    value: m[1]!,
    comment: m[2]!,
  }));
}

const selection = [
  { ip: '127.0.0.13', note: 'score 0.93' },
  { ip: '::1', note: 'score 0.71' },
  { ja4: RARE, note: 'score 0.88' },
];

describe('blocklist.export', () => {
  it.skipIf(!hasCommand('nginx'))(
    'nginx map of a selection: exactly the selected entities, each with its expiry; nginx -t loads it',
    async () => {
      const out = await exported({ format: 'nginx', ttl_hours: 48, targets: selection });
      expect(out).toMatchObject({
        ips: 2,
        ja4s: 1,
        truncated: false,
        filename: expect.stringMatching(/nginx/),
      });
      const ips = mapEntries(out.content, '$remote_addr');
      expect(ips.map((e) => e.value)).toEqual(['127.0.0.13', '::1']);
      expect(mapEntries(out.content, '$http_x_ja4').map((e) => e.value)).toEqual([RARE]);
      for (const e of [...ips, ...mapEntries(out.content, '$http_x_ja4')])
        expect(e.comment).toMatch(new RegExp(`^expires ${out.expires} score 0\\.\\d\\d$`));
      const dir = mkdtempSync(join(tmpdir(), 'ja4ws-bl-nginx-'));
      writeFileSync(join(dir, out.filename), out.content);
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; include ${dir}/${out.filename}; server { listen 127.0.0.1:1; location / { if ($ja4ws_block) { return 403; } return 200; } } }\n`,
      );
      execFileSync('nginx', ['-t', '-q', '-c', join(dir, 'nginx.conf'), '-p', dir], {
        stdio: 'pipe',
      });
    },
  );

  it('HAProxy ACL of a search: the addresses tshark saw send the JA4, one a line; haproxy -c loads it', async () => {
    const out = await exported({
      format: 'haproxy',
      ttl_hours: 6,
      search: { window, source: 'handshakes', filters: { ja4: RARE } },
    });
    const truth = sendersOf(RARE).sort();
    expect(truth.length).toBeGreaterThan(3);
    const lines = out.content.split('\n').filter(Boolean);
    expect(lines.filter((l) => !l.startsWith('#')).sort()).toEqual(truth);
    // Each address follows its expiry comment, with how many handshakes it stands for.
    for (const ip of truth)
      expect(lines[lines.indexOf(ip) - 1]).toBe(`# expires ${out.expires} 1 matching handshake`);
    if (!hasCommand('haproxy')) return;
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-bl-haproxy-'));
    writeFileSync(join(dir, out.filename), out.content);
    writeFileSync(
      join(dir, 'haproxy.cfg'),
      [
        'defaults',
        '  mode http',
        '  timeout client 1s',
        '  timeout server 1s',
        '  timeout connect 1s',
        'frontend f',
        '  bind 127.0.0.1:1',
        `  acl ja4ws_block src -f ${dir}/${out.filename}`,
        '  http-request deny if ja4ws_block',
        '  default_backend b',
        'backend b',
        '  server s 127.0.0.1:2',
        '',
      ].join('\n'),
    );
    execFileSync('haproxy', ['-c', '-q', '-f', join(dir, 'haproxy.cfg')], { stdio: 'pipe' });
  });

  it('Cloudflare expression of a search blocking both: its JA4 on cf.bot_management.ja4 and its addresses on ip.src', async () => {
    const out = await exported({
      format: 'cloudflare',
      search: { window, filters: { ja4: RARE }, block: 'both' },
    });
    const m = /^\(cf\.bot_management\.ja4 in \{([^}]*)\}\) or \(ip\.src in \{([^}]*)\}\)\n$/.exec(
      out.content,
    );
    expect(m, out.content).not.toBeNull();
    expect(m![1]).toBe(`"${RARE}"`);
    expect(m![2]!.split(' ').sort()).toEqual(sendersOf(RARE).sort());
    // The expression cannot hold an expiry; the file's name and the answer carry it.
    expect(out.filename).toContain(out.expires.slice(0, 10));
  });

  it('AWS WAF rule of a selection: a JA4Fingerprint EXACTLY match per JA4, the addresses as IP-set CIDRs, the expiry', async () => {
    const out = await exported({
      format: 'aws-waf',
      ttl_hours: 1,
      targets: [...selection, { ja4: CHROMIUM }],
    });
    const j = JSON.parse(out.content) as {
      Rule: {
        Action: unknown;
        Statement: {
          OrStatement: {
            Statements: {
              ByteMatchStatement: {
                FieldToMatch: object;
                SearchString: string;
                PositionalConstraint: string;
              };
            }[];
          };
        };
      };
      IPSetAddresses: string[];
      Expires: string;
    };
    expect(j.Rule.Action).toEqual({ Block: {} });
    const matches = j.Rule.Statement.OrStatement.Statements.map((s) => s.ByteMatchStatement);
    expect(matches.map((s) => s.SearchString)).toEqual([RARE, CHROMIUM]);
    for (const s of matches) {
      expect(s.FieldToMatch).toEqual({ JA4Fingerprint: { FallbackBehavior: 'NO_MATCH' } });
      expect(s.PositionalConstraint).toBe('EXACTLY');
    }
    expect(j.IPSetAddresses).toEqual(['127.0.0.13/32', '::1/128']);
    expect(j.Expires).toBe(out.expires);
    // Chromium's JA4 is in the knowledge base: blocking it blocks every Chromium.
    expect(out.warnings.join('\n')).toMatch(new RegExp(`${CHROMIUM} is known as Chromium`));
    expect(out.warnings.join('\n')).not.toContain(RARE);
  });

  it('blocklist.file: over HTTP the response is the file, what it holds in headers', async () => {
    const input = {
      format: 'nginx' as const,
      ttl_hours: 48,
      targets: [...selection, { ja4: CHROMIUM }],
    };
    const res = await fetch(`${base}/api/v1/blocklist.file`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(200);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    expect(name).toMatch(/^ja4ws-block-until-\d{4}-\d\d-\d\dT\d{4}Z\.nginx\.conf$/);
    const text = await res.text();
    expect(mapEntries(text, '$remote_addr').map((e) => e.value)).toEqual(['127.0.0.13', '::1']);
    expect(mapEntries(text, '$http_x_ja4').map((e) => e.value)).toEqual([RARE, CHROMIUM]);
    expect(res.headers.get(blocklistHeaders.ips)).toBe('2');
    expect(res.headers.get(blocklistHeaders.ja4s)).toBe('2');
    const expires = res.headers.get(blocklistHeaders.expires)!;
    expect(text).toContain(`# expires ${expires}`);
    const warnings = JSON.parse(
      decodeURIComponent(res.headers.get(blocklistHeaders.warnings)!),
    ) as string[];
    expect(warnings.join('\n')).toContain(`${CHROMIUM} is known as Chromium`);
  });

  it('blocklist.file in the desktop: main writes the same file where the save dialog says', async () => {
    const input = { format: 'nginx' as const, ttl_hours: 48, targets: selection };
    const path = join(mkdtempSync(join(tmpdir(), 'ja4ws-bl-ipc-')), 'chosen.conf');
    const asked: string[] = [];
    const dialogs = dialogFiles({
      savePath: async (name) => (asked.push(name), path),
      openPaths: async () => [],
    });
    const out = (await dispatch('blocklist.file', input, testContext(store), dialogs)) as {
      saved: boolean;
      path: string;
      bytes: number;
      ips: number;
    };
    expect(out).toMatchObject({ saved: true, path, ips: 2 });
    expect(asked[0]).toMatch(/\.nginx\.conf$/);
    const saved = readFileSync(path, 'utf8');
    expect(out.bytes).toBe(Buffer.byteLength(saved));
    const viaHttp = await exported(input);
    // The expiry moves with the clock between the two calls: compare the file without it.
    const norm = (s: string) => s.replace(/expires \S+/g, 'expires T');
    expect(norm(saved)).toBe(norm(viaHttp.content));
    // Cancelled: nothing written, and it says so.
    const cancelled = dialogFiles({ savePath: async () => undefined, openPaths: async () => [] });
    expect(await dispatch('blocklist.file', input, testContext(store), cancelled)).toMatchObject({
      saved: false,
      bytes: 0,
    });
  });

  it('refuses what cannot make a rule, naming the field', async () => {
    const both = await call({ format: 'nginx', targets: selection, search: { window } });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toMatch(/either targets or search/);
    const badIp = await call({ format: 'nginx', targets: [{ ip: '300.1.2.3' }] });
    expect(badIp.status).toBe(400);
    expect((badIp.body as { error: { field: string } }).error.field).toBe('targets.0.ip');
    const partial = await call({
      format: 'cloudflare',
      targets: [{ ja4: 't13d1516h2_8daaf6152771' }],
    });
    expect(partial.status).toBe(400);
    expect((partial.body as { error: { field: string } }).error.field).toBe('targets.0.ja4');
    const requestField = await call({
      format: 'nginx',
      search: { window, source: 'handshakes', filters: { host: 'shop.example.com' } },
    });
    expect(requestField.status).toBe(400);
    expect((requestField.body as { error: { field: string } }).error.field).toBe(
      'search.filters.host',
    );
    const nothing = await call({
      format: 'haproxy',
      search: { window, filters: { ja4: 't13d0000h2_000000000000_000000000000' } },
    });
    expect(nothing.status).toBe(400);
    expect(JSON.stringify(nothing.body)).toMatch(/nothing to block/);
  });
});
