import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inputSize, MIN_BYTES_PER_THREAD, threadsFor } from './thread-plan.js';

const MB = 1_000_000;
const TMP = mkdtempSync(join(tmpdir(), 'ja4-thread-plan-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe('threadsFor', () => {
  it('starts a thread for each MIN_BYTES_PER_THREAD of the whole input, never more than asked', () => {
    expect(MIN_BYTES_PER_THREAD).toBe(40 * MB);
    // The benchmark files: x200 (39 MB) gained nothing from two threads, x1000 (195 MB) did.
    expect(threadsFor(2, [39 * MB])).toBe(1);
    expect(threadsFor(2, [78 * MB])).toBe(1);
    expect(threadsFor(2, [80 * MB])).toBe(2);
    expect(threadsFor(2, [195 * MB])).toBe(2);
    expect(threadsFor(8, [195 * MB])).toBe(4);
    expect(threadsFor(64, [10_000 * MB])).toBe(64);
    // The threads serve every file of the run: small files together can pay for them.
    expect(threadsFor(2, [30 * MB, 30 * MB, 30 * MB])).toBe(2);
    expect(threadsFor(3, [30 * MB, 30 * MB, 30 * MB])).toBe(2);
    // Nothing asked, nothing read (a missing file counts 0: the run reports it).
    expect(threadsFor(1, [500 * MB])).toBe(1);
    expect(threadsFor(2, [0])).toBe(1);
    expect(threadsFor(2, [])).toBe(1);
  });

  it('keeps the count asked for when an input has no size (a pipe)', () => {
    expect(threadsFor(2, [undefined])).toBe(2);
    expect(threadsFor(4, [1 * MB, undefined])).toBe(4);
  });

  it('is between 1 and the count asked, and each thread has its share of the input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.integer({ min: 0, max: 2_000 * MB }), { maxLength: 8 }),
        (asked, sizes) => {
          const t = threadsFor(asked, sizes);
          const total = sizes.reduce((a, b) => a + b, 0);
          expect(t).toBeGreaterThanOrEqual(1);
          expect(t).toBeLessThanOrEqual(asked);
          if (t > 1) expect(total).toBeGreaterThanOrEqual(t * MIN_BYTES_PER_THREAD);
          if (t < asked) expect(total).toBeLessThan((t + 1) * MIN_BYTES_PER_THREAD);
        },
      ),
    );
  });
});

describe('inputSize', () => {
  it('is the size of a regular file, 0 for a missing one and undefined for a FIFO', () => {
    const file = join(TMP, 'f.pcap');
    writeFileSync(file, Buffer.alloc(1234));
    expect(inputSize(file)).toBe(1234);
    expect(inputSize(join(TMP, 'missing.pcap'))).toBe(0);
    const fifo = join(TMP, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(inputSize(fifo)).toBeUndefined();
  });
});
