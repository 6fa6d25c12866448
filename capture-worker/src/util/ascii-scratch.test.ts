import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AsciiScratch,
  writeDec16,
  writeDec16List,
  writeHex16,
  writeHex16Items,
  writeHex16List,
} from './ascii-scratch.js';

const sha = (s: string) => createHash('sha256').update(s, 'latin1').digest('hex');
const md5 = (s: string) => createHash('md5').update(s, 'latin1').digest('hex');

describe('AsciiScratch', () => {
  it('writes decimal and hex of every 16-bit value', () => {
    // One comparison of the joined texts: an expect() per value made this test take 5 s.
    const b = new Uint8Array(8);
    const dec: string[] = [];
    const hex: string[] = [];
    for (let v = 0; v < 65536; v++) {
      dec.push(Buffer.from(b.subarray(0, writeDec16(b, 0, v))).toString('latin1'));
      writeHex16(b, 0, v);
      hex.push(Buffer.from(b.subarray(0, 4)).toString('latin1'));
    }
    const all = Array.from({ length: 65536 }, (_, v) => v);
    expect(dec.join(' ')).toBe(all.map(String).join(' '));
    expect(hex.join(' ')).toBe(all.map((v) => v.toString(16).padStart(4, '0')).join(' '));
  });

  it('writes every 16-bit value in the list forms (the u32 tables) as String and toString(16) do', () => {
    const all = Array.from({ length: 65536 }, (_, v) => v);
    const buf = new Uint8Array(65536 * 6);
    const dv = new DataView(buf.buffer);
    const dec = Buffer.from(buf.subarray(0, writeDec16List(dv, 0, all, false))).toString('latin1');
    expect(dec).toBe(all.join('-'));
    const hex = Buffer.from(
      buf.subarray(0, writeHex16List(dv, 0, Uint16Array.from(all), 0, all.length)),
    ).toString('latin1');
    expect(hex).toBe(all.map((v) => v.toString(16).padStart(4, '0')).join(','));
  });

  it('digests what was written, including a new content of an already seen length', () => {
    const s = new AsciiScratch(16);
    for (const text of ['0a0b,1301', 'ffff,0000', '', '771,4865-4866,0-23,29,0']) {
      s.reset();
      for (const c of text) s.byte(c.charCodeAt(0));
      expect(s.toString()).toBe(text);
      expect(s.digest('md5')).toBe(md5(text));
      expect(s.digest('sha256')).toBe(sha(text));
      expect(s.hash12()).toBe(text === '' ? '000000000000' : sha(text).slice(0, 12));
    }
  });

  it('grows past its initial size and keeps every digest right (random lists)', () => {
    const s = new AsciiScratch(8);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 300 }), (list) => {
        s.reset();
        list.forEach((v, i) => {
          if (i > 0) s.byte(0x2d);
          s.dec(v);
        });
        const text = list.join('-');
        expect(s.toString()).toBe(text);
        expect(s.digest('md5')).toBe(md5(text));
        expect(s.hash12(0)).toBe(text === '' ? '000000000000' : sha(text).slice(0, 12));
        if (text.length > 2) expect(s.digest('md5', 2)).toBe(md5(text.slice(2)));
      }),
      { numRuns: 200 },
    );
  });

  it('writes a Uint16Array range as comma-separated hex', () => {
    const s = new AsciiScratch(64);
    const a = Uint16Array.from([0, 0xc02b, 0x000a, 0xffff, 0x1301]);
    s.len = writeHex16List(s.dv, 0, a, 1, 5);
    expect(s.toString()).toBe('c02b,000a,ffff,1301');
    expect(writeHex16List(s.dv, 7, a, 2, 2)).toBe(7);
  });

  it('writes _xxxx,xxxx items from a number list, GREASE dropped when asked', () => {
    const s = new AsciiScratch(64);
    s.len = writeHex16Items(s.dv, 0, [0x0403, 0x0a0a, 0x0804], false, 0x5f);
    expect(s.toString()).toBe('_0403,0a0a,0804');
    s.len = writeHex16Items(s.dv, 0, [0x0a0a, 0x0403, 0x0804], true, 0x5f);
    expect(s.toString()).toBe('_0403,0804');
    expect(writeHex16Items(s.dv, 2, [0x2a2a], true, 0x5f)).toBe(2);
  });

  it('writes a number list in decimal with dashes, GREASE dropped when asked', () => {
    const s = new AsciiScratch(64);
    const list = [0x0a0a, 0, 9, 10, 99, 100, 4865, 49195, 65535, 0xfafa];
    s.len = writeDec16List(s.dv, 0, list, true);
    expect(s.toString()).toBe('0-9-10-99-100-4865-49195-65535');
    s.len = writeDec16List(s.dv, 0, list, false);
    expect(s.toString()).toBe(list.join('-'));
    expect(writeDec16List(s.dv, 3, [0x1a1a], true)).toBe(3);
    expect(writeDec16List(s.dv, 3, [], false)).toBe(3);
  });

  it('reserve() returns a buffer with room after len', () => {
    const s = new AsciiScratch(4);
    s.reset().byte(0x41);
    const b = s.reserve(100);
    expect(b.length).toBeGreaterThanOrEqual(101);
    s.len = writeHex16(b, 1, 0xc02b);
    expect(s.toString()).toBe('Ac02b');
  });
});
