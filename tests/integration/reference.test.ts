// Every reference capture through `ja4ws fingerprint` (one process for all files), compared with
// expected.jsonl and ja3-tshark-4.0.17.jsonl under ja4-spec.md §12:
//  1. rust records: every fingerprint field they carry, exact;
//  2. python records: ja4_r, ja4_o, ja4_ro, ja4s_r, ja4h_ro, ja4_additional, and the hashed
//     fields where python agrees with rust;
//  3. wireshark records: ja4ts (ja4d: not implemented, listed as skipped);
//  4. the tshark file: ja3/ja3_full and ja3s/ja3s_full of every hello.
// Each skipped comparison is listed with its §11 row or its exact reason; the test prints totals
// and fails listing every difference.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import {
  describeWithReference,
  hasReferenceCorpus,
  referenceDirCandidate,
} from '../../capture-worker/test-fixtures/reference-corpus.js';

const REF = referenceDirCandidate;
const PCAPS = join(REF, 'pcap');
const ROOT = join(import.meta.dirname, '../..');

type Rec = Record<string, unknown>;

interface Tally {
  compared: number;
  equal: number;
  skipped: { what: string; reason: string }[];
  diffs: string[];
}

const tally: Tally = { compared: 0, equal: 0, skipped: [], diffs: [] };
let ours: Rec[] = [];
let cliStderr = '';

function loadJsonl(path: string): Rec[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Rec);
}

/** Endpoint pair, direction-independent (python records orient streams their own way). */
function pairKey(r: Rec, transport?: string): string {
  const a = `${String(r.src)}|${String(r.src_port)}`;
  const b = `${String(r.dst)}|${String(r.dst_port)}`;
  return `${String(r.pcap)}|${transport ?? String(r.transport ?? '')}|${a < b ? a + '|' + b : b + '|' + a}`;
}

