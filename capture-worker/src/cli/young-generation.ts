// `ja4ws fingerprint` keeps V8's young generation at its starting size (1 MB semi-spaces).
// Why: on a handshake-heavy file the engine's per-connection state lives for seconds of capture
// time, so many young objects survive a scavenge; V8 then doubles the semi-spaces up to 16 MB each
// (33.6 MB of new space) and the process peaked at 160-180 MB. With growth off, new space stays
// at ~2 MB, peak RSS is 130-135 MB and CPU time is no higher (docs/handshake-heavy-speed.md).
// The growth factor is read each time V8 considers growing, so setting it at run time works
// (unlike --max-semi-space-size, fixed when the heap is set up); it is set here rather than in
// bin/ja4ws.js because the same entry point also runs the daemon, whose allocation differs.
// The returned function puts V8's default back: V8 rejects a code cache made under other flag
// values, and bin/ja4ws.js writes the bundle's cache after the command ran (build time).
import { setFlagsFromString } from 'node:v8';

/** V8's default --semi-space-growth-factor (Node 20-24). */
const DEFAULT_GROWTH = 2;

let kept = false;

export function keepYoungGenerationSmall(): () => void {
  setFlagsFromString('--semi-space-growth-factor=1');
  kept = true;
  return () => {
    kept = false;
    setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH}`);
  };
}

/**
 * Call once a worker thread is online (`--threads`): starting one puts the growth back to V8's
 * default for every isolate of the process (Node 20; measured: the reader's new space grew from
 * 2 MB to 32 MB, the threaded run's peak RSS from ~190 to ~240 MB on the x200 file), so it is set
 * again if it was set.
 */
export function afterWorkerStart(): void {
  if (kept) setFlagsFromString('--semi-space-growth-factor=1');
}
