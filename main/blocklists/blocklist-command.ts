// `ja4ws blocklist <format>`: a blocklist or WAF rule from entities given on the command line or
// from anomaly lines (the JSONL output's `{"type":"anomaly",...}`), each expiring after --ttl.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { examples } from '../../capture-worker/src/cli/help.js';
import { ExitCode } from '../../common/util/errors.js';
import {
  renderBlocklist,
  uniqueEntities,
  type BlockEntity,
  type BlocklistFormat,
} from './render.js';

function ttlMs(s: string): number {
  const m = /^(\d+)([smhd])$/.exec(s);
  if (!m) throw new Error(`--ttl: expected a number and s, m, h or d (24h), got "${s}"`);
  return Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export function blocklistCommand(): Command {
  return new Command('blocklist')
    .description(
      'write a blocklist or WAF rule (nginx map, HAProxy ACL, Cloudflare expression, AWS WAF rule) for addresses and JA4 fingerprints',
    )
    .addArgument(
      new Command()
        .createArgument('<format>', 'nginx | haproxy | cloudflare | aws-waf')
        .choices(['nginx', 'haproxy', 'cloudflare', 'aws-waf']),
    )
    .option('--ip <address...>', 'client addresses')
    .option('--ja4 <fingerprint...>', 'JA4 fingerprints')
    .option('--anomalies <file>', 'JSONL of anomalies (the jsonl output); their addresses and JA4s')
    .addOption(new Option('--min-score <n>', 'only anomalies at or above this score').default('0'))
    .addOption(new Option('--ttl <duration>', 'how long each entry lives').default('24h'))
    .addHelpText(
      'after',
      examples([
        [
          'ja4ws blocklist nginx --ja4 t13d1516h2_8daaf6152771_02713d6af862 > /etc/nginx/ja4ws-block.conf',
          'one fingerprint',
        ],
        [
          'ja4ws blocklist cloudflare --anomalies /var/log/ja4ws/events.jsonl --min-score 0.8',
          'from the anomalies output',
        ],
      ]),
    )
    .action(
      (
        format: BlocklistFormat,
        o: { ip?: string[]; ja4?: string[]; anomalies?: string; minScore: string; ttl: string },
      ) => {
        try {
          const expires = new Date(Date.now() + ttlMs(o.ttl)).toISOString();
          const list: BlockEntity[] = [
            ...(o.ip ?? []).map((ip) => ({ ip, expires })),
            ...(o.ja4 ?? []).map((ja4) => ({ ja4, expires })),
          ];
          if (o.anomalies) {
            for (const line of readFileSync(o.anomalies, 'utf8').split('\n')) {
              if (!line.trim()) continue;
              const a = JSON.parse(line) as {
                type?: string;
                src_ip?: string;
                ja4?: string;
                score?: number;
              };
              if (a.type !== 'anomaly' || (a.score ?? 0) < Number(o.minScore)) continue;
              const note = `score ${(a.score ?? 0).toFixed(2)}`;
              if (a.src_ip) list.push({ ip: a.src_ip, expires, note });
              if (a.ja4) list.push({ ja4: a.ja4, expires, note });
            }
          }
          process.stdout.write(renderBlocklist(format, uniqueEntities(list)));
        } catch (err) {
          process.stderr.write(`ja4ws blocklist: ${(err as Error).message}\n`);
          process.exitCode = ExitCode.failure;
        }
      },
    );
}
