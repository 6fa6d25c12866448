import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestMemo } from './digest-memo.js';

describe('DigestMemo', () => {
  it('returns what was stored, counts hits and misses, and empties itself when full', () => {
    const m = new DigestMemo(3);
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    expect(m.get('a')).toBeUndefined();
    for (const s of ['a', 'b', 'c']) m.set(s, md5(s));
    expect(m.get('b')).toBe(md5('b'));
    expect([m.hits, m.misses, m.size]).toEqual([1, 1, 3]);
    m.set('d', md5('d')); // full: starts again with only 'd'
    expect(m.size).toBe(1);
    expect(m.get('a')).toBeUndefined();
    expect(m.get('d')).toBe(md5('d'));
    m.clear();
    expect(m.size).toBe(0);
  });
});
