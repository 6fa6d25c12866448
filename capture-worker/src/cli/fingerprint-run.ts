// What `ja4ws fingerprint` does once its arguments are known, without commander: the command's
// action (fingerprint-command.ts) and the start-up fast path of main/cli/fingerprint-main.ts both
// call it, so both give the same output and exit code.
import { errorMessage, ExitCode } from '../../../common/util/errors.js';
import type { EngineStats } from '../engine/stats.js';
import { formatBytes } from '../util/progress/format.js';
import { Reporter } from '../util/progress/reporter.js';
import type { FileRunner } from './file-runner.js';
import { fileStep } from './file-step.js';
import { fingerprintFile } from './fingerprint-files.js';
import { batched, createWriter, type OutputFormat } from './output.js';
import { addStats, captureSummary } from './summary.js';
import { inputSize, MIN_BYTES_PER_THREAD, threadsFor } from './thread-plan.js';
import { keepYoungGenerationSmall } from './young-generation.js';

export interface FingerprintFlags {
  format: OutputFormat;
  /** false under --no-ja4plus. */
  ja4plus: boolean;
  stats?: boolean;
  quiet?: boolean;
  /** Worker threads (--threads); unset: 1, every file on this thread. */
  threads?: number;
}

/** Most worker threads --threads takes. */
export const MAX_THREADS = 64;

/** --threads' value: a whole number from 1 to MAX_THREADS written plainly, else undefined. */
export function threadCount(v: string | undefined): number | undefined {
  const t = v !== undefined && /^[1-9][0-9]?$/.test(v) ? Number(v) : 0;
  return t >= 1 && t <= MAX_THREADS ? t : undefined;
}

let workerEntry: string | undefined;

/**
 * The module a worker thread starts from (it must call runWorker when it finds WORKER_FLAG in its
 * workerData): main/cli/fingerprint-main, from source, tsc's output or the bundle. Without it
 * every file runs on this thread.
 */
export function useWorkerEntry(path: string): void {
  workerEntry = path;
}

/**
 * Resolves once stdout has taken what it was given (at once unless it is full). A pipe whose
 * reader is slower than the engine (a busy machine, `| gzip`) otherwise queues the output in
 * memory: 35-40 MB more peak RSS on the handshake benchmark file (docs/handshake-heavy-speed.md).
 * Called after each chunk of the file read, so the reading waits for the reader of the output.
 */
function stdoutDrained(): Promise<void> | undefined {
  const out = process.stdout;
  // A closed or failed stdout (`| head`) never drains: nothing to wait for.
  if (!out.writableNeedDrain || out.destroyed || out.errored) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

export async function runFingerprint(files: string[], flags: FingerprintFlags): Promise<void> {
  const restoreYoungGeneration = keepYoungGenerationSmall();
  try {
    await fingerprintAll(files, flags);
  } finally {
    restoreYoungGeneration();
  }
}

async function openRunner(
  threads: number,
  format: OutputFormat,
  out: (s: string) => void,
): Promise<FileRunner> {
  // Loaded only for a threaded run; the workers start once and serve every file.
  if (threads > 1)
    return (await import('./parallel/fingerprint-threads.js')).threadsRunner(
      threads,
      workerEntry as string,
      format,
      out,
    );
  const writer = createWriter(format, out);
  return {
    run: (file, opts) => fingerprintFile(file, opts, (rec) => writer.write(rec)),
    end: () => writer.end(),
    close: async () => {},
  };
}

async function fingerprintAll(files: string[], flags: FingerprintFlags): Promise<void> {
  const report = new Reporter({
    label: 'fingerprint',
    quiet: flags.quiet,
    streamsData: true,
  });
  // `ja4ws fingerprint big.pcap | head`: once the reader has closed the pipe nothing more can be
  // shown, so stop at once and quietly, as grep and tshark do, instead of reading the rest of the
  // file and dying on an unhandled EPIPE with a stack trace. Any other stdout failure is named.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
    report.warn(`cannot write the output: ${err.message}`);
    process.exit(ExitCode.failure);
  });
  const stdout = batched((s) => process.stdout.write(s));
  const inputs = files.map(inputSize);
  const sizes = inputs.map((s) => s ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  // One thread unless --threads asks for more: on the 2-core machine of the measurements a second
  // thread cost 30-60% more CPU (a second V8 isolate compiles and collects on its own, sharing
  // V8's helper threads) and was 0.7-1.2x as fast (docs/handshake-heavy-speed.md). Fewer than
  // asked when the input is too small to pay for them (thread-plan.ts).
  const asked = workerEntry === undefined ? 1 : (flags.threads ?? 1);
  const threads = threadsFor(asked, inputs);
  if (threads < asked)
    report.note(
      `--threads ${asked}: ${threads === 1 ? 'one thread' : `${threads} threads`} for ` +
        `${formatBytes(total)} of input: each thread needs ${formatBytes(MIN_BYTES_PER_THREAD)} ` +
        'to pay for its own start',
    );
  let before = { bytes: 0, packets: 0, records: 0 };
  let stats: EngineStats | undefined;
  let failed = 0;
  const runner = await openRunner(threads, flags.format, stdout.write);
  try {
    await eachFile();
  } finally {
    await runner.close();
  }
  async function eachFile(): Promise<void> {
    for (const [i, file] of files.entries()) {
      const r = await runner.run(file, {
        ja4plus: flags.ja4plus !== false,
        format: flags.format,
        onProgress: (p) => {
          report.update(fileStep(file, before, total, p));
          return stdoutDrained();
        },
      });
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
  }
  report.finish();
  runner.end();
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
        threads,
      }),
    );
  if (failed > 0) process.exitCode = ExitCode.failure;
}
