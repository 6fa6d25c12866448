import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { A4, B4, ether, ipv4, tcp } from '../../test-fixtures/packets.js';
import type { RawPacket } from '../pcap/packet.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { createEngine } from './engine.js';
import type { EngineOptions } from './options.js';
import { JA4PLUS_FIELDS } from './record.js';

const REF = join(import.meta.dirname, '../../../../shared/testdata/ja4-reference/pcap');

async function packets(file: string): Promise<RawPacket[]> {
  const out: RawPacket[] = [];
  for await (const p of readCaptureFile(join(REF, file))) out.push({ ...p, data: p.data.slice() });
  return out;
}

function run(
  pkts: RawPacket[],
  opts: Partial<EngineOptions> = {},
): { recs: ConnectionRecord[]; engine: ReturnType<typeof createEngine> } {
  const recs: ConnectionRecord[] = [];
  const engine = createEngine({ onRecord: (r) => recs.push(r), ...opts });
  for (const p of pkts) engine.push(p);
  engine.finish();
  return { recs, engine };
}

const frame = (sec: number, data: Uint8Array): RawPacket => ({
  tsSec: sec,
  tsNsec: 0,
  linkType: 1,
  origLen: data.length,
  data,
});
const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;

describe('engine', () => {
  it('badcurveball.pcap: one record with JA4, JA4S, JA3/JA3S, JA4X, JA4T/TS, JA4L', async () => {
    const { recs, engine } = run(await packets('badcurveball.pcap'));
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      stream: 0,
      src: '172.130.128.76',
      dst_port: 443,
      tls_server_name: 'bad.curveballtest.com',
      ja4: 't13d1615h2_46e7e9700bed_45f260be83e2',
      ja4s: 't1205h1_c02b_845f7282a956',
      ja3: '66918128f1b9b03303d77c6f2eefd128',
      ja3s: '2d1eb5817ece335c24904f516ad5da12',
      ja4t: '65535_2-1-3-1-1-8-4-0-0_1386_6',
      ja4l_c: '2177_64',
    });
    expect(recs[0]?.ja4x).toHaveLength(2);
    const st = engine.stats();
    expect(st.packets).toBe(12);
    expect(st.records).toBe(1);
    expect(st.flowsTotal).toBe(1);
  });

  it('DTLS ClientHello gets the d prefix (spec §10 derived value for dtls-udp.notest.cap)', async () => {
    const { recs } = run(await packets('dtls-udp.notest.cap'));
    expect(recs.map((r) => [r.transport, r.ja4, r.ja4_additional])).toEqual([
      ['udp', 'dd1i440200_49bcda3e7ebf_18d1e47e0978', undefined],
    ]);
  });

  it('ja4plus: false emits only JA4 and JA3 (licensing switch)', async () => {
    const { recs } = run(await packets('badcurveball.pcap'), { ja4plus: false });
    expect(recs[0]?.ja4).toBe('t13d1615h2_46e7e9700bed_45f260be83e2');
    expect(recs[0]?.ja3).toBeDefined();
    for (const k of JA4PLUS_FIELDS) expect(recs[0]).not.toHaveProperty(k);
    // Connections that only have JA4+ fingerprints produce no record at all.
    expect(run(await packets('http1-with-cookies.pcapng'), { ja4plus: false }).recs).toEqual([]);
  });

  it('early mode: a handshake record right after the hellos, then the final record', async () => {
    const pkts = await packets('browsers-x509.pcapng');
    const seen: ConnectionRecord[] = [];
    let atHandshake = -1;
    const engine = createEngine({
      early: true,
      onRecord: (r) => {
        seen.push(r);
        if (r.phase === 'handshake' && atHandshake < 0) atHandshake = count;
      },
    });
    let count = 0;
    for (const p of pkts) {
      count++;
      engine.push(p);
    }
    engine.finish();
    const hs = seen.filter((r) => r.phase === 'handshake');
    const fin = seen.filter((r) => r.phase === 'final');
    expect(hs.length).toBeGreaterThan(0);
    expect(atHandshake).toBeLessThan(pkts.length / 2);
    for (const h of hs) {
      expect(h.ja4).toBeDefined();
      const f = fin.find((x) => x.stream === h.stream && x.transport === h.transport);
      expect(f?.ja4).toBe(h.ja4);
      expect(f?.ja4s).toBeDefined();
    }
    // Streams 1 and 2: the ServerHello followed within the wait, so it is in the early record.
    // Stream 0: the server answered 686 ms later (> earlyWaitUs), so the early record went without it.
    expect(hs.map((h) => [h.stream, h.ja4s !== undefined])).toEqual([
      [0, false],
      [1, true],
      [2, true],
    ]);
  });

  it('evicts the oldest flow when the table is full and counts it', () => {
    const pkts: RawPacket[] = [];
    for (let i = 0; i < 10; i++)
      pkts.push(
        frame(
          1,
          ether(
            0x0800,
            ipv4(A4, B4, 6, tcp(1000 + i, 80, 5, 0, SYN, new Uint8Array(0), [2, 4, 5, 0xb4])),
          ),
        ),
      );
    const { recs, engine } = run(pkts, { maxFlows: 4 });
    expect(engine.stats().flowsEvicted).toBe(6);
    expect(recs.map((r) => r.stream)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].slice(0, 6).concat([6, 7, 8, 9]),
    );
    expect(recs.every((r) => r.ja4t === '64240_2_1460_0')).toBe(true);
  });

  it('idle flows are emitted by tick(); a new SYN after FIN/FIN opens a new stream (port reuse)', () => {
    const recs: ConnectionRecord[] = [];
    const engine = createEngine({
      onRecord: (r) => recs.push(r),
      idleTimeoutUs: 5_000_000,
      closedLingerUs: 1_000_000,
    });
    const p = (sec: number, from: 'c' | 's', seq: number, flags: number): void =>
      engine.push(
        frame(
          sec,
          ether(
            0x0800,
            from === 'c'
              ? ipv4(A4, B4, 6, tcp(5555, 80, seq, 0, flags))
              : ipv4(B4, A4, 6, tcp(80, 5555, seq, 0, flags)),
          ),
        ),
      );
    p(1, 'c', 100, SYN);
    p(1, 's', 900, SYN | ACK);
    p(1, 'c', 101, ACK);
    p(2, 'c', 101, FIN | ACK);
    p(2, 's', 901, FIN | ACK);
    p(2, 'c', 102, ACK);
    p(10, 'c', 5000, SYN); // same 4-tuple, new connection
    expect(recs.map((r) => r.stream)).toEqual([0]);
    engine.tick(20_000_000);
    expect(recs.map((r) => r.stream)).toEqual([0, 1]);
    expect(engine.stats().flowsIdle).toBe(1);
  });

  it('counts undecodable packets by kind and keeps going', () => {
    const { engine } = run([
      frame(1, new Uint8Array(5)),
      frame(1, ether(0x0806, new Uint8Array(28))),
    ]);
    expect(engine.stats().decodeErrors).toEqual({ truncated_link: 1, not_ip: 1 });
  });

  it('random and mutated packets never throw out of push() (property)', async () => {
    const base = await packets('tls-alpn-h2.pcap');
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: base.length - 1 }),
            fc.integer({ min: 0, max: 2000 }),
            fc.integer({ min: 0, max: 255 }),
            fc.integer({ min: 0, max: 2000 }),
          ),
          { maxLength: 30 },
        ),
        (muts) => {
          const pkts = base.map((p) => ({ ...p, data: p.data.slice() }));
          for (const [i, at, v, cut] of muts) {
            const p = pkts[i] as RawPacket;
            if (p.data.length > 0) p.data[at % p.data.length] = v;
            if (cut < p.data.length && cut > 0 && v % 3 === 0) p.data = p.data.subarray(0, cut);
          }
          run(pkts);
        },
      ),
      { numRuns: 300 },
    );
  });
});
