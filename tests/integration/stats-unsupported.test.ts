// Issue 18's proof: `ja4ws fingerprint --stats` over every capture committed to the project reports
// no layer it could not follow (stats.unsupported empty, no not_ip / unsupported_* decode error).
// A capture with frames the engine does not follow (ARP, SCTP, an unknown link type) shows the
// same output naming them, so the empty result above is a real observation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TMP = mkdtempSync(join(tmpdir(), 'ja4ws-stats-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function captures(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...captures(p));
    else if (/\.(pcap|pcapng)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

interface FileStats {
  decodeErrors: Record<string, number>;
  unsupported: Record<string, number>;
  packets: number;
}

function statsRun(files: string[]): {
  code: number | null;
  stats: Map<string, FileStats>;
  err: string;
} {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'main/cli/main.ts'), 'fingerprint', '--stats', ...files],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 },
  );
  const stats = new Map<string, FileStats>();
  for (const line of r.stderr.split('\n')) {
    const m = /^(.+\.pcap(?:ng)?): (\{.*\})$/.exec(line);
    if (m) stats.set(m[1] as string, JSON.parse(m[2] as string) as FileStats);
  }
  return { code: r.status, stats, err: r.stderr };
}

/** A classic pcap of `link` frames. */
function pcap(path: string, link: number, frames: Uint8Array[]): void {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(link, 20);
  parts.push(h);
  for (const [i, f] of frames.entries()) {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + i, 0);
    r.writeUInt32LE(f.length, 8);
    r.writeUInt32LE(f.length, 12);
    parts.push(r, Buffer.from(f));
  }
  writeFileSync(path, Buffer.concat(parts));
}

const UNFOLLOWED = /^(not_ip|unsupported_.*)$/;

/** Frames the engine does not follow: ARP twice and SCTP on Ethernet, an unknown link type. */
function unfollowedCaptures(): { mixed: string; odd: string } {
  const eth = (type: number, body: number[]) =>
    Uint8Array.from([...new Array<number>(12).fill(2), type >> 8, type & 0xff, ...body]);
  const sctp = [0x45, 0, 0, 32, 0, 0, 0x40, 0, 64, 132, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
  const mixed = join(TMP, 'mixed.pcap');
  pcap(mixed, 1, [
    eth(0x0806, new Array<number>(28).fill(0)),
    eth(0x0806, new Array<number>(28).fill(0)),
    eth(0x0800, [...sctp, ...new Array<number>(12).fill(0)]),
  ]);
  const odd = join(TMP, 'odd-link.pcap');
  pcap(odd, 147, [new Uint8Array(40)]);
  return { mixed, odd };
}

const committed = [
  ...captures(join(ROOT, 'capture-worker/test-fixtures')),
  join(ROOT, 'capture-worker/src/ssh/fixtures/openssh-9.2-mtu576.pcap'),
  join(ROOT, 'main/storage/test-fixtures/connections/loopback-mix.pcap'),
  join(ROOT, 'tests/security/fixtures/formula-sni.pcap'),
];
const synthetic = unfollowedCaptures();
// One CLI run for both tests (starting the CLI under tsx costs seconds).
let run: ReturnType<typeof statsRun> | undefined;
const once = () => (run ??= statsRun([...committed, synthetic.mixed, synthetic.odd]));

describe('ja4ws fingerprint --stats: nothing unsupported on the project captures (issue 18)', () => {
  it('every committed capture decodes with no unsupported layer', () => {
    const files = committed;
    expect(files.length).toBeGreaterThan(50);
    const { code, stats, err } = once();
    expect(code, err.slice(-2000)).toBe(0);
    for (const f of files) {
      const s = stats.get(f);
      const name = relative(ROOT, f);
      expect(s, `${name}: no --stats line`).toBeDefined();
      expect(s?.packets, name).toBeGreaterThan(0);
      expect(s?.unsupported, name).toEqual({});
      const unfollowed = Object.keys(s?.decodeErrors ?? {}).filter((k) => UNFOLLOWED.test(k));
      expect(unfollowed, name).toEqual([]);
    }
  });

  it('frames the engine does not follow are named in --stats and in the summary', () => {
    const { stats, err } = once();
    expect(stats.get(synthetic.mixed)?.unsupported).toEqual({
      ethertype_0x0806: 2,
      ip_proto_132: 1,
    });
    expect(stats.get(synthetic.odd)?.unsupported).toEqual({ link_type_147: 1 });
    expect(err).toMatch(/not followed: 2 ethertype_0x0806, 1 ip_proto_132, 1 link_type_147/);
  });
});
