// `ja4ws pcap --conn ID | --ip X [--ja4 Y] [--from T] [--to T] > out.pcapng`: the packets of a
// selection of connections as one pcapng (issue 24). With a daemon running on the data
// directory the daemon serves it (POST /api/v1/pcap.file, the UI's route); without one the
// command opens the store itself, like `ja4ws import`. The closing summary (connections, packets,
// truncated, without packets) goes to stderr; the bytes to stdout or --out.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { examples } from '../../capture-worker/src/cli/help.js';
import { ApiCallError, HttpApiClient } from '../../common/api/http-client.js';
import { downloadOutput } from '../../common/api/file-output.js';
import { PcapSelection, type PcapPlan } from '../../common/api/pcap.js';
import { AppError, ExitCode } from '../../common/util/errors.js';
import { issuesMessage } from '../../common/util/zod-issues.js';
import { ensureToken } from '../api/auth/token.js';
import { storeConfigOf } from '../config/schema.js';
import { runningDaemonUrl } from '../daemon/start-banner.js';
import { writePcap } from '../domain/pcap/operations.js';
import { openStore } from '../storage/store.js';
import { configFrom, withConfigOptions, type ConfigFlags } from './config-options.js';

interface Flags extends ConfigFlags {
  conn?: string[];
  ip?: string;
  ja4?: string;
  from?: string;
  to?: string;
  limit: string;
  out?: string;
}

/** The flags as a PcapSelection: --from defaults to 24 hours before --to, --to to now. */
export function selectionOf(f: Flags): PcapSelection {
  const to = f.to ?? new Date().toISOString();
  const from = f.from ?? new Date(Date.parse(to) - 86_400_000).toISOString();
  const raw = {
    ...(f.conn ? { conn: f.conn } : {}),
    ...(f.ip ? { ip: f.ip } : {}),
    ...(f.ja4 ? { ja4: f.ja4 } : {}),
    ...(f.conn ? {} : { window: { from, to } }),
    limit: Number(f.limit),
  };
  const r = PcapSelection.safeParse(raw);
  if (!r.success) throw new AppError('usage.pcap', `pcap: ${issuesMessage(r.error.issues, raw)}`);
  return r.data;
}

async function viaDaemon(url: string, token: string, sel: PcapSelection, out: Writable) {
  let res: Response;
  try {
    res = await new HttpApiClient(url, () => token).download('pcap.file', sel);
  } catch (err) {
    if (!(err instanceof ApiCallError)) throw err;
    throw new AppError('pcap.daemon', `pcap: the daemon answered ${err.status}: ${err.message}`);
  }
  if (res.body === null) throw new AppError('pcap.daemon', 'pcap: the daemon sent no file');
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return downloadOutput('pcap.file', res.headers, { saved: true, path: '', bytes });
}

export function pcapCommand(): Command {
  return withConfigOptions(new Command('pcap'))
    .description('write the packets of connections as one pcapng (stdout or --out)')
    .option(
      '--conn <id...>',
      'connection ids (src|src_port|dst|dst_port|start_us, as the UI shows)',
    )
    .option('--ip <address|cidr>', 'connections from or to this address or block')
    .option('--ja4 <ja4>', 'connections with this JA4 (* wildcards per section)')
    .option('--from <iso>', 'connections that started at or after (default: 24 h before --to)')
    .option('--to <iso>', 'connections that started before (default: now)')
    .option('--limit <n>', 'at most this many connections', '1000')
    .option('-o, --out <file>', 'write here instead of stdout')
    .addHelpText(
      'after',
      examples([
        [
          "ja4ws pcap --conn '10.0.0.5|51234|192.0.2.1|443|1733550000123456' > c.pcapng",
          'one connection',
        ],
        [
          'ja4ws pcap --ip 10.0.0.5 --from 2026-12-07T00:00:00Z -o host.pcapng',
          "an address's connections",
        ],
        [
          'ja4ws pcap --ip 10.0.0.0/8 --ja4 t13d1516h2_8daaf6152771_* > bot.pcapng',
          'a JA4 family in a block',
        ],
      ]),
    )
    .action(async (flags: Flags) => {
      const sel = selectionOf(flags);
      if (flags.out === undefined && process.stdout.isTTY)
        throw new AppError(
          'usage.pcap_tty',
          'pcap: a pcapng is binary; redirect stdout (> out.pcapng) or give --out <file>',
        );
      const config = configFrom(flags);
      const out: Writable = flags.out
        ? createWriteStream(flags.out, { mode: 0o600 })
        : process.stdout;
      let plan: Pick<PcapPlan, 'connections' | 'truncated' | 'unavailable'> & { n?: number };
      const url = runningDaemonUrl(config.dataDir);
      if (url !== undefined) {
        const r = await viaDaemon(url, ensureToken(config.dataDir), sel, out);
        plan = {
          connections: [],
          truncated: r.truncated,
          unavailable: r.unavailable,
          n: r.connections,
        };
      } else {
        const store = await openStore(storeConfigOf(config));
        try {
          plan = await writePcap({ ch: store.client, dataDir: config.dataDir }, sel, async (b) => {
            if (!out.write(b)) await once(out, 'drain');
          });
        } finally {
          await store.close();
        }
      }
      if (flags.out) await new Promise<void>((r) => out.end(() => r()));
      const n = plan.n ?? plan.connections.length;
      process.stderr.write(
        `ja4ws pcap: ${n} connections, ${plan.truncated} truncated, ${plan.unavailable} without packets${flags.out ? ` -> ${flags.out}` : ''}\n`,
      );
      for (const c of plan.connections) if (c.note) process.stderr.write(`  ${c.id}: ${c.note}\n`);
      if (n === 0) process.exitCode = ExitCode.failure;
    });
}
