// `ja4ws fingerprint <file>...`: one record per connection on stdout (jsonl, csv or table).
// Every file is attempted; a bad one gets one stderr line naming it and the problem (its good
// records are still printed) and the exit code is 1. Progress and the closing summary go to
// stderr, so stdout is the same bytes with or without a terminal, with or without --quiet.
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatBytes } from '../util/progress/format.js';
import {
  MAX_THREADS,
  runFingerprint,
  threadCount,
  type FingerprintFlags,
} from './fingerprint-run.js';
import { examples } from './help.js';
import { MIN_BYTES_PER_THREAD } from './thread-plan.js';

function parseThreads(v: string): number {
  const t = threadCount(v);
  if (t === undefined) throw new InvalidArgumentError(`a whole number from 1 to ${MAX_THREADS}`);
  return t;
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
    .addOption(
      new Option(
        '--threads <n>',
        `split each file by flow across up to this many worker threads, 1-${MAX_THREADS}, one per ${formatBytes(MIN_BYTES_PER_THREAD)} of input at most (default 1: this thread); same output`,
      ).argParser(parseThreads),
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
    .action((files: string[], flags: FingerprintFlags) => runFingerprint(files, flags));
}
