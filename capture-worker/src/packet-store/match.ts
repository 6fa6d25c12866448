// Which connections the store keeps whole: either side's address in a configured list of
// addresses/CIDR blocks (node's BlockList does the prefix matching), or the JA4 in a list.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export class FullFlowMatcher {
  private readonly nets = new BlockList();
  private readonly anyNet: boolean;
  private readonly ja4s: ReadonlySet<string>;

  constructor(ips: readonly string[], ja4s: readonly string[]) {
    for (const s of ips) {
      const [addr, bits] = s.split('/') as [string, string | undefined];
      const type = isIPv4(addr) ? 'ipv4' : 'ipv6';
      const max = type === 'ipv4' ? 32 : 128;
      this.nets.addSubnet(addr, bits === undefined ? max : Number(bits), type);
    }
    this.anyNet = ips.length > 0;
    this.ja4s = new Set(ja4s);
  }

  get wantsJa4(): boolean {
    return this.ja4s.size > 0;
  }

  address(ip: string): boolean {
    if (!this.anyNet) return false;
    if (isIPv4(ip)) return this.nets.check(ip, 'ipv4');
    return isIPv6(ip) && this.nets.check(ip, 'ipv6');
  }

  ja4(ja4: string | undefined): boolean {
    return ja4 !== undefined && this.ja4s.has(ja4);
  }
}
