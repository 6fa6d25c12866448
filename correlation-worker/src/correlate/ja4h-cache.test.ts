import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ja4h } from '../../../capture-worker/src/fingerprint/ja4h.js';
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

  it('keys on what JA4H reads: other values may differ, Cookie/Accept-Language/names may not', () => {
    // Small vocabularies so sequences hit the table and the previous-request path often.
    const name = fc.constantFrom(
      'Host',
      'User-Agent',
      'Accept',
      'cookie',
      'Cookie',
      'Referer',
      'Accept-Language',
      'ACCEPT-LANGUAGE',
      ':path',
      'X-A',
    );
    const value = fc.constantFrom('a=1', 'a=1; b=2', 'en-US,en;q=0.9', 'de', 'x', '');
    const req = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      version: fc.constantFrom('1.1', '2'),
      headers: fc.array(fc.tuple(name, value), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(req, { minLength: 1, maxLength: 30 }), (reqs) => {
        const c = new Ja4hCache();
        let prev: Parameters<Ja4hCache['get']>[1];
        for (const [i, r] of reqs.entries()) {
          const ev = request(i, i, {
            method: r.method,
            http_version: r.version,
            headers: r.headers,
          });
          const got = c.get(ev, prev);
          expect(got).toEqual(ja4h({ method: r.method, version: r.version, headers: r.headers }));
          prev = { req: ev, fp: got };
        }
      }),
      { numRuns: 300 },
    );
  });
});
