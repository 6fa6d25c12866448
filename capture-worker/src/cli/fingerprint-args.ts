// The common `ja4ws fingerprint` command lines read without commander, for start-up time: loading
// commander and building the program cost ~20-30 ms of a ~60 ms start (issue 22). Only the plain
// forms are accepted here; anything else (--help, an unknown or malformed option, a bad --format,
// no file, a lone '-') returns undefined and the caller hands the line to commander, so usage
// errors and help keep commander's wording and exit codes. fingerprint-args.test.ts checks every
// accepted line against what commander makes of it.
import { threadCount, type FingerprintFlags } from './fingerprint-run.js';
import type { OutputFormat } from './output.js';

const FORMATS: readonly string[] = ['jsonl', 'csv', 'table'] satisfies OutputFormat[];

export interface FingerprintArgs {
  files: string[];
  flags: FingerprintFlags;
}

/** `args` is what follows `fingerprint`. */
export function parseFingerprintArgs(args: readonly string[]): FingerprintArgs | undefined {
  const files: string[] = [];
  const flags: FingerprintFlags = { format: 'jsonl', ja4plus: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-')) files.push(a);
    else if (a === '-q' || a === '--quiet') flags.quiet = true;
    else if (a === '--stats') flags.stats = true;
    else if (a === '--no-ja4plus') flags.ja4plus = false;
    else if (a === '--threads' || a.startsWith('--threads=')) {
      const t = threadCount(a === '--threads' ? args[++i] : a.slice(10));
      if (t === undefined) return undefined;
      flags.threads = t;
    } else {
      const format =
        a === '--format' ? args[++i] : a.startsWith('--format=') ? a.slice(9) : undefined;
      if (format === undefined || !FORMATS.includes(format)) return undefined;
      flags.format = format as OutputFormat;
    }
  }
  // commander's argument check: '-' alone and an empty name are left to it too.
  if (files.length === 0 || files.some((f) => f === '' || f === '-')) return undefined;
  return { files, flags };
}
