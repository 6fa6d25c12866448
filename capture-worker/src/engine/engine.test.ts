import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { A4, B4, ether, ipv4, tcp } from '../../test-fixtures/packets.js';
import { capturePath, tsharkView, type TsharkHello } from '../../test-fixtures/captures.js';
import { describeWithReference, referencePath } from '../../test-fixtures/reference-corpus.js';
import { decodePacket } from '../decode/decode.js';
import { DecodedPacket } from '../decode/decoded-packet.js';
import type { RawPacket } from '../pcap/packet.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { createEngine } from './engine.js';
import type { EngineOptions } from './options.js';
import { JA4PLUS_FIELDS } from './record.js';

async function readAll(path: string): Promise<RawPacket[]> {
  const out: RawPacket[] = [];
  for await (const p of readCaptureFile(path)) out.push({ ...p, data: p.data.slice() });
  return out;
}
/** A capture of the project's own (test-fixtures/captures). */
const packets = (file: string): Promise<RawPacket[]> => readAll(capturePath(file));

/** tshark's ClientHello and ServerHello of a one-connection capture. */
function hellos(file: string): {
  client: TsharkHello;
  server: TsharkHello;
} {
  const v = tsharkView(file);
  return {
    client: v.hellos.find((h) => h.type === 'client')!,
    server: v.hellos.find((h) => h.type === 'server')!,
  };
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
  it("tls12-h2.pcap (curl -> nginx): one record whose JA4, JA4S, JA3/JA3S and SNI are tshark's; JA4X, JA4T/TS, JA4L present", async () => {
    const { client, server } = hellos('tls12-h2.pcap');
    const { recs, engine } = run(await packets('tls12-h2.pcap'));
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      stream: 0,
      src: client.src,
      src_port: client.src_port,
      dst_port: client.dst_port,
      tls_server_name: client.sni,
      ja4: client.ja4,
      ja4s: server.ja4s,
      ja3: client.ja3,
      ja3s: server.ja3s,
    });
    expect(recs[0]?.ja4).toMatch(/^t12d\d{4}h2_/);
    expect(recs[0]?.ja4x).toHaveLength(1); // nginx's one self-signed certificate (TLS 1.2: in clear)
    expect(recs[0]?.ja4t).toMatch(/^\d+_[\d-]+_\d+_\d+$/);
    expect(recs[0]?.ja4ts).toMatch(/^\d+_[\d-]+_\d+_\d+$/);
    expect(recs[0]?.ja4l_c).toMatch(/^\d+_64$/);
    const st = engine.stats();
    expect(st.packets).toBe(tsharkView('tls12-h2.pcap').frames);
    expect(st.records).toBe(1);
    expect(st.flowsTotal).toBe(1);
  });

  it("DTLS ClientHello (openssl s_client -dtls) gets the d prefix; JA4 and JA4S equal tshark's", async () => {
    const { client, server } = hellos('dtls-openssl.pcap');
    const { recs } = run(await packets('dtls-openssl.pcap'));
    expect(recs.map((r) => [r.transport, r.ja4, r.ja4s, r.ja4_additional])).toEqual([
      ['udp', client.ja4, server.ja4s, undefined],
    ]);
    expect(recs[0]?.ja4).toMatch(/^dd2i/);
  });

  it("QUIC (Chromium over HTTP/3): one udp record whose JA4 and SNI are tshark's", async () => {
    const { client } = hellos('quic-chromium.pcap');
    const { recs } = run(await packets('quic-chromium.pcap'));
    const quic = recs.filter((r) => r.ja4?.startsWith('q'));
    expect(quic.map((r) => [r.transport, r.ja4, r.tls_server_name])).toEqual([
      ['udp', client.ja4, client.sni],
    ]);
  });

  it('ja4plus: false emits only JA4 and JA3 (licensing switch)', async () => {
    const { client } = hellos('tls12-h2.pcap');
    const { recs } = run(await packets('tls12-h2.pcap'), { ja4plus: false });
    expect(recs[0]?.ja4).toBe(client.ja4);
    expect(recs[0]?.ja3).toBe(client.ja3);
    for (const k of JA4PLUS_FIELDS) expect(recs[0]).not.toHaveProperty(k);
    // Connections that only have JA4+ fingerprints (here cleartext HTTP/1.1 to nginx's port
    // 9080) produce no record at all, while with JA4+ each gets its JA4H.
    const d = new DecodedPacket();
    const http = (await packets('tls-clients.pcap')).filter(
      (p) =>
        decodePacket(p.linkType, p.data, d) === null && (d.srcPort === 9080 || d.dstPort === 9080),
    );
    expect(run(http).recs.filter((r) => r.ja4h).length).toBeGreaterThan(40);
    expect(run(http, { ja4plus: false }).recs).toEqual([]);
  });

  it('early mode: a handshake record right after the hellos, then the final record', async () => {
    const { server } = hellos('tls12-h2.pcap');
    const base = await packets('tls12-h2.pcap');
    const early = (pkts: RawPacket[], tick?: { afterIndex: number; us: number }) => {
      const seen: ConnectionRecord[] = [];
      let atHandshake = -1;
      let count = 0;
      const engine = createEngine({
        early: true,
        onRecord: (r) => {
          seen.push(r);
          if (r.phase === 'handshake' && atHandshake < 0) atHandshake = count;
        },
      });
      for (const p of pkts) {
        count++;
        engine.push(p);
        if (tick && count === tick.afterIndex + 1) engine.tick(tick.us);
      }
      engine.finish();
      return {
        atHandshake,
        hs: seen.filter((r) => r.phase === 'handshake'),
        fin: seen.filter((r) => r.phase === 'final'),
      };
    };
    // As recorded (the server answered within microseconds): the early record has the JA4S.
    const prompt = early(base);
    expect(prompt.hs).toHaveLength(1);
    expect(prompt.atHandshake).toBeLessThan(base.length / 2);
    expect(prompt.hs[0]?.ja4s).toBe(server.ja4s);
    expect(prompt.fin.map((r) => [r.ja4, r.ja4s])).toEqual([[prompt.hs[0]?.ja4, server.ja4s]]);
    // The same packets with everything from the ServerHello on delayed by 2 s (> earlyWaitUs),
    // and the worker's clock tick 1 s after the ClientHello: the early record goes without the
    // JA4S; the final record still has it.
    const shFrame = server.frame;
    const ch = base[shFrame - 2]!;
    const late = early(
      base.map((p, i) => (i + 1 >= shFrame ? { ...p, tsSec: p.tsSec + 2 } : p)),
      { afterIndex: shFrame - 2, us: (ch.tsSec + 1) * 1e6 + Math.floor(ch.tsNsec / 1000) },
    );
    expect(late.hs.map((r) => [r.ja4 !== undefined, r.ja4s])).toEqual([[true, undefined]]);
    expect(late.fin.map((r) => r.ja4s)).toEqual([server.ja4s]);
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
    const base = await packets('tls12-h2.pcap');
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

describeWithReference('engine on the reference corpus', () => {
  it('DTLS ClientHello gets the d prefix (spec §10 derived value for dtls-udp.notest.cap)', async () => {
    const { recs } = run(await readAll(referencePath('pcap', 'dtls-udp.notest.cap')));
    expect(recs.map((r) => [r.transport, r.ja4, r.ja4_additional])).toEqual([
      ['udp', 'dd1i440200_49bcda3e7ebf_18d1e47e0978', undefined],
    ]);
  });

  it("badcurveball.pcap: the reference implementation's JA4, JA4S, JA3/JA3S, JA4T, JA4L", async () => {
    const { recs } = run(await readAll(referencePath('pcap', 'badcurveball.pcap')));
    expect(recs[0]).toMatchObject({
      tls_server_name: 'bad.curveballtest.com',
      ja4: 't13d1615h2_46e7e9700bed_45f260be83e2',
      ja4s: 't1205h1_c02b_845f7282a956',
      ja3: '66918128f1b9b03303d77c6f2eefd128',
      ja3s: '2d1eb5817ece335c24904f516ad5da12',
      ja4t: '65535_2-1-3-1-1-8-4-0-0_1386_6',
      ja4l_c: '2177_64',
    });
    expect(recs[0]?.ja4x).toHaveLength(2);
  });
});
