// Entry point of the correlation worker process:
// `node correlation-worker/src/worker/main.js --config '<json>'`. Frames go to main on fd 3 and
// come from main on stdin (whose end means main is gone); see run.ts.
import { errorMessage } from '../../../common/util/errors.js';
import { runCorrelationWorker } from './run.js';

try {
  process.exit(await runCorrelationWorker(process.argv.slice(2)));
} catch (err) {
  // Bad configuration or a socket that cannot be taken: main shows this line and restarts.
  process.stderr.write(`ja4ws correlation worker: ${errorMessage(err)}\n`);
  process.exit(1);
}
