// One process's identity in the fleet: "<host>/<pid>/<random>", unique even when a restarted
// process gets the same PID.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function instanceId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** DateTime64(3) as ClickHouse's basic input format reads it exactly: "seconds.millis". */
export function msToDateTime64(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${s}.${String(ms - s * 1000).padStart(3, '0')}`;
}
