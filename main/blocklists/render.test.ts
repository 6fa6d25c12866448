// Blocklist renderers: the nginx output is checked by nginx itself (nginx -t) when it is
// installed; the others against their documented syntax. Bad values are refused, expired entries
// left out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand } from '../../tests/support/tls.js';
import { renderBlocklist, type BlockEntity } from './render.js';

const now = Date.parse('2026-12-07T05:00:00Z');
const list: BlockEntity[] = [
  { ip: '203.0.113.7', expires: '2026-12-08T05:00:00Z', note: 'score 0.91' },
  { ip: '2001:db8::9', expires: '2026-12-08T05:00:00Z' },
  { ja4: 't13d1516h2_8daaf6152771_02713d6af862', expires: '2026-12-08T05:00:00Z' },
  { ip: '198.51.100.1', expires: '2026-12-06T05:00:00Z' }, // expired
];

describe('blocklists', () => {
  it.skipIf(!hasCommand('nginx'))('nginx map: nginx -t accepts it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-bl-'));
    writeFileSync(join(dir, 'block.conf'), renderBlocklist('nginx', list, now));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; include ${dir}/block.conf; server { listen 127.0.0.1:1; location / { if ($ja4ws_block) { return 403; } return 200; } } }\n`,
    );
    execFileSync('nginx', ['-t', '-q', '-c', join(dir, 'nginx.conf'), '-p', dir], {
      stdio: 'pipe',
    });
  });

  it('nginx and HAProxy hold the live entries with their expiry, not the expired one', () => {
    const n = renderBlocklist('nginx', list, now);
    expect(n).toContain('"203.0.113.7" 1; # expires 2026-12-08T05:00:00Z score 0.91');
    expect(n).toContain('"t13d1516h2_8daaf6152771_02713d6af862" 1;');
    expect(n).not.toContain('198.51.100.1');
    const h = renderBlocklist('haproxy', list, now).split('\n');
    expect(h.filter((l) => l && !l.startsWith('#'))).toEqual(['203.0.113.7', '2001:db8::9']);
  });

  it('Cloudflare expression on cf.bot_management.ja4 and ip.src', () => {
    expect(renderBlocklist('cloudflare', list, now)).toBe(
      '(cf.bot_management.ja4 in {"t13d1516h2_8daaf6152771_02713d6af862"}) or (ip.src in {203.0.113.7 2001:db8::9})\n',
    );
  });

  it('AWS WAF rule: JA4Fingerprint byte match EXACTLY, addresses as an IP set with prefixes', () => {
    const j = JSON.parse(renderBlocklist('aws-waf', list, now)) as {
      Rule: {
        Statement: {
          ByteMatchStatement: {
            FieldToMatch: object;
            SearchString: string;
            PositionalConstraint: string;
          };
        };
      };
      IPSetAddresses: string[];
    };
    expect(j.Rule.Statement.ByteMatchStatement).toMatchObject({
      FieldToMatch: { JA4Fingerprint: { FallbackBehavior: 'NO_MATCH' } },
      PositionalConstraint: 'EXACTLY',
      SearchString: 't13d1516h2_8daaf6152771_02713d6af862',
    });
    expect(j.IPSetAddresses).toEqual(['203.0.113.7/32', '2001:db8::9/128']);
  });

  it('refuses values that are not an address or a JA4', () => {
    expect(() =>
      renderBlocklist('nginx', [{ ip: '1.2.3.4"; evil', expires: '2027-01-01T00:00:00Z' }]),
    ).toThrow(/not an IP/);
    expect(() =>
      renderBlocklist('cloudflare', [{ ja4: 'x"} or true', expires: '2027-01-01T00:00:00Z' }]),
    ).toThrow(/not a JA4/);
  });
});

describe('ja4ws blocklist', () => {
  it('reads the anomalies JSONL output above a score and writes the Cloudflare expression', async () => {
    const { runCli } = await import('../cli/program.js');
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-bl-'));
    const file = join(dir, 'events.jsonl');
    writeFileSync(
      file,
      [
        {
          type: 'anomaly',
          src_ip: '203.0.113.7',
          ja4: 't13d1516h2_8daaf6152771_02713d6af862',
          score: 0.9,
        },
        { type: 'anomaly', src_ip: '192.0.2.1', ja4: '', score: 0.3 },
        { type: 'correlated', src_ip: '192.0.2.2' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n') + '\n',
    );
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    try {
      await runCli(['blocklist', 'cloudflare', '--anomalies', file, '--min-score', '0.8']);
    } finally {
      process.stdout.write = write;
    }
    expect(out).toBe(
      '(cf.bot_management.ja4 in {"t13d1516h2_8daaf6152771_02713d6af862"}) or (ip.src in {203.0.113.7})\n',
    );
  });
});
