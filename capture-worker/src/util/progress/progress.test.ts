// The progress renderer with a fake stream and clock: when the bar is drawn, erased and
// redrawn, what a plain line says, the rate and time left, and that nothing is written off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes, formatCount, formatDuration, formatElapsed } from './format.js';
import { lineInterval, progressMode } from './mode.js';
import { Progress } from './progress.js';

function fake(isTTY: boolean, columns = 100) {
  const chunks: string[] = [];
  return { stream: { isTTY, columns, write: (s: string) => chunks.push(s) }, chunks };
}

afterEach(() => vi.useRealTimers());

describe('progress renderer', () => {
  it('draws the bar after the delay, at most every 100 ms, with rate and time left, and erases it', () => {
    let t = 0;
    const { stream, chunks } = fake(true);
    const p = new Progress({ label: 'import', mode: 'bar', stream, now: () => t });
    const at = (ms: number, done: number) => {
      t = ms;
      p.update({
        step: 'a.pcap',
        done,
        total: 10_000_000,
        unit: 'bytes',
        counts: [['packets', done / 100]],
      });
    };
    at(100, 1_000_000); // before the 250 ms delay: nothing
    expect(chunks).toEqual([]);
    at(1000, 2_000_000);
    at(1050, 2_100_000); // within 100 ms of the last draw: skipped
    at(2000, 4_000_000);
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toBe(
      '\rimport a.pcap [========>           ]  40% 4.0 MB of 10.0 MB  3 s left  2.0 MB/s  40,000 packets\x1b[K',
    );
    p.log('ja4ws import: b.pcap: no such file');
    expect(chunks.slice(2, 4)).toEqual(['\r\x1b[K', 'ja4ws import: b.pcap: no such file\n']);
    expect(chunks[4]).toMatch(/^\rimport a\.pcap \[/); // redrawn under the line
    p.finish();
    expect(chunks.at(-1)).toBe('\r\x1b[K');
    p.update({ done: 1, unit: 'bytes' });
    expect(chunks.at(-1)).toBe('\r\x1b[K');
  });

  it('cuts the bar to the terminal width', () => {
    let t = 1000;
    const { stream, chunks } = fake(true, 40);
    const p = new Progress({
      label: 'fingerprint',
      mode: 'bar',
      stream,
      now: () => t,
      barDelayMs: 0,
    });
    p.update({ step: 'a-very-long-capture-file-name.pcapng', done: 5, total: 10, unit: 'bytes' });
    const drawn = chunks[0]!.replace('\r', '').replace('\x1b[K', '');
    expect(drawn.length).toBe(39);
    t = 2000;
    p.finish();
  });

  it('writes a plain line once per interval, never a control character', () => {
    let t = 0;
    const { stream, chunks } = fake(false);
    const p = new Progress({
      label: 'detect',
      mode: 'lines',
      stream,
      now: () => t,
      intervalMs: 5000,
    });
    for (let s = 1; s <= 12; s++) {
      t = s * 1000;
      p.update({
        step: 'reading events',
        done: s * 1000,
        total: 12_000,
        unit: 'bytes',
        counts: [['lines', s * 10]],
      });
    }
    p.finish();
    expect(chunks).toEqual([
      'ja4ws detect: reading events, 41% (5.0 kB of 12.0 kB), 7 s left, 1.0 kB/s, 50 lines\n',
      'ja4ws detect: reading events, 83% (10.0 kB of 12.0 kB), 2 s left, 1.0 kB/s, 100 lines\n',
    ]);
  });

  it('keeps writing lines from its timer while the work reports nothing (a long query)', () => {
    vi.useFakeTimers();
    const { stream, chunks } = fake(false);
    const p = new Progress({ label: 'detect', mode: 'lines', stream, intervalMs: 1000 });
    p.update({ step: 'computing features', done: 0, unit: '' });
    vi.advanceTimersByTime(3500);
    p.finish();
    expect(chunks).toEqual([
      'ja4ws detect: computing features, 1 s elapsed\n',
      'ja4ws detect: computing features, 2 s elapsed\n',
      'ja4ws detect: computing features, 3 s elapsed\n',
    ]);
    vi.advanceTimersByTime(5000);
    expect(chunks).toHaveLength(3);
  });

  it('says nothing before the first report, even when its timer fires', () => {
    vi.useFakeTimers();
    const { stream, chunks } = fake(true);
    const p = new Progress({ label: 'import', mode: 'bar', stream });
    vi.advanceTimersByTime(3000);
    expect(chunks).toEqual([]);
    p.finish();
  });

  it('writes nothing when off', () => {
    const { stream, chunks } = fake(true);
    const p = new Progress({ label: 'x', mode: 'off', stream });
    p.update({ done: 1, total: 2, unit: 'bytes' });
    p.finish();
    expect(chunks).toEqual([]);
  });

  it('picks the mode from --quiet, the terminal, TERM and JA4WS_PROGRESS', () => {
    const tty = { isTTY: true, write: () => true };
    const pipe = { isTTY: false, write: () => true };
    expect(progressMode({ stream: tty, env: {} })).toBe('bar');
    expect(progressMode({ stream: pipe, env: {} })).toBe('lines');
    expect(progressMode({ stream: tty, quiet: true, env: {} })).toBe('off');
    expect(progressMode({ stream: tty, env: { TERM: 'dumb' } })).toBe('lines');
    expect(progressMode({ stream: tty, dataOnTerminal: true, env: {} })).toBe('off');
    expect(progressMode({ stream: pipe, env: { JA4WS_PROGRESS: 'off' } })).toBe('off');
    expect(lineInterval({})).toBe(5000);
    expect(lineInterval({ JA4WS_PROGRESS_INTERVAL_MS: '250' })).toBe(250);
    expect(lineInterval({ JA4WS_PROGRESS_INTERVAL_MS: 'soon' })).toBe(5000);
  });

  it('formats sizes and times for people', () => {
    expect([999, 1000, 52_100_000, 117_000_000, 4.2e9].map(formatBytes)).toEqual([
      '999 B',
      '1.0 kB',
      '52.1 MB',
      '117 MB',
      '4.2 GB',
    ]);
    expect([400, 65_000, 7_300_000].map(formatDuration)).toEqual([
      '0 s',
      '1 min 05 s',
      '2 h 01 min',
    ]);
    expect(formatElapsed(5230)).toBe('5.2 s');
  });
});

describe('formatCount', () => {
  it("groups digits as toLocaleString('en-US') does (without loading ICU)", () => {
    const values = [
      0,
      7,
      999,
      1000,
      1234,
      99_999,
      100_000,
      1_234_567,
      -1234,
      1499.5,
      2 ** 53,
      1e21,
    ];
    for (let i = 1; i < 16; i++) values.push(10 ** i - 1, 10 ** i, 3 * 10 ** i + 7);
    for (const n of values)
      expect(formatCount(n), String(n)).toBe(Math.round(n).toLocaleString('en-US'));
  });
});
