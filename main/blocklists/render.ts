// Blocklists and WAF rules from a set of entities (client addresses and JA4 fingerprints), each
// with the time it expires: an nginx `map`, an HAProxy ACL file, a Cloudflare custom-rule
// expression on cf.bot_management.ja4, an AWS WAF rule (JSON) matching JA4. Values are checked
// before they are written, so nothing from an anomaly can inject configuration.
import { isIP } from 'node:net';
import { type BlocklistFormat, WHOLE_JA4 } from '../../common/api/blocklist.js';

export interface BlockEntity {
  ip?: string;
  ja4?: string;
  /** ISO time after which the entry should be removed. */
  expires: string;
  /** Why (score, reasons): written as a comment where the format has them. */
  note?: string;
}

export type { BlocklistFormat };

export function checkEntity(e: BlockEntity): void {
  if (e.ip !== undefined && isIP(e.ip) === 0)
    throw new Error(`not an IP address: ${JSON.stringify(e.ip)}`);
  if (e.ja4 !== undefined && !WHOLE_JA4.test(e.ja4))
    throw new Error(`not a JA4 fingerprint: ${JSON.stringify(e.ja4)}`);
  if (e.ip === undefined && e.ja4 === undefined) throw new Error('an entry needs an ip or a ja4');
  if (!Number.isFinite(Date.parse(e.expires)))
    throw new Error(`not a time: ${JSON.stringify(e.expires)}`);
}

/** The same address or JA4 listed twice (two anomalies, two runs) is one entry: the first kept. */
export function uniqueEntities(list: readonly BlockEntity[]): BlockEntity[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.ip ?? ''}|${e.ja4 ?? ''}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

const comment = (s: string | undefined) => (s ? s.replace(/[\r\n]+/g, ' ').slice(0, 200) : '');

/** nginx: `map $remote_addr $ja4ws_block` (and one on a JA4 variable set by your TLS module). */
function nginx(list: BlockEntity[]): string {
  const ips = list.filter((e) => e.ip);
  const ja4s = list.filter((e) => e.ja4);
  const out = [
    '# ja4ws blocklist: include inside http {}; then: if ($ja4ws_block) { return 403; }',
  ];
  out.push('map $remote_addr $ja4ws_block_ip {', '    default 0;');
  for (const e of ips)
    out.push(`    "${e.ip}" 1; # expires ${e.expires} ${comment(e.note)}`.trimEnd());
  out.push('}');
  out.push('# $http_ssl_ja4: the JA4 your TLS layer passes (e.g. a header set by the edge)');
  out.push('map $http_x_ja4 $ja4ws_block_ja4 {', '    default 0;');
  for (const e of ja4s)
    out.push(`    "${e.ja4}" 1; # expires ${e.expires} ${comment(e.note)}`.trimEnd());
  out.push('}');
  out.push(
    'map "$ja4ws_block_ip$ja4ws_block_ja4" $ja4ws_block {',
    '    default 1;',
    '    "00" 0;',
    '}',
  );
  return out.join('\n') + '\n';
}

/** HAProxy: one address per line for `acl ja4ws_block src -f file`; JA4s in a second section. */
function haproxy(list: BlockEntity[]): string {
  const out = ['# ja4ws blocklist: acl ja4ws_block src -f <this file>'];
  for (const e of list.filter((x) => x.ip))
    out.push(`# expires ${e.expires} ${comment(e.note)}`.trimEnd(), e.ip!);
  const ja4s = list.filter((x) => x.ja4);
  if (ja4s.length > 0) {
    out.push('# JA4 entries (acl ja4ws_ja4 req.hdr(x-ja4) -f <a file of these lines>):');
    for (const e of ja4s) out.push(`# ${e.ja4} expires ${e.expires}`);
  }
  return out.join('\n') + '\n';
}

/** Cloudflare custom rule expression (Rules language). */
function cloudflare(list: BlockEntity[]): string {
  const parts: string[] = [];
  const ja4s = list.filter((e) => e.ja4).map((e) => `"${e.ja4}"`);
  const ips = list.filter((e) => e.ip).map((e) => e.ip!);
  if (ja4s.length > 0) parts.push(`(cf.bot_management.ja4 in {${ja4s.join(' ')}})`);
  if (ips.length > 0) parts.push(`(ip.src in {${ips.join(' ')}})`);
  return parts.join(' or ') + '\n';
}

/** AWS WAF v2 rule: JA4 byte-match (EXACTLY) statements, and an IP set reference for addresses. */
function awsWaf(list: BlockEntity[], name: string): string {
  const ja4 = list.filter((e) => e.ja4);
  const statements = ja4.map((e) => ({
    ByteMatchStatement: {
      FieldToMatch: { JA4Fingerprint: { FallbackBehavior: 'NO_MATCH' } },
      PositionalConstraint: 'EXACTLY',
      SearchString: e.ja4,
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    },
  }));
  const statement =
    statements.length === 1 ? statements[0] : { OrStatement: { Statements: statements } };
  const rule = {
    Name: name,
    Priority: 0,
    Action: { Block: {} },
    Statement: statement,
    VisibilityConfig: {
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: name,
    },
  };
  const ips = list
    .filter((e) => e.ip)
    .map((e) => (isIP(e.ip!) === 6 ? `${e.ip}/128` : `${e.ip}/32`));
  const expires = list.map((e) => e.expires).sort()[0];
  return (
    JSON.stringify(
      { Rule: statements.length > 0 ? rule : undefined, IPSetAddresses: ips, Expires: expires },
      null,
      2,
    ) + '\n'
  );
}

export function renderBlocklist(
  format: BlocklistFormat,
  entities: BlockEntity[],
  now = Date.now(),
  name = 'ja4ws-block',
): string {
  for (const e of entities) checkEntity(e);
  const live = entities.filter((e) => Date.parse(e.expires) > now);
  switch (format) {
    case 'nginx':
      return nginx(live);
    case 'haproxy':
      return haproxy(live);
    case 'cloudflare':
      return cloudflare(live);
    case 'aws-waf':
      return awsWaf(live, name);
  }
}