function findOurs(ref: Rec, transport?: string): Rec[] {
  const k = pairKey(ref, transport);
  return ours.filter(
    (o) =>
      pairKey(o, transport ?? (o.transport as string)) === k &&
      (transport === undefined || o.transport === transport),
  );
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function check(where: string, field: string, expected: unknown, actual: unknown): void {
  tally.compared++;
  if (same(expected, actual)) tally.equal++;
  else
    tally.diffs.push(
      `${where} ${field}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
}

function skip(where: string, field: string, reason: string): void {
  tally.skipped.push({ what: `${where} ${field}`, reason });
}

const RUST_FIELDS = [
  'stream',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'tls_server_name',
  'ja4',
  'ja4s',
  'ja4h',
  'ja4x',
  'ja4t',
  'ja4l_c',
  'ja4l_s',
  'ja4ssh',
];
/** Known rust keys that are not fingerprints of this issue. */
const RUST_NOT_FINGERPRINTS: Record<string, string> = {
  x509: 'per-certificate issuer/subject names, not a JA4+ fingerprint (ja4x itself is compared)',
  ssh_extras: 'HASSH/banners, not part of JA4SSH (spec §8)',
  source: '',
  pcap: '',
  pcap_present: '',
  transport: '',
};

/** Python-only fields (§12.2) and the hashed ones it shares with rust. */
const PY_OWN = ['ja4_r', 'ja4_o', 'ja4_ro', 'ja4s_r', 'ja4h_ro', 'ja4_additional'];
const PY_HASHED = ['ja4', 'ja4s', 'ja4h', 'ja4x', 'tls_server_name'];
/** Python fields §12 does not make it the oracle for, with the §11 row. */
const PY_NOT_ORACLE: Record<string, string> = {
  ja4l_c: '§11 "JA4L": packet choice differs per implementation, rust is the oracle',
  ja4l_s: '§11 "JA4L": packet choice differs per implementation, rust is the oracle',
  client_ttl: '§11 "JA4L": python TTL pairs with its own JA4L packet choice, rust is the oracle',
  server_ttl: '§11 "JA4L": python TTL pairs with its own JA4L packet choice, rust is the oracle',
  ja4ssh: '§11 "JA4SSH last partial window": python drops the last window, rust is the oracle',
  ssh_extras: 'HASSH/banners, not part of JA4SSH (spec §8)',
};

/** Explains a python-vs-ours difference by a §11 row, or returns undefined (then it is a failure). */
function pythonDivergence(field: string, expected: unknown, actual: unknown): string | undefined {
  if (field === 'ja4h_ro' && Array.isArray(expected) && Array.isArray(actual)) {
    // Python leaves HTTP/2 pseudo-headers out and cuts Accept-Language at ';'.
    const strip = (s: string): string => s.replace(/:(method|authority|scheme|path),?/g, '');
    if (
      expected.every(
        (x, i) =>
          typeof x === 'string' &&
          typeof actual[i] === 'string' &&
          strip(actual[i] as string).slice(12) === strip(x).slice(12),
      )
    )
      return '§11 "HTTP/2 pseudo-headers in JA4H" / "Accept-Language en;q=": python differs from rust in the a part or pseudo-headers';
    // HTTP/2: python prints one record per HTTP/2 stream and leaves the pseudo-headers out (the
    // a part's header count drops by their number); each python value must be one of ours modulo that.
    const sameButCount = (x: string, y: string): boolean =>
      x.startsWith('ge20') || x.slice(2, 4) === '20'
        ? x.slice(0, 6) === y.slice(0, 6) &&
          x.slice(8, 12) === y.slice(8, 12) &&
          x.slice(12) === y.slice(12)
        : false;
    if (
      expected.every(
        (x) =>
          typeof x === 'string' &&
          actual.some((a) => typeof a === 'string' && sameButCount(x, strip(a))),
      )
    )
      return '§11 "HTTP/2 pseudo-headers in JA4H": python leaves out :method/:authority/:scheme/:path and prints one record per HTTP/2 stream; the value matches one of ours without them';
    return undefined;
  }
  return undefined;
}

beforeAll(() => {
  if (!hasReferenceCorpus) return; // the suite below is skipped
  const files = readdirSync(PCAPS)
    .sort()
    .map((f) => join(PCAPS, f));
  const res = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'main/cli/main.ts'),
      'fingerprint',
      // The closing summary (issue 26) is not a file error; errors still print with --quiet.
      '--quiet',
      '--format',
      'jsonl',
      ...files,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  cliStderr = res.stderr;
  ours = res.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Rec);
}, 120_000);

describeWithReference('reference vectors (ja4-spec §12)', () => {
  it('reads every reference capture without a file error', () => {
    expect(cliStderr.split('\n').filter((l) => l.startsWith('ja4ws'))).toEqual([]);
    expect(ours.length).toBeGreaterThan(280);
  });

  it('matches rust, python, wireshark and tshark oracles', () => {
    const expected = loadJsonl(join(REF, 'expected.jsonl'));
    const ja3 = loadJsonl(join(REF, 'ja3-tshark-4.0.17.jsonl'));
    let records = 0;

    // 1. rust
    for (const r of expected.filter((x) => x.source === 'rust')) {
      const where = `rust ${String(r.pcap)} ${String(r.transport)} stream ${String(r.stream)}`;
      if (r.pcap_present === false) {
        skip(
          where,
          '*',
          'capture not in the reference set (SOURCE.md: gtp-iphone.pcap orphan snapshot)',
        );
        continue;
      }
      records++;
      const mine = findOurs(r, r.transport as string);
      const o = mine.length === 1 ? mine[0] : mine.find((m) => m.stream === r.stream);
      for (const k of Object.keys(r)) {
        if (k in RUST_NOT_FINGERPRINTS) {
          if (RUST_NOT_FINGERPRINTS[k]) skip(where, k, RUST_NOT_FINGERPRINTS[k] as string);
          continue;
        }
        if (!RUST_FIELDS.includes(k)) {
          tally.diffs.push(`${where}: unexpected rust field ${k}`);
          continue;
        }
        check(where, k, r[k], o?.[k]);
      }
    }

    // 2. python
    for (const r of expected.filter((x) => x.source === 'python')) {
      const where = `python ${String(r.pcap)} stream ${String(r.stream)} ${String(r.src)}:${String(r.src_port)}`;
      records++;
      const mine = ours.filter((m) => pairKey(m, '') === pairKey(r, ''));
      const o =
        mine.find((m) => m.transport === 'tcp' && (r.ja4 === undefined || m.ja4 === r.ja4)) ??
        mine[0];
      const rust = expected.find(
        (x) =>
          x.source === 'rust' &&
          pairKey(x, '') === pairKey(r, '') &&
          (r.ja4 === undefined || x.ja4 === r.ja4 || x.transport === 'tcp'),
      );
      for (const k of Object.keys(r)) {
        if (
          [
            'source',
            'pcap',
            'pcap_present',
            'stream',
            'src',
            'src_port',
            'dst',
            'dst_port',
          ].includes(k)
        )
          continue;
        if (k in PY_NOT_ORACLE) {
          skip(where, k, PY_NOT_ORACLE[k] as string);
          continue;
        }
        if (PY_HASHED.includes(k)) {
          if (rust === undefined) {
            skip(
              where,
              k,
              'no rust record for this stream: §12.2 uses python hashed fields only where they agree with rust',
            );
            continue;
          }
          if (!same(rust[k], r[k])) {
            skip(
              where,
              k,
              `python differs from rust here (${JSON.stringify(r[k])} vs ${JSON.stringify(rust[k])}): known divergence, §12.2`,
            );
            continue;
          }
        } else if (!PY_OWN.includes(k)) {
          tally.diffs.push(`${where}: unexpected python field ${k}`);
          continue;
        }
        let actual = o?.[k];
        if (k === 'ja4_additional' && Array.isArray(o?.ja4_additional)) {
          // Python prints each extra hello as {ja4, ja4_r, ja4_o, ja4_ro}; we keep the variants apart.
          const v = (o.ja4_additional_variants ?? []) as Rec[];
          actual = (o.ja4_additional as string[]).map((ja4, i) => ({ ja4, ...v[i] }));
        }
        if (!same(r[k], actual)) {
          const why = pythonDivergence(k, r[k], actual);
          if (why !== undefined) {
            skip(where, k, why);
            continue;
          }
        }
        check(where, k, r[k], actual);
      }
    }

    // 3. wireshark: ja4ts (per SYN-ACK frame; frame -> endpoints from tshark), ja4d
    const wsByPcap = new Map<string, Rec[]>();
    for (const r of expected.filter((x) => x.source === 'wireshark')) {
      if (r.ja4d !== undefined) {
        records++;
        skip(
          `wireshark ${String(r.pcap)} frame ${String(r.frame)}`,
          'ja4d',
          'JA4D (DHCP) is not defined in ja4-spec.md and DHCP is not decoded by this engine',
        );
      }
      if (r.ja4ts !== undefined) {
        const list = wsByPcap.get(r.pcap as string) ?? [];
        list.push(r);
        wsByPcap.set(r.pcap as string, list);
      }
    }
    for (const [pcap, list] of wsByPcap) {
      const frames = tsharkEndpoints(join(PCAPS, pcap));
      for (const r of list) {
        records++;
        const where = `wireshark ${pcap} frame ${String(r.frame)}`;
        const ep = frames.get(r.frame as number);
        if (ep === undefined) {
          tally.diffs.push(`${where}: frame not found by tshark`);
          continue;
        }
        const key = pairKey({ pcap, ...ep }, 'tcp');
        const mine = ours.filter((m) => m.transport === 'tcp' && pairKey(m) === key);
        const o = mine.find((m) => m.ja4ts === r.ja4ts) ?? mine[0];
        const later = list.some((x) => {
          const e2 = frames.get(x.frame as number);
          return (
            (x.frame as number) > (r.frame as number) &&
            e2 !== undefined &&
            pairKey({ pcap, ...e2 }, 'tcp') === key
          );
        });
        if (later && o?.ja4ts !== r.ja4ts) {
          skip(
            where,
            'ja4ts',
            'wireshark prints an intermediate JA4TS at each retransmitted SYN-ACK; the connection record carries the final value, compared at the last SYN-ACK frame',
          );
          continue;
        }
        check(where, 'ja4ts', r.ja4ts, o?.ja4ts);
      }
    }

    // 4. tshark JA3/JA3S, hello by hello (later hellos in a stream -> *_additional)
    const seen = new Map<string, number>();
    for (const r of ja3) {
      records++;
      const isCh = r.ja3 !== undefined;
      const where = `tshark ${String(r.pcap)} ${String(r.transport)} frame ${String(r.frame)}`;
      const mine = ours.filter((m) => pairKey(m) === pairKey(r));
      const o = mine.length === 1 ? mine[0] : (mine.find((m) => m.stream === r.stream) ?? mine[0]);
      const sk = `${pairKey(r)}|${isCh ? 'ch' : 'sh'}`;
      const n = seen.get(sk) ?? 0;
      seen.set(sk, n + 1);
      const pre = isCh ? 'ja3' : 'ja3s';
      if (n === 0) {
        check(where, pre, r[pre], o?.[pre]);
        check(where, `${pre}_full`, r[`${pre}_full`], o?.[`${pre}_full`]);
      } else {
        check(
          where,
          `${pre}_additional[${n - 1}]`,
          r[pre],
          (o?.[`${pre}_additional`] as string[] | undefined)?.[n - 1],
        );
        check(
          where,
          `${pre}_full_additional[${n - 1}]`,
          r[`${pre}_full`],
          (o?.[`${pre}_full_additional`] as string[] | undefined)?.[n - 1],
        );
      }
    }

    const reasons = new Map<string, number>();
    for (const s of tally.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    console.log(
      [
        `reference: ${records} reference records, ${tally.compared} fields compared, ${tally.equal} equal, ${tally.diffs.length} different, ${tally.skipped.length} skipped`,
        'skipped comparisons by reason:',
        ...[...reasons].map(([r, n]) => `  ${n} x ${r}`),
        'skipped comparisons:',
        ...tally.skipped.map((s) => `  ${s.what}: ${s.reason}`),
      ].join('\n'),
    );
    if (tally.diffs.length > 0) console.log(`differences:\n  ${tally.diffs.join('\n  ')}`);
    expect(tally.diffs).toEqual([]);
  });
});

/** frame number -> innermost endpoints of that frame, from Debian's tshark. */
function tsharkEndpoints(file: string): Map<number, Rec> {
  const out = execFileSync(
    'tshark',
    [
      '-r',
      file,
      '-T',
      'fields',
      '-E',
      'separator=\t',
      '-e',
      'frame.number',
      '-e',
      'ip.src',
      '-e',
      'ipv6.src',
      '-e',
      'ip.dst',
      '-e',
      'ipv6.dst',
      '-e',
      'tcp.srcport',
      '-e',
      'tcp.dstport',
    ],
    {
      encoding: 'utf8',
    },
  );
  const m = new Map<number, Rec>();
  for (const line of out.split('\n')) {
    const [f, s4, s6, d4, d6, sp, dp] = line.split('\t');
    if (!f || !sp) continue;
    const last = (v: string | undefined): string =>
      (v ?? '').split(',').filter(Boolean).slice(-1)[0] ?? '';
    m.set(Number(f), {
      src: last(s6) || last(s4),
      dst: last(d6) || last(d4),
      src_port: Number(last(sp)),
      dst_port: Number(last(dp)),
    });
  }
  return m;
}
