// IP and CIDR syntax checks that run in the browser and in Node alike (no node:net): the contract
// refuses a malformed address with a message before any handler sees it.
const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4Text(s: string): boolean {
  return V4.test(s);
}

export function isIPv6Text(s: string): boolean {
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  try {
    // The WHATWG URL parser implements the full IPv6 text grammar (::, embedded IPv4).
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

export function isIpText(s: string): boolean {
  return isIPv4Text(s) || isIPv6Text(s);
}

/** "10.0.0.0/8" or "2001:db8::/32" with a prefix that fits the family. */
export function isCidrText(s: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const prefix = Number(m[2]);
  if (isIPv4Text(m[1]!)) return prefix <= 32;
  if (isIPv6Text(m[1]!)) return prefix <= 128;
  return false;
}
