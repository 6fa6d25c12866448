// Where packets live under the data directory: one live store per capture worker
// (<dataDir>/packets/<interface>) and the imports' file references (<dataDir>/packets/imports).
import { join } from 'node:path';

export function packetsRoot(dataDir: string): string {
  return join(dataDir, 'packets');
}

export function packetImportsDir(dataDir: string): string {
  return join(packetsRoot(dataDir), 'imports');
}

/** A worker's store directory: the interface name made safe as one path component. */
export function workerPacketDir(dataDir: string, iface: string): string {
  return join(packetsRoot(dataDir), iface.replace(/[^A-Za-z0-9._-]/g, '_') || 'default');
}
