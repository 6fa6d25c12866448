// A pcapng's suggested file name: what was selected, safe for any file system.
import type { PcapSelection } from '../../../common/api/pcap.js';

export function pcapFileName(sel: PcapSelection): string {
  const what =
    sel.conn !== undefined
      ? sel.conn.length === 1
        ? `conn-${sel.conn[0]}`
        : `${sel.conn.length}-connections`
      : [sel.ip, sel.ja4].filter((x) => x !== undefined).join('-');
  return `ja4ws-${what.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}.pcapng`;
}
