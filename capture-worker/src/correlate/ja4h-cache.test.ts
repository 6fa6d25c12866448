import { describe, expect, it } from 'vitest';
import { ja4h } from '../fingerprint/ja4h.js';
import { Ja4hCache } from './ja4h-cache.js';
import { request } from './test-events.js';

describe('Ja4hCache', () => {
  it('returns exactly what ja4h() computes, on hits, per-connection hits and while standing aside', () => {
    const c = new Ja4hCache();
    const direct = (r: ReturnType<typeof request>) =>
      ja4h({ method: r.method, version: r.http_version, headers: r.headers });
    const same = request(1, 1);
    expect(c.get(same)).toEqual(direct(same));
    expect(c.get(request(2, 2))).toEqual(direct(same)); // table hit
    const prev = { req: same, fp: direct(same) };
    expect(c.get(request(3, 3), prev)).toBe(prev.fp); // same connection, same headers
    const other = request(4, 4, {
      headers: [
        ['Host', 'x'],
        ['Cookie', 'a=1'],
        ['Accept-Language', 'de'],
      ],
    });
    expect(c.get(other, prev)).toEqual(direct(other));
    // Every request distinct: the table stops being consulted, results stay exact.
    for (let i = 0; i < 10_000; i++) {
      const r = request(i, i, {
        headers: [
          ['Host', 'x'],
          ['Cookie', `s=${i}`],
        ],
      });
      if (i % 997 === 0) expect(c.get(r)).toEqual(direct(r));
      else c.get(r);
    }
    expect(c.hits).toBe(2);
  });
});
