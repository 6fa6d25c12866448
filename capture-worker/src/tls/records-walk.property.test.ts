// wholeRecordsEnd (the engine's record walk) against splitRecords: the same end of the last whole
// record, and the same error (code and message) wherever splitRecords throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParseError } from '../util/parse-error.js';
import { splitRecords, wholeRecordsEnd } from './records.js';

function outcome(f: () => number): { end: number } | { code: string; message: string } {
  try {
    return { end: f() };
  } catch (e) {
    if (!isParseError(e)) throw e;
    return { code: e.code, message: e.message };
  }
}

/** A record: a content type (mostly valid), a version (mostly 0x03xx), a length and a body. */
const record = fc
  .tuple(
    fc.oneof(fc.constantFrom(20, 21, 22, 23), fc.integer({ min: 0, max: 255 })),
    fc.oneof(fc.constantFrom(0x0301, 0x0303), fc.integer({ min: 0, max: 0xffff })),
    fc.uint8Array({ maxLength: 40 }),
    fc.oneof(fc.constant(0), fc.integer({ min: -5, max: 5 }), fc.constant(0x5000)),
  )
  .map(([ct, v, body, skew]) => {
    const len = Math.max(0, Math.min(0xffff, body.length + skew));
    return Uint8Array.from([ct, v >> 8, v & 255, len >> 8, len & 255, ...body]);
  });

describe('wholeRecordsEnd', () => {
  it('ends where splitRecords ends, and throws what it throws, on any run of records', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.nat(), (recs, cut) => {
        const all = Uint8Array.from(recs.flatMap((r) => [...r]));
        const bytes = all.subarray(0, all.length === 0 ? 0 : cut % (all.length + 1));
        expect(outcome(() => wholeRecordsEnd(bytes))).toEqual(
          outcome(() => splitRecords(bytes).consumed),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('throws on an SSLv2 hello as splitRecords does', () => {
    const v2 = Uint8Array.from([0x80, 0x2e, 0x01, 0x03, 0x01, 0, 0x15, 0, 0, 0, 0x10]);
    expect(outcome(() => wholeRecordsEnd(v2))).toEqual(outcome(() => splitRecords(v2).consumed));
    expect(outcome(() => wholeRecordsEnd(v2))).toMatchObject({ code: 'tls_sslv2_hello' });
  });
});
