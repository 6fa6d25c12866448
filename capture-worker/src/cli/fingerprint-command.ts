// `ja4ws fingerprint <file>...`: one record per connection on stdout (jsonl, csv or table).
// Every file is attempted; a bad one gets one stderr line naming it and the problem (its good
// records are still printed) and the exit code is 1. Progress and the closing summary go to
// stderr, so stdout is the same bytes with or without a terminal, with or without --quiet.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { errorMessage, ExitCode } from '../../../common/util/errors.js';
import type { EngineStats } from '../engine/stats.js';
import { Reporter } from '../util/progress/reporter.js';
import { fingerprintFile } from './fingerprint-files.js';
import { examples } from './help.js';
import { batched, createWriter, type OutputFormat } from './output.js';
import { addStats, captureSummary } from './summary.js';

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function fingerprintCommand(): Command {
  return new Command('fingerprint')
    .description('print JA4+/JA3 fingerprints of every connection in pcap/pcapng files')
    .argument('<files...>', 'capture files (pcap or pcapng)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['jsonl', 'csv', 'table'])
        .default('jsonl'),
    )
    .addOption(
      new Option(
        '--no-ja4plus',
        'compute only JA4 and JA3 (BSD-licensed methods), not the FoxIO-licensed JA4+',
      ),
    )
    .option('--stats', 'print engine counters per file on stderr')
    .option('-q, --quiet', 'no progress and no summary on stderr (errors still show)')
    .addHelpText(
      'after',
      examples([
        ['ja4ws fingerprint capture.pcapng', 'one JSON object per connection'],
        ['ja4ws fingerprint --format table a.pcap b.pcapng', 'aligned columns'],
        [
          'ja4ws fingerprint --format csv big.pcap > out.csv',
          'progress on the terminal, rows in the file',
        ],
        ["ja4ws fingerprint -q x.pcap | jq -r '.ja4'", 'only the data'],
      ]),
    )
    .action(
      async (
        files: string[],
        flags: { format: OutputFormat; ja4plus: boolean; stats?: boolean; quiet?: boolean },
      ) => {
        const report = new Reporter({
          label: 'fingerprint',
          quiet: flags.quiet,
          streamsData: true,
        });
        const stdout = batched((s) => process.stdout.write(s));
        const writer = createWriter(flags.format, stdout.write);
        const sizes = files.map(sizeOf);
        const total = sizes.reduce((a, b) => a + b, 0);
        let before = { bytes: 0, packets: 0, records: 0 };
        let stats: EngineStats | undefined;
        let failed = 0;
        for (const [i, file] of files.entries()) {
          const r = await fingerprintFile(
            file,
            {
              ja4plus: flags.ja4plus !== false,
              onProgress: (p) =>
                report.update({
                  step: basename(file),
                  done: before.bytes + p.bytesRead,
                  total,
                  unit: 'bytes',
                  counts: [
                    ['packets', before.packets + p.packets],
                    ['connections', before.records + p.records],
                  ],
                }),
            },
            (rec) => writer.write(rec),
          );
          stdout.flush();
          stats = addStats(stats, r.stats);
          before = {
            bytes: before.bytes + (sizes[i] ?? 0),
            packets: before.packets + r.stats.packets,
            records: before.records + r.records,
          };
          if (flags.stats) report.progress.log(`${file}: ${JSON.stringify(r.stats)}`);
          if (r.error !== undefined) {
            failed++;
            report.warn(
              `${errorMessage(r.error)}${r.records > 0 ? ` (${r.records} connections printed before it)` : ''}`,
            );
          }
        }
        report.finish();
        writer.end();
        stdout.flush();
        // The summary is built only to be shown (with --quiet it would only cost start-up time).
        if (!flags.quiet)
          report.summary(
            captureSummary({
              files: files.length,
              failed,
              fileBytes: total,
              stats,
              verb: 'printed',
              elapsedMs: report.elapsedMs(),
            }),
          );
        if (failed > 0) process.exitCode = ExitCode.failure;
      },
    );
}
