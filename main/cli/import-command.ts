// `ja4ws import <file>...`: fingerprint capture files into the store. Every file is attempted;
// each bad one gets one line naming it and the problem, and the exit code is non-zero. Progress
// (bytes, packets, connections, rate, time left) and the closing summary go to stderr; stdout
// has one result line per good file, the same with or without a terminal.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { fileStep } from '../../capture-worker/src/cli/file-step.js';
import { addStats, captureSummary } from '../../capture-worker/src/cli/summary.js';
import type { EngineStats } from '../../capture-worker/src/engine/stats.js';
import { Reporter } from '../../capture-worker/src/util/progress/reporter.js';
import { errorMessage, ExitCode } from '../../common/util/errors.js';
import { storeConfigOf } from '../config/schema.js';
import { importCaptureFile } from '../domain/import/operations.js';
import { packetImportsDir } from '../domain/pcap/paths.js';
import { importLogs, isLogInput } from './import-logs.js';
import { migrateUp } from '../storage/migrations/runner.js';
import { openStore } from '../storage/store.js';
import {
  closeTableWriters,
  openTableWriters,
  spooledOptions,
  tablesSpooled,
} from '../storage/writer/table-writers.js';
import { configFrom, withConfigOptions } from './config-options.js';
import { examples } from '../../capture-worker/src/cli/help.js';

/** Size of each file, 0 for one that cannot be read (its error comes when it is attempted). */
export function fileSizes(files: string[]): number[] {
  return files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  });
}

export function importCommand(): Command {
  return withConfigOptions(new Command('import'))
    .description(
      'fingerprint pcap/pcapng files, or import Zeek / Suricata / Cloudflare / AWS WAF / nginx / Caddy logs (format detected), into the store (the daemon must not be running on the same data directory)',
    )
    .argument(
      '<files...>',
      'capture files (pcap or pcapng), log files (plain or gzip) or directories of rotated logs',
    )
    .option('--sensor <name>', 'sensor label for the rows (default: import:<file name>)')
    .addOption(new Option('--no-ja4plus', 'compute only JA4 and JA3 (BSD-licensed methods)'))
    .option('-q, --quiet', 'no progress and no summary on stderr (errors still show)')
    .addHelpText(
      'after',
      examples([
        ['ja4ws import capture.pcapng', 'into the default data directory'],
        ['ja4ws import -d /var/lib/ja4ws --sensor dmz *.pcap', 'several files, one sensor label'],
        ['ja4ws import --quiet big.pcap 2>/dev/null', 'only the result line'],
        [
          'ja4ws import /var/log/zeek/2026-12-07/',
          'a day of rotated Zeek logs (ssl, conn, http, x509)',
        ],
        ['ja4ws import /var/log/suricata/eve.json', 'Suricata EVE (tls, quic, http, flow events)'],
      ]),
    )
    .action(
      async (
        files: string[],
        flags: {
          sensor?: string;
          ja4plus: boolean;
          quiet?: boolean;
          config?: string;
          dataDir?: string;
          logLevel?: string;
        },
      ) => {
        const config = configFrom(
          flags,
          flags.ja4plus === false ? { fingerprints: { ja4plus: false } } : {},
        );
        const logs: string[] = [];
        const captures: string[] = [];
        for (const f of files) ((await isLogInput(f)) ? logs : captures).push(f);
        files = captures;
        const store = await openStore(storeConfigOf(config));
        const report = new Reporter({ label: 'import', quiet: flags.quiet });
        // The tables' writers, as in the daemon: a store that is away spools to the data dir.
        const writers = openTableWriters(
          store,
          spooledOptions(config.dataDir, (m) => report.warn(m)),
        );
        const sizes = fileSizes(files);
        const total = sizes.reduce((a, b) => a + b, 0);
        let before = { bytes: 0, packets: 0, records: 0 };
        let stats: EngineStats | undefined;
        let failed = 0;
        try {
          await migrateUp(store, undefined, { ja4plus: config.fingerprints.ja4plus });
          if (logs.length > 0)
            failed += await importLogs(store, logs, report, {
              ja4plus: config.fingerprints.ja4plus,
              writers,
              correlator: config.correlator,
              ...(flags.sensor ? { sensor: flags.sensor } : {}),
            });
          for (const [i, file] of files.entries()) {
            const r = await importCaptureFile(store, file, {
              ja4plus: config.fingerprints.ja4plus,
              writers,
              // `ja4ws pcap` reads the packets from the file later (issue 24).
              packetRefsDir: packetImportsDir(config.dataDir),
              ...(flags.sensor ? { sensor: flags.sensor } : {}),
              onProgress: (p) => report.update(fileStep(file, before, total, p)),
            });
            stats = addStats(stats, r.stats);
            before = {
              bytes: before.bytes + (sizes[i] ?? 0),
              packets: before.packets + r.packets,
              records: before.records + r.records,
            };
            if (r.error) {
              failed++;
              const kept =
                r.records > 0 ? ` (${r.records} connections read before it were stored)` : '';
              report.warn(`${errorMessage(r.error)}${kept}`);
            } else {
              report.progress.above(() =>
                process.stdout.write(
                  `${file}: ${r.packets} packets, ${r.records} connections stored\n`,
                ),
              );
            }
          }
        } finally {
          await closeTableWriters(writers, { drainSpool: true, timeoutMs: 10_000 });
          const waiting = tablesSpooled(writers);
          if (waiting.length > 0)
            report.warn(
              `the store did not take every row: ${waiting.join(', ')} wait in ${join(config.dataDir, 'spool')} and are stored when the daemon starts`,
            );
          report.finish();
          await store.close();
        }
        if (files.length > 0 || logs.length === 0)
          report.summary(
            captureSummary({
              files: files.length,
              failed,
              fileBytes: total,
              stats,
              verb: 'stored',
              elapsedMs: report.elapsedMs(),
            }),
          );
        if (failed > 0) process.exitCode = ExitCode.failure;
      },
    );
}
