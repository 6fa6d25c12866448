// A download's summary crosses HTTP as headers and must come back as it was sent, whatever the
// text (spaces at the ends, '%', non-ASCII, newlines): the WHATWG Headers the browser and the
// desktop's relay read it through trims and refuses some of those.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocklistHeaders } from './blocklist.js';
import { downloadOutput, toHeader, uploadOutput } from './file-output.js';
import { pcapHeaders } from './pcap.js';

const saved = { saved: true, path: 'f', bytes: 3 };

function through(mapping: Record<string, string>, values: Record<string, unknown>): Headers {
  const h = new Headers();
  for (const [field, header] of Object.entries(mapping)) h.set(header, toHeader(values[field]));
  return h;
}

describe('download summary headers', () => {
  it('a blocklist summary comes back equal, any text', () => {
    fc.assert(
      fc.property(
        fc.record({
          format: fc.constantFrom('nginx', 'haproxy', 'cloudflare', 'aws-waf'),
          filename: fc.string({ unit: 'grapheme', maxLength: 40 }),
          ips: fc.nat(),
          ja4s: fc.nat(),
          expires: fc.string({ unit: 'grapheme', maxLength: 30 }),
          truncated: fc.boolean(),
          warnings: fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { maxLength: 4 }),
        }),
        (v) => {
          const h = through(blocklistHeaders, v);
          expect(downloadOutput('blocklist.file', h, saved)).toEqual({ ...v, ...saved });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers read as they are (ja4ws pcap and scripts read the pcap counts as plain text)', () => {
    const v = { connections: 3, packets: 120, truncated: 1, unavailable: 0 };
    const h = through(pcapHeaders, v);
    expect(h.get(pcapHeaders.packets)).toBe('120');
    expect(downloadOutput('pcap.file', h, saved)).toEqual({ ...v, ...saved });
  });

  it('a summary field the response lacks is refused, not guessed', () => {
    expect(() => downloadOutput('pcap.file', new Headers(), saved)).toThrow(/connections/);
  });
});

describe('upload outputs', () => {
  it('one call per file concatenates; no file is an empty list', () => {
    expect(uploadOutput('import.upload', [])).toEqual({ jobs: [] });
  });
});
