import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTypeFromCapName } from './linktype.js';
import { IfaceDropCounter, parseProcNetDev } from './netdev.js';
import { tcpdumpArgs } from './tcpdump.js';
import {
  applyTcpdumpStatsLine,
  emptyTcpdumpCounters,
  linkTypeFromTcpdumpLine,
} from './tcpdump-stats.js';
import { classifyOpenError } from './open-error.js';
import { loadCap } from './cap.js';

const dev = (
  drop: number,
): string => `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    3293      31    0    0    0     0          0         0     3293      31    0    0    0     0       0          0
  eth0: 1000 10 0 ${drop} 0 0 0 0 2000 20 0 0 0 0 0 0
`;

describe('interface drops from /proc/net/dev', () => {
  it('parses rx_dropped per interface', () => {
    expect(parseProcNetDev(dev(7))).toEqual(
      new Map([
        ['lo', 0],
        ['eth0', 7],
      ]),
    );
  });
  it('counts only drops after the capture started; sums for any', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netdev-'));
    const p = join(dir, 'dev');
    writeFileSync(p, dev(7));
    const c = new IfaceDropCounter('eth0', p);
    const any = new IfaceDropCounter('any', p);
    writeFileSync(p, dev(12));
    expect(c.read()).toBe(5);
    expect(any.read()).toBe(5);
    expect(new IfaceDropCounter('nope', p).read()).toBeNull();
  });
});

describe('tcpdump', () => {
  it('builds the documented command line', () => {
    expect(
      tcpdumpArgs({
        iface: 'eth0',
        filter: 'tcp port 443',
        snaplen: 65535,
        bufferBytes: 8 << 20,
        promisc: false,
        dropUser: 'tcpdump',
      }),
    ).toEqual([
      '-i',
      'eth0',
      '-n',
      '-U',
      '--immediate-mode',
      '-w',
      '-',
      '--time-stamp-precision=nano',
      '-s',
      '65535',
      '-B',
      '8192',
      '-p',
      '-Z',
      'tcpdump',
      '--',
      'tcp port 443',
    ]);
  });
  it('reads both the SIGUSR1 summary and the exit summary', () => {
    const c = emptyTcpdumpCounters();
    expect(
      applyTcpdumpStatsLine(
        c,
        'tcpdump: 2 packets captured, 4 packets received by filter, 1 packet dropped by kernel',
      ),
    ).toBe(true);
    expect(c).toEqual({ captured: 2, received: 4, kernelDrops: 1, ifaceDrops: null });
    applyTcpdumpStatsLine(c, '10 packets captured');
    applyTcpdumpStatsLine(c, '12 packets received by filter');
    applyTcpdumpStatsLine(c, '3 packets dropped by kernel');
    applyTcpdumpStatsLine(c, '9 packets dropped by interface');
    expect(c).toEqual({ captured: 10, received: 12, kernelDrops: 3, ifaceDrops: 9 });
    expect(
      applyTcpdumpStatsLine(
        c,
        'tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
      ),
    ).toBe(false);
  });
  it('maps link types from its banner', () => {
    expect(
      linkTypeFromTcpdumpLine(
        'tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
      ),
    ).toBe(1);
    expect(
      linkTypeFromTcpdumpLine(
        'tcpdump: listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes',
      ),
    ).toBe(276);
  });
});

describe('open errors', () => {
  const o = {
    iface: 'eth9',
    filter: 'tcp port 4x',
    snaplen: 100,
    bufferBytes: 1 << 20,
    promisc: true,
  };
  it('names the problem', () => {
    expect(classifyOpenError('tcpdump: eth9: No such device exists', o, 'tcpdump').code).toBe(
      'capture.no_such_interface',
    );
    expect(
      classifyOpenError(
        "tcpdump: eth9: You don't have permission to perform this capture on that device",
        o,
        'tcpdump',
      ).code,
    ).toBe('capture.no_privileges');
    expect(
      classifyOpenError('tcpdump: syntax error in filter expression', o, 'tcpdump').message,
    ).toContain('"tcp port 4x"');
  });
  it('maps cap link names', () => {
    expect(linkTypeFromCapName('ETHERNET')).toBe(1);
    expect(linkTypeFromCapName('LINKTYPE_LINUX_SLL')).toBe(113);
    expect(linkTypeFromCapName('Unknown linktype 276')).toBe(276);
    expect(linkTypeFromCapName('weird')).toBeUndefined();
  });
});

describe('cap addon loading', () => {
  it('names the missing package and libpcap-dev when the addon does not load', () => {
    const missing = (): never => {
      throw new Error("Cannot find module 'cap'");
    };
    expect(() => loadCap(missing)).toThrow(
      /optional npm package `cap`.*libpcap-dev.*npm install cap.*--source tcpdump/,
    );
    try {
      loadCap(missing);
    } catch (e) {
      expect((e as { code: string }).code).toBe('capture.cap_missing');
    }
  });
  it('loads the installed addon', () => {
    expect(typeof loadCap().Cap).toBe('function');
  });
});
