// Entry point of the capture worker process: `node capture-worker/src/worker/main.js --config '<json>'`.
// Frames go to main on fd 3 (set up by the supervisor); stdin is the parent-liveness pipe.
import { openChannel } from '../channel/open-channel.js';
import { runWorker } from './run.js';

const channel = openChannel(Number(process.env.JA4WS_CHANNEL_FD ?? 3));
const code = await runWorker(process.argv.slice(2), channel);
channel.end();
process.exit(code);
