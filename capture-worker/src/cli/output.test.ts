import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batched } from './output.js';

describe('batched', () => {
  it('writes every string, in order, as UTF-8 chunks of at most the limit, never reused', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 30 })),
          {
            maxLength: 80,
          },
        ),
        fc.integer({ min: 8, max: 200 }),
        (strings, limit) => {
          const chunks: Buffer[] = [];
          const b = batched((c) => chunks.push(c), limit);
          for (const s of strings) b.write(s);
          b.flush();
          // Compared after the last write: a chunk written into again would show here.
          expect(Buffer.concat(chunks).toString('utf8')).toBe(strings.join(''));
          for (const c of chunks) expect(c.length).toBeGreaterThan(0);
          for (const [i, c] of chunks.entries()) {
            const alone = strings.some(
              (s) => Buffer.byteLength(s) === c.length && 3 * s.length > limit,
            );
            if (!alone) expect(c.length, `chunk ${i}`).toBeLessThanOrEqual(limit);
          }
        },
      ),
    );
  });

  it('holds nothing back after flush, and a flush with nothing written writes nothing', () => {
    const chunks: Buffer[] = [];
    const b = batched((c) => chunks.push(c), 256);
    b.flush();
    expect(chunks).toHaveLength(0);
    b.write('{"ja4":"t13d1516h2_8daaf6152771_e5627efa2ab1"}\n');
    expect(chunks).toHaveLength(0);
    b.flush();
    b.write('é');
    b.flush();
    expect(chunks.map((c) => c.toString('utf8'))).toEqual([
      '{"ja4":"t13d1516h2_8daaf6152771_e5627efa2ab1"}\n',
      'é',
    ]);
  });
});
