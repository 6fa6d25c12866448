import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capturePath, tsharkView } from '../../test-fixtures/captures.js';
import { CaptureFileError } from './errors.js';
import type { RawPacket } from './packet.js';
import { readCaptureFile } from './read-file.js';
import { CaptureStreamParser } from './stream-parser.js';

// --- builders for synthetic captures -------------------------------------------------------

function pcapFile(
  opts: { le: boolean; ns: boolean; linkType: number },
  pkts: { sec: number; frac: number; data: number[] }[],
): Uint8Array {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  const w32 = (b: Buffer, v: number, o: number): void =>
    void (opts.le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const w16 = (b: Buffer, v: number, o: number): void =>
    void (opts.le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  w32(h, opts.ns ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  w16(h, 2, 4);
  w16(h, 4, 6);
  w32(h, 65535, 16);
  w32(h, opts.linkType, 20);
  parts.push(h);
  for (const p of pkts) {
    const r = Buffer.alloc(16);
    w32(r, p.sec, 0);
    w32(r, p.frac, 4);
    w32(r, p.data.length, 8);
    w32(r, p.data.length + 10, 12);
    parts.push(r, Buffer.from(p.data));
  }
  return Buffer.concat(parts);
}

function block(le: boolean, type: number, body: Buffer): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const len = 12 + padded.length;
  const b = Buffer.alloc(len);
  if (le) {
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(len, 4);
    b.writeUInt32LE(len, len - 4);
  } else {
    b.writeUInt32BE(type, 0);
    b.writeUInt32BE(len, 4);
    b.writeUInt32BE(len, len - 4);
  }
  padded.copy(b, 8);
  return b;
}

function pcapngFile(le: boolean): Uint8Array {
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    return b;
  };
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    if (le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const shb = block(
    le,
    0x0a0d0d0a,
    Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]),
  );
  // Interface 0: Ethernet, default µs. Interface 1: raw IP with if_tsresol = 9 (ns).
  const idb0 = block(le, 1, Buffer.concat([u16(1), u16(0), u32(65535)]));
  const idb1 = block(
    le,
    1,
    Buffer.concat([
      u16(101),
      u16(0),
      u32(65535),
      u16(9),
      u16(1),
      Buffer.from([9, 0, 0, 0]),
      u16(0),
      u16(0),
    ]),
  );
  const ts = (v: bigint): Buffer =>
    Buffer.concat([u32(Number(v >> 32n)), u32(Number(v & 0xffffffffn))]);
  const epb0 = block(
    le,
    6,
    Buffer.concat([u32(0), ts(1_700_000_000_123_456n), u32(3), u32(3), Buffer.from([1, 2, 3])]),
  );
  const epb1 = block(
    le,
    6,
    Buffer.concat([u32(1), ts(1_700_000_000_987_654_321n), u32(2), u32(60), Buffer.from([4, 5])]),
  );
  const spb = block(le, 3, Buffer.concat([u32(4), Buffer.from([6, 7, 8, 9])]));
  const opb = block(
    le,
    2,
    Buffer.concat([u16(0), u16(0), ts(1_600_000_000_000_001n), u32(1), u32(1), Buffer.from([10])]),
  );
  const keylog = Buffer.from('CLIENT_RANDOM 00 11\n');
  const dsb = block(le, 0x0a, Buffer.concat([u32(0x544c534b), u32(keylog.length), keylog]));
  return Buffer.concat([shb, idb0, idb1, epb0, dsb, epb1, spb, opb]);
}

function parseAll(
  bytes: Uint8Array,
  chunk = bytes.length,
): { pkts: RawPacket[]; keylogs: string[]; error?: unknown } {
  const pkts: RawPacket[] = [];
  const keylogs: string[] = [];
  const p = new CaptureStreamParser({
    onPacket: (x) => pkts.push({ ...x, data: x.data.slice() }),
    onTlsKeyLog: (t) => keylogs.push(t),
  });
  try {
    for (let i = 0; i < bytes.length; i += chunk) p.push(bytes.subarray(i, i + chunk));
    p.end();
  } catch (e) {
    return { pkts, keylogs, error: e };
  }
  return { pkts, keylogs };
}

