// Child process for the lock tests: open the embedded store on argv[2], print "ready", hold it
// until stdin closes or the process is killed.
import { openStore } from '../store.js';

const store = await openStore({ kind: 'embedded', dataDir: process.argv[2]! });
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void store.close().then(() => process.exit(0));
});
