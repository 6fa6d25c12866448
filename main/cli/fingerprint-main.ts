// Entry of the `ja4ws fingerprint` bundle (scripts/build-cli-bundle.mjs builds it into
// dist/cli/fingerprint.cjs; bin/ja4ws.js loads it with a V8 code cache): the common command
// lines run without loading commander; anything else (help, a usage error) goes through the
// commander program as before, loaded only then. Issue 22 start-up target: <= 100 ms, <= 80 MB.
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../common/util/errors.js';
import { parseFingerprintArgs } from '../../capture-worker/src/cli/fingerprint-args.js';
import { runFingerprint, useWorkerEntry } from '../../capture-worker/src/cli/fingerprint-run.js';
import { WORKER_FLAG } from '../../capture-worker/src/cli/parallel/messages.js';
import { exitCodeOf } from './exit-code.js';

// `--threads N`: the worker threads start from this same module (or bundle), which then runs
// the worker instead of a command line. In the CommonJS bundle `__filename` is the bundle.
useWorkerEntry(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG]) {
  const port = parentPort;
  void import('../../capture-worker/src/cli/parallel/worker.js').then(({ runWorker }) =>
    runWorker(port),
  );
}

/** `argv` is the command line after the program name, starting with `fingerprint`. */
export async function run(argv: string[]): Promise<number> {
  const fast = argv[0] === 'fingerprint' ? parseFingerprintArgs(argv.slice(1)) : undefined;
  if (fast === undefined) {
    const [{ makeProgram, runProgram }, { fingerprintCommand }] = await Promise.all([
      import('./program-base.js'),
      import('../../capture-worker/src/cli/fingerprint-command.js'),
    ]);
    return runProgram(makeProgram([fingerprintCommand]), argv);
  }
  try {
    await runFingerprint(fast.files, fast.flags);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // As runProgram does for a command's failure.
    process.stderr.write(`ja4ws: ${errorMessage(err)}\n`);
    return exitCodeOf(err);
  }
}
