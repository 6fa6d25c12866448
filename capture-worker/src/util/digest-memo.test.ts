import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DigestMemo } from './digest-memo.js';

describe('DigestMemo', () => {
  it('returns what was stored, counts hits and misses, and empties itself when full', () => {
    const m = new DigestMemo(3);
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    expect(m.get('a')).toBeUndefined();
    for (const s of ['a', 'b', 'c']) m.set(s, md5(s));
    expect(m.get('b')?.digest).toBe(md5('b'));
    expect([m.hits, m.misses, m.size]).toEqual([1, 1, 3]);
    m.set('d', md5('d')); // full: starts again with only 'd'
    expect(m.size).toBe(1);
    expect(m.get('a')).toBeUndefined();
    expect(m.get('d')?.digest).toBe(md5('d'));
    // The stored text comes back: the same string, not an equal one built again.
    const built = ['x', 'y'].join('');
    m.set(built, md5(built));
    expect(m.of('xy', () => 'never called').text).toBe(built);
    m.clear();
    expect(m.size).toBe(0);
  });
});
