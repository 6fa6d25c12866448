// The log half of `ja4ws import`: every log file or directory in one pass (Zeek's ssl, conn and
// x509 lines join across files by uid), one line per file on stdout naming the format it was
// read as, the first bad lines with their line numbers on stderr, and how many more there were.
import { stat } from 'node:fs/promises';
import type { Reporter } from '../../capture-worker/src/util/progress/reporter.js';
import { isCaptureFile } from '../../correlation-worker/src/interop/read-logs.js';
import { importLogFiles, type LogImportOptions } from '../domain/import/log-import.js';
import type { Store } from '../storage/store.js';

/** A directory, or a file that is not a pcap/pcapng (unreadable ones go to the capture path). */
export async function isLogInput(path: string): Promise<boolean> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) return true;
    return !(await isCaptureFile(path));
  } catch {
    return false;
  }
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** Imports the logs; returns how many files could not be read at all. */
export async function importLogs(
  store: Store,
  paths: string[],
  report: Reporter,
  opts: LogImportOptions,
): Promise<number> {
  const r = await importLogFiles(store, paths, {
    ...opts,
    onProgress: (p) =>
      report.update({
        step: p.file,
        done: p.bytesRead,
        unit: 'bytes',
        counts: [
          ['lines', p.lines],
          ['events', p.events],
        ],
      }),
  });
  let failed = 0;
  for (const f of r.files) {
    if (f.error !== undefined) {
      failed++;
      report.warn(f.error);
      continue;
    }
    const badN = Object.values(f.bad).reduce((a, b) => a + (b ?? 0), 0);
    const bad = badN > 0 ? `, ${plural(badN, 'bad line')} skipped` : '';
    report.progress.above(() =>
      process.stdout.write(
        `${f.file}: ${f.detection?.description ?? 'log'}: ${plural(f.lines, 'line')}, ${plural(f.records, 'connection')}, ${plural(f.requests, 'request')} stored${bad}\n`,
      ),
    );
  }
  for (const e of r.errors)
    report.warn(`${e.file}:${e.line}: ${e.kind}${e.field ? ` (${e.field})` : ''}: ${e.message}`);
  if (r.badLines > r.errors.length)
    report.warn(`${r.badLines - r.errors.length} more bad lines not shown`);
  const corr = Object.entries(r.correlated)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  report.summary(
    `${plural(r.files.length, 'log file')}: ${plural(r.records, 'connection')} and ${plural(r.requests, 'request')} stored${corr ? ` (correlated: ${corr})` : ''}${r.badLines ? `, ${plural(r.badLines, 'bad line')}` : ''}`,
  );
  return failed;
}
