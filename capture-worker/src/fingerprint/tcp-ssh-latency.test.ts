import { describe, expect, it } from 'vitest';
import { ja4lQuic, ja4lTcp, Ja4lTcpTracker } from './ja4l.js';
import { Ja4SshAccumulator } from './ja4ssh.js';
import { ja4t, ja4ts } from './ja4t.js';

describe('JA4T / JA4TS (spec §6)', () => {
  it('formats the spec examples', () => {
    expect(
      ja4t({ window: 64240, optionKinds: [2, 1, 3, 1, 1, 4], mss: 1460, windowScale: 8 }),
    ).toBe('64240_2-1-3-1-1-4_1460_8');
    expect(
      ja4t({ window: 65535, optionKinds: [2, 1, 3, 1, 1, 8, 4, 0, 0], mss: 1386, windowScale: 6 }),
    ).toBe('65535_2-1-3-1-1-8-4-0-0_1386_6');
  });

  it('missing values: Rust form by default for JA4T, 00 placeholders for JA4TS', () => {
    expect(ja4t({ window: 8192, optionKinds: [] })).toBe('8192__0_0');
    expect(ja4t({ window: 8192, optionKinds: [] }, 'padded')).toBe('8192_00_00_00');
    expect(ja4ts({ window: 8192, optionKinds: [] })).toBe('8192_00_00_00');
    expect(ja4ts({ window: 26883, optionKinds: [2], mss: 1460 })).toBe('26883_2_1460_00');
  });

  it('JA4TS retransmission part: whole-second gaps, then R for a RST', () => {
    const s = 1_000_000;
    expect(
      ja4ts(
        { window: 1, optionKinds: [2], mss: 1460, windowScale: 7 },
        { synAckTimesUs: [0, 1.2 * s, 3.3 * s, 7.4 * s, 15.5 * s], rstTimeUs: 21.9 * s },
      ),
    ).toBe('1_2_1460_7_1-2-4-8-R6');
  });
});

describe('JA4L (spec §7, Rust two-part form)', () => {
  it('halves the gaps (truncating) and appends the TTLs', () => {
    expect(
      ja4lTcp({ synUs: 0, synAckUs: 4439, ackUs: 4440, clientTtl: 128, serverTtl: 255 }),
    ).toEqual({ ja4l_c: '0_128', ja4l_s: '2219_255' });
    expect(
      ja4lQuic({
        clientInitialUs: 0,
        serverInitialUs: 100,
        serverHandshakeUs: 150,
        clientHandshakeUs: 251,
        clientTtl: 64,
        serverTtl: 57,
      }),
    ).toEqual({
      ja4l_c: '50_64',
      ja4l_s: '50_57',
    });
  });

  it('tracker: A = SYN, B = SYN-ACK, C = next ACK without SYN from either side; later packets ignored', () => {
    const t = new Ja4lTcpTracker();
    t.push(0x10, 1, 1); // stray ACK before the SYN
    t.push(0xc2, 100, 64); // SYN with ECE/CWR
    t.push(0x02, 150, 64); // retransmitted SYN: A stays
    t.push(0x12, 300, 50);
    expect(t.value).toBeUndefined();
    t.push(0x18, 311, 50);
    t.push(0x10, 999, 64);
    expect(t.value).toEqual({ ja4l_c: '5_64', ja4l_s: '100_50' });
  });
});

describe('JA4SSH (spec §8)', () => {
  it('emits every 200 SSH packets, modes with ties to the smallest, and the partial window at finish', () => {
    const acc = new Ja4SshAccumulator();
    const emitted: string[] = [];
    for (let i = 0; i < 100; i++) {
      const a = acc.push('client', i % 2 === 0 ? 36 : 52, false);
      const b = acc.push('server', i % 2 === 0 ? 52 : 36, false);
      acc.push('server', 0, true);
      for (const v of [a, b]) if (v) emitted.push(v);
    }
    // The 200th SSH packet closes the window before the 100th server ACK arrives.
    expect(emitted).toEqual(['c36s36_c100s100_c0s99']);
    acc.push('client', 1460, false);
    acc.push('client', 0, true);
    acc.push('client', 0, false); // not a bare ACK (e.g. FIN): ignored
    expect(acc.finish()).toEqual(['c36s36_c100s100_c0s99', 'c1460s0_c1s0_c1s1']);
  });

  it('a window with only ACKs emits nothing; the window size is configurable', () => {
    const acc = new Ja4SshAccumulator({ windowSize: 2 });
    acc.push('client', 0, true);
    expect(acc.finish()).toEqual([]);
    const small = new Ja4SshAccumulator({ windowSize: 2 });
    small.push('client', 10, false);
    expect(small.push('server', 20, false)).toBe('c10s20_c1s1_c0s0');
  });
});
