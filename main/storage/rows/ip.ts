// Every address column is IPv6; IPv4 is stored IPv4-mapped (::ffff:a.b.c.d) so one type and one
// index serve both families. These helpers convert at the edges.
import { isIPv4, isIPv6 } from 'node:net';

/** Input accepted by an IPv6 column: IPv4 becomes IPv4-mapped; IPv6 passes through. */
export function toStoredIp(ip: string): string {
  if (isIPv4(ip)) return `::ffff:${ip}`;
  if (isIPv6(ip)) return ip;
  throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
}

/** What people read: an IPv4-mapped address is shown as plain IPv4. */
export function displayIp(stored: string): string {
  const m = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(stored);
  return m ? m[1]! : stored;
}
