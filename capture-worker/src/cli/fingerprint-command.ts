// `ja4ws fingerprint <file>...`: one record per connection on stdout (jsonl, csv or table).
// Every file is attempted; a bad one gets one stderr line naming it and the problem (its good
// records are still printed) and the exit code is 1.
import { Command, Option } from 'commander';
import { errorMessage, ExitCode } from '../../../common/util/errors.js';
import { fingerprintFile } from './fingerprint-files.js';
import { createWriter, type OutputFormat } from './output.js';

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
    .action(
      async (
        files: string[],
        flags: { format: OutputFormat; ja4plus: boolean; stats?: boolean },
      ) => {
        const writer = createWriter(flags.format, (s) => process.stdout.write(s));
        let failed = 0;
        for (const file of files) {
          const r = await fingerprintFile(file, { ja4plus: flags.ja4plus !== false }, (rec) =>
            writer.write(rec),
          );
          if (flags.stats) process.stderr.write(`${file}: ${JSON.stringify(r.stats)}\n`);
          if (r.error !== undefined) {
            failed++;
            process.stderr.write(
              `ja4ws fingerprint: ${errorMessage(r.error)}${r.records > 0 ? ` (${r.records} connections printed before it)` : ''}\n`,
            );
          }
        }
        writer.end();
        if (failed > 0) process.exitCode = ExitCode.failure;
      },
    );
}
