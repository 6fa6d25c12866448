import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function collect(max: number) {
  const lines: string[] = [];
  const over: { prefix: string; length: number }[] = [];
  const s = new LineSplitter(max, {
    line: (b) => lines.push(b.toString()),
    oversize: (p, length) => over.push({ prefix: p.toString(), length }),
  });
  return { s, lines, over };
}

describe('LineSplitter', () => {
  it('splits lines across chunk boundaries, strips CR, keeps a last line without newline', () => {
    const { s, lines } = collect(100);
    for (const c of ['{"a":', '1}\n{"b"', ':2}\r\n\n{"c":3}']) s.push(Buffer.from(c));
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
    s.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('skips an over-long line up to its newline without holding it, and keeps the lines around it', () => {
    const { s, lines, over } = collect(64 * 1024);
    s.push(Buffer.from('good1\nxx'));
    const chunk = Buffer.alloc(1024, 0x78);
    for (let i = 0; i < 1024; i++) s.push(chunk); // 1 MiB line in 1 KiB pieces
    // Nothing of the long line is buffered beyond its prefix.
    expect((s as unknown as { partLen: number }).partLen).toBe(0);
    s.push(Buffer.from('yy\ngood2\n'));
    expect(lines).toEqual(['good1', 'good2']);
    expect(over).toHaveLength(1);
    expect(over[0]?.length).toBe(2 + 1024 * 1024 + 2);
    expect(over[0]?.prefix).toMatch(/^xxxx/);
    expect(over[0]?.prefix.length).toBe(512);
  });

  it('accepts a line of exactly the limit and rejects one byte more', () => {
    const { s, lines, over } = collect(10);
    s.push(Buffer.from('0123456789\n01234567890\nok\n'));
    expect(lines).toEqual(['0123456789', 'ok']);
    expect(over.map((o) => o.length)).toEqual([11]);
  });
});