describe('CaptureStreamParser: classic pcap', () => {
  for (const le of [true, false]) {
    for (const ns of [false, true]) {
      it(`${le ? 'little' : 'big'}-endian, ${ns ? 'ns' : 'µs'} timestamps`, () => {
        const f = pcapFile({ le, ns, linkType: 113 }, [
          { sec: 10, frac: 5, data: [1, 2, 3] },
          { sec: 11, frac: 999, data: [] },
        ]);
        const { pkts, error } = parseAll(f, 7);
        expect(error).toBeUndefined();
        expect(pkts.map((p) => [p.tsSec, p.tsNsec, p.linkType, p.origLen, [...p.data]])).toEqual([
          [10, ns ? 5 : 5000, 113, 13, [1, 2, 3]],
          [11, ns ? 999 : 999000, 113, 10, []],
        ]);
      });
    }
  }

  it('yields every complete packet, then a truncation error with the offset', () => {
    const f = pcapFile({ le: true, ns: false, linkType: 1 }, [
      { sec: 1, frac: 0, data: [1, 2, 3, 4] },
      { sec: 2, frac: 0, data: [5, 6, 7, 8] },
    ]);
    const { pkts, error } = parseAll(f.subarray(0, f.length - 2), 5);
    expect(pkts).toHaveLength(1);
    expect(error).toBeInstanceOf(CaptureFileError);
    expect((error as CaptureFileError).code).toBe('capture_truncated');
    expect((error as CaptureFileError).offset).toBe(24 + 20);
  });

  it('rejects a file that is not a capture, naming the magic', () => {
    const { error } = parseAll(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect((error as CaptureFileError).code).toBe('capture_bad_magic');
    expect((error as Error).message).toMatch(/not a pcap or pcapng file/);
  });

  it('rejects an empty stream as truncated', () => {
    expect((parseAll(new Uint8Array(0)).error as CaptureFileError).code).toBe('capture_truncated');
  });
});

describe('CaptureStreamParser: pcapng', () => {
  for (const le of [true, false]) {
    it(`${le ? 'little' : 'big'}-endian: EPB/SPB/OPB, two interfaces, if_tsresol, DSB key log`, () => {
      const f = pcapngFile(le);
      for (const chunk of [f.length, 1, 13]) {
        const { pkts, keylogs, error } = parseAll(f, chunk);
        expect(error).toBeUndefined();
        expect(keylogs).toEqual(['CLIENT_RANDOM 00 11\n']);
        expect(pkts.map((p) => [p.tsSec, p.tsNsec, p.linkType, p.origLen, [...p.data]])).toEqual([
          [1_700_000_000, 123_456_000, 1, 3, [1, 2, 3]],
          [1_700_000_000, 987_654_321, 101, 60, [4, 5]],
          [0, 0, 1, 4, [6, 7, 8, 9]],
          [1_600_000_000, 1000, 1, 1, [10]],
        ]);
      }
    });
  }

  it('reports a block whose trailing length differs from its header', () => {
    const f = Buffer.from(pcapngFile(true));
    const shbLen = f.readUInt32LE(4);
    f.writeUInt32LE(999, shbLen + 20 - 4); // IDB 0 trailer
    const { error } = parseAll(f);
    expect((error as CaptureFileError).code).toBe('capture_block_length');
    expect((error as CaptureFileError).offset).toBe(shbLen);
  });

  it('reports a packet for an undescribed interface', () => {
    const f = Buffer.from(pcapngFile(true));
    const shbLen = f.readUInt32LE(4);
    const idb0 = f.readUInt32LE(shbLen + 4);
    const idb1 = f.readUInt32LE(shbLen + idb0 + 4);
    f.writeUInt32LE(7, shbLen + idb0 + idb1 + 8);
    expect((parseAll(f).error as CaptureFileError).code).toBe('capture_bad_record');
  });
});

describe('readCaptureFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ja4-pcap-'));

  it('streams real captures (pcap and pcapng): same packet count as tshark, key log surfaced from the DSB', async () => {
    for (const file of ['tls-clients.pcap', 'tls-keylog.pcapng']) {
      let n = 0;
      for await (const p of readCaptureFile(capturePath(file), { chunkSize: 4096 })) {
        n++;
        expect(p.data.length).toBeLessThanOrEqual(p.origLen);
      }
      expect(n, file).toBe(tsharkView(file).frames);
    }
    let keylog = '';
    for await (const p of readCaptureFile(capturePath('tls-keylog.pcapng'), {
      onTlsKeyLog: (t) => (keylog += t),
    }))
      void p;
    expect(keylog).toMatch(/CLIENT_HANDSHAKE_TRAFFIC_SECRET|CLIENT_RANDOM/);
  });

  it('names a missing file', async () => {
    const it2 = readCaptureFile(join(dir, 'nope.pcap'));
    await expect(it2.next()).rejects.toMatchObject({
      code: 'capture_missing_file',
      path: join(dir, 'nope.pcap'),
    });
  });

  it('keeps the good packets of a truncated file, then throws naming file and offset', async () => {
    const f = join(dir, 'trunc.pcap');
    writeFileSync(
      f,
      pcapFile({ le: true, ns: false, linkType: 1 }, [
        { sec: 1, frac: 0, data: [1] },
        { sec: 2, frac: 0, data: [2, 3] },
      ]).subarray(0, 24 + 17 + 10),
    );
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const p of readCaptureFile(f)) got.push(p.tsSec);
      })(),
    ).rejects.toThrow(/trunc\.pcap: truncated/);
    expect(got).toEqual([1]);
  });
});

describe('CaptureStreamParser properties', () => {
  it('random or mutated bytes give packets and/or one CaptureFileError, never another error', () => {
    const valid = pcapngFile(true);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          fc
            .tuple(
              fc.integer({ min: 0, max: valid.length - 1 }),
              fc.integer({ min: 0, max: 255 }),
              fc.integer({ min: 1, max: valid.length }),
            )
            .map(([i, v, cut]) => {
              const m = Uint8Array.from(valid);
              m[i] = v;
              return m.subarray(0, cut);
            }),
        ),
        fc.integer({ min: 1, max: 64 }),
        (bytes, chunk) => {
          const { pkts, error } = parseAll(bytes, chunk);
          if (error !== undefined) expect(error).toBeInstanceOf(CaptureFileError);
          // A packet never holds more bytes than the input had.
          for (const p of pkts) expect(p.data.length).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('CaptureStreamParser: bytesReceived (the offset a failed read reports)', () => {
  it('counts every byte pushed, whatever the chunking and wherever a record straddles', () => {
    const f = pcapngFile(true);
    for (const chunk of [1, 3, 7, 64, f.length]) {
      const p = new CaptureStreamParser({ onPacket: () => {} });
      let pushed = 0;
      for (let i = 0; i < f.length; i += chunk) {
        const part = f.subarray(i, i + chunk);
        p.push(part);
        pushed += part.length;
        expect(p.bytesReceived).toBe(pushed);
      }
    }
  });
});
