import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackSink } from './callback.js';
import { FanoutSink } from './fanout.js';
import { jsonlFileSink } from './jsonl-file.js';
import { StreamSink } from './stream-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-sinks-'));
afterEach(() => undefined);

describe('sinks', () => {
  it('writes JSON lines to a file and to a stream, through a fan-out that survives a failing sink', async () => {
    const path = join(dir, 'a', 'out.jsonl');
    const file = jsonlFileSink<{ n: number }>(path);
    const pipe = new PassThrough();
    const chunks: string[] = [];
    pipe.on('data', (c: Buffer) => chunks.push(c.toString()));
    // A stream the sink does not own (stdout's case): never closed by the sink.
    const std = new StreamSink<{ n: number }>('stdout', pipe, 16 * 1024 * 1024, false);
    const broken = new CallbackSink<{ n: number }>('broken', {
      write: () => {
        throw new Error('down');
      },
      flush: () => Promise.reject(new Error('down')),
    });
    const fan = new FanoutSink([file, broken, std]);
    for (let n = 0; n < 3; n++) fan.write({ n });
    await fan.flush();
    await fan.close();
    expect(readFileSync(path, 'utf8')).toBe('{"n":0}\n{"n":1}\n{"n":2}\n');
    expect(chunks.join('')).toBe('{"n":0}\n{"n":1}\n{"n":2}\n');
    expect(broken.stats.errors).toBe(3);
    expect(fan.errors.get('broken')).toBe(2); // the failed flush, and the flush inside close
    expect(pipe.writableEnded).toBe(false); // stdout is never closed by its sink
    rmSync(dir, { recursive: true, force: true });
  });

  it('drops and counts beyond its buffer bound instead of growing', () => {
    const pipe = new PassThrough({ highWaterMark: 16 });
    const s = new StreamSink<{ s: string }>('bounded', pipe, 1000);
    for (let i = 0; i < 100; i++) s.write({ s: 'x'.repeat(100) });
    expect(s.stats.written).toBeLessThan(100);
    expect(s.stats.dropped).toBe(100 - s.stats.written);
  });
});
