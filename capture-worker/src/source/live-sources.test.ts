// Both live sources against real traffic on lo. Needs CAP_NET_RAW (root here and in CI).
import { createServer, connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RawPacket } from '../pcap/packet.js';
import { CapSource } from './cap.js';
import { TcpdumpSource } from './tcpdump.js';
import type { CaptureOptions, PacketSource } from './types.js';

const isRoot = process.getuid?.() === 0;

async function trafficOnLo(
  make: (o: CaptureOptions) => PacketSource,
  iface = 'lo',
): Promise<{ pkts: RawPacket[]; src: PacketSource; linkType: number; wallMs: number }> {
  const server = createServer((s) => s.end('pong'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const src = make({
    iface,
    filter: `tcp port ${port}`,
    snaplen: 65535,
    bufferBytes: 4 << 20,
    promisc: false,
    dropUser: 'tcpdump',
  });
  const pkts: RawPacket[] = [];
  const info = await src.start({
    packet: (p) => pkts.push({ ...p, data: p.data.slice() }),
    warn: () => undefined,
    end: () => undefined,
  });
  const wallMs = Date.now();
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((res) => {
      const c = connect(port, '127.0.0.1', () => c.write('ping'));
      c.on('data', () => undefined);
      c.on('close', () => res());
    });
  }
  const deadline = Date.now() + 3000;
  while (pkts.length < 3 * 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  src.counters();
  await new Promise((r) => setTimeout(r, 200));
  await src.stop();
  server.close();
  return { pkts, src, linkType: info.linkType, wallMs };
}

describe.skipIf(!isRoot)('live sources on lo (root)', () => {
  it('tcpdump: every packet with nanosecond capture timestamps, and pcap_stats', async () => {
    const { pkts, src, linkType, wallMs } = await trafficOnLo((o) => new TcpdumpSource(o));
    expect(linkType).toBe(1);
    // 3 connections x (SYN, SYN-ACK, ACK, data, ACK, data, FIN...) — at least 7 each.
    expect(pkts.length).toBeGreaterThanOrEqual(21);
    expect(pkts.every((p) => p.linkType === 1 && p.tsNsec < 1e9)).toBe(true);
    expect(pkts.some((p) => p.tsNsec % 1000 !== 0)).toBe(true);
    expect(Math.abs(pkts[0]!.tsSec * 1000 - wallMs)).toBeLessThan(5000);
    const c = src.counters();
    expect(c.kernelDrops).toBe(0);
    expect(c.kernelReceived).toBeGreaterThanOrEqual(pkts.length);
  });

  it('cap: the same packets, stamped on arrival, kernel drops unknown', async () => {
    const { pkts, src, linkType } = await trafficOnLo((o) => new CapSource(o));
    expect(linkType).toBe(1);
    expect(pkts.length).toBeGreaterThanOrEqual(21);
    for (let i = 1; i < pkts.length; i++) {
      const a = pkts[i - 1]!;
      const b = pkts[i]!;
      expect(b.tsSec * 1e9 + b.tsNsec).toBeGreaterThanOrEqual(a.tsSec * 1e9 + a.tsNsec);
    }
    expect(src.counters().kernelDrops).toBeNull();
  });

  it('`any` gives Linux cooked headers: SLL2 from tcpdump, SLL from cap', async () => {
    const t = await trafficOnLo((o) => new TcpdumpSource(o), 'any');
    expect(t.linkType).toBe(276);
    expect(t.pkts.length).toBeGreaterThanOrEqual(21);
    const c = await trafficOnLo((o) => new CapSource(o), 'any');
    expect(c.linkType).toBe(113);
    expect(c.pkts.length).toBeGreaterThanOrEqual(21);
  });

  it('names a missing interface and a bad filter', async () => {
    const base = { snaplen: 65535, bufferBytes: 1 << 20, promisc: true };
    const h = { packet: () => undefined, warn: () => undefined, end: () => undefined };
    await expect(
      new TcpdumpSource({ ...base, iface: 'nosuch0', filter: 'tcp' }).start(h),
    ).rejects.toMatchObject({ code: 'capture.no_such_interface' });
    await expect(
      new TcpdumpSource({ ...base, iface: 'lo', filter: 'tcp port 99999x' }).start(h),
    ).rejects.toMatchObject({ code: 'capture.bad_filter' });
    await expect(
      new CapSource({ ...base, iface: 'nosuch0', filter: 'tcp' }).start(h),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^capture\./) });
    await expect(
      new CapSource({ ...base, iface: 'lo', filter: 'tcp port 99999x' }).start(h),
    ).rejects.toMatchObject({ code: 'capture.bad_filter' });
  });
});
