import { describe, expect, it } from 'vitest';
import { parseDefaultRouteIface } from './default-iface.js';
import {
  checkPrivileges,
  fileHasCaps,
  grantCommand,
  GRANTED_NODE,
  GRANTED_TCPDUMP,
  parseProcStatusCaps,
  type PrivilegeInput,
} from './privileges.js';
import { parseWorkerArgs, workerArgs } from './config.js';
import { countersFromEngineStats } from './engine.js';

const route = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;

describe('default route interface', () => {
  it('picks the default route with the lowest metric', () => {
    expect(parseDefaultRouteIface(route)).toBe('wlan0');
  });
  it('returns undefined without a default route', () => {
    expect(
      parseDefaultRouteIface(
        route
          .split('\n')
          .filter((l) => !l.includes('\t00000000\t0'))
          .join('\n'),
      ),
    ).toBeUndefined();
  });
});

const status = (uid: number, eff: string, amb: string): string =>
  `Name:\tnode\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nCapInh:\t0000000000000000\nCapPrm:\t${eff}\nCapEff:\t${eff}\nCapBnd:\t000001ffffffffff\nCapAmb:\t${amb}\n`;
const NET = (3n << 12n).toString(16).padStart(16, '0');
const NONE = '0000000000000000';

function input(over: Partial<PrivilegeInput>): PrivilegeInput {
  return {
    source: 'tcpdump',
    caps: parseProcStatusCaps(status(1000, NONE, NONE)),
    gid: 1000,
    execPath: '/usr/bin/node',
    tcpdumpPath: 'tcpdump',
    tcpdumpResolved: '/usr/bin/tcpdump',
    tcpdumpFileCaps: '',
    ...over,
  };
}

describe('privilege check', () => {
  it('reads uid, effective and ambient capabilities from /proc/self/status', () => {
    const c = parseProcStatusCaps(status(0, '000001ffffffffff', NET));
    expect(c.uid).toBe(0);
    expect(c.ambient).toBe(0x3000n);
  });

  it('accepts root, ambient capabilities (systemd) and a tcpdump with file capabilities', () => {
    expect(
      checkPrivileges(input({ caps: parseProcStatusCaps(status(0, '000001ffffffffff', NONE)) })).ok,
    ).toBe(true);
    expect(checkPrivileges(input({ caps: parseProcStatusCaps(status(999, NET, NET)) })).ok).toBe(
      true,
    );
    expect(
      checkPrivileges(
        input({
          tcpdumpFileCaps: '/usr/local/lib/ja4ws/tcpdump-capture cap_net_admin,cap_net_raw=eip',
        }),
      ).ok,
    ).toBe(true);
    expect(
      checkPrivileges(input({ source: 'cap', caps: parseProcStatusCaps(status(1000, NET, NONE)) }))
        .ok,
    ).toBe(true);
  });

  it('refuses an unprivileged user and prints the exact grant command', () => {
    const t = checkPrivileges(input({}));
    expect(t.ok).toBe(false);
    expect(t.remedy).toContain(
      `pkexec /bin/sh -c 'install -D -o root -g 1000 -m 0750 /usr/bin/tcpdump ${GRANTED_TCPDUMP} && setcap cap_net_raw,cap_net_admin=eip ${GRANTED_TCPDUMP}'`,
    );
    expect(t.remedy).toContain('build/ja4ws.service');
    const c = checkPrivileges(input({ source: 'cap' }));
    expect(c.ok).toBe(false);
    expect(c.remedy).toContain(`setcap cap_net_raw,cap_net_admin=eip ${GRANTED_NODE}`);
    // Effective capabilities without ambient ones are not inherited by tcpdump.
    expect(checkPrivileges(input({ caps: parseProcStatusCaps(status(1000, NET, NONE)) })).ok).toBe(
      false,
    );
  });

  it('quotes paths with spaces in the grant command', () => {
    expect(grantCommand('/opt/my node/node', '/x/y', 5)).toContain(`'\\''/opt/my node/node'\\''`);
  });

  it('recognises getcap output', () => {
    expect(fileHasCaps('/x cap_net_admin,cap_net_raw=eip')).toBe(true);
    expect(fileHasCaps('/x cap_net_raw=eip')).toBe(false);
    expect(fileHasCaps('/x cap_net_admin,cap_net_raw=i')).toBe(false);
    expect(fileHasCaps('')).toBe(false);
  });
});

describe('worker configuration', () => {
  it('round-trips through the command line with defaults filled in', () => {
    const cfg = parseWorkerArgs(workerArgs({ iface: 'lo', snaplen: 1500 }));
    expect(cfg).toMatchObject({
      iface: 'lo',
      snaplen: 1500,
      source: 'tcpdump',
      filter: 'tcp port 443 or tcp port 80 or udp port 443',
      promisc: true,
    });
  });
  it('rejects bad values naming the key', () => {
    expect(() => parseWorkerArgs(workerArgs({ snaplen: 10 }))).toThrow(/snaplen/);
    expect(() => parseWorkerArgs(['--config', '{nope'])).toThrow(/not JSON/);
    expect(() => parseWorkerArgs(workerArgs({ bogus: 1 } as never))).toThrow(/bogus/);
  });
});

describe('engine counters', () => {
  it('merges decode and parse errors by kind and passes flow figures', () => {
    const c = countersFromEngineStats({
      packets: 5,
      decodeErrors: { truncated_ip: 2 },
      parseErrors: { tls_parse: 1 },
      flowsOpen: 3,
      flowsEvicted: 7,
    });
    expect(c.decodeErrors).toEqual({ truncated_ip: 2, tls_parse: 1 });
    expect(c.flowsOpen).toBe(3);
    expect(c.flowsEvicted).toBe(7);
    expect(c.other.packets).toBe(5);
  });

  it('passes unsupported layers by name for /metrics', () => {
    const c = countersFromEngineStats({ unsupported: { ethertype_0x88cc: 3 }, seen: { mpls: 2 } });
    expect(c.other).toMatchObject({ 'unsupported.ethertype_0x88cc': 3, seen_mpls: 2 });
  });
});
