// What `ja4ws fingerprint` does once its arguments are known, without commander: the command's
// action (fingerprint-command.ts) and the start-up fast path of main/cli/fingerprint-main.ts both
// call it, so both give the same output and exit code.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { errorMessage, ExitCode } from '../../../common/util/errors.js';
import type { EngineStats } from '../engine/stats.js';
import { Reporter } from '../util/progress/reporter.js';
import { fingerprintFile } from './fingerprint-files.js';
import { batched, createWriter, type OutputFormat } from './output.js';
import { addStats, captureSummary } from './summary.js';
import { keepYoungGenerationSmall } from './young-generation.js';

export interface FingerprintFlags {
  format: OutputFormat;
  /** false under --no-ja4plus. */
  ja4plus: boolean;
  stats?: boolean;
  quiet?: boolean;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export async function runFingerprint(files: string[], flags: FingerprintFlags): Promise<void> {
  const restoreYoungGeneration = keepYoungGenerationSmall();
  try {
    await fingerprintAll(files, flags);
  } finally {
    restoreYoungGeneration();
  }
}

async function fingerprintAll(files: string[], flags: FingerprintFlags): Promise<void> {
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
}
