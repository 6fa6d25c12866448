// The long commands of the built `ja4ws` under a pseudo-terminal (util-linux `script`) and
// without one: stdout is the same bytes every way (terminal, pipe, --quiet); the bar (carriage
// return, erase-line, "[===") appears only on a terminal; off a terminal progress comes as plain
// lines (JA4WS_PROGRESS_INTERVAL_MS makes them frequent enough for a test-sized input) and none
// at the default 5 s for a quick run; --quiet leaves stderr empty; the summary line counts what
// was really read and written. Inputs are real: a Chromium capture repeated 60 times with
// distinct addresses (1,920 connections), generated HTTP traffic for detect.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repeatCapture } from '../../tests/support/repeat-capture.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin/ja4ws.js');
const built = existsSync(join(root, 'dist/main/cli/main.js'));
const hasScript = spawnSync('script', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'ja4ws-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COPIES = 60;
const CONNECTIONS_PER_COPY = 32; // chromium.pcap: 16 TLS connections + 16 without a ClientHello
const capture = join(dir, 'big.pcap');
const captureBytes = built
  ? repeatCapture(
      join(root, 'capture-worker/test-fixtures/chromium-grease/chromium.pcap'),
      capture,
      COPIES,
    )
  : 0;

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
let runNo = 0;

interface Run {
  code: number | null;
  out: Buffer;
  err: string;
}

/**
 * One run of `ja4ws <args>`. tty: under `script`, whose pseudo-terminal is stderr (what the bar
 * needs) while stdout goes to a file, as in `ja4ws fingerprint x > out.jsonl` at a prompt.
 */
function run(args: string[], o: { tty: boolean; env?: Record<string, string> }): Run {
  // The mode comes from the terminal alone, whatever the environment running the tests forces.
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  delete env.JA4WS_PROGRESS;
  const cmd = [process.execPath, bin, ...args].map(sh).join(' ');
  if (!o.tty) {
    const r = spawnSync(process.execPath, [bin, ...args], {
      env,
      timeout: 120_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    return { code: r.status, out: r.stdout, err: r.stderr.toString('utf8') };
  }
  const outFile = join(dir, `out-${runNo++}`);
  const r = spawnSync('script', ['-qfec', `${cmd} > ${sh(outFile)}`, '/dev/null'], {
    env: { ...env, TERM: 'xterm' },
    timeout: 120_000,
  });
  // The terminal turns \n into \r\n; what remains of \r is the bar's own.
  return { code: r.status, out: readFileSync(outFile), err: r.stdout.toString('utf8') };
}

const BAR = /\r\S.*\[=*[> ]* *\] +\d+%/;
const ERASE = '\x1b[K';
const fast = { JA4WS_PROGRESS_INTERVAL_MS: '0' };

function expectBar(r: Run) {
  expect(r.err).toMatch(BAR);
  expect(r.err).toContain(ERASE);
}
function expectNoTerminalCodes(r: Run) {
  expect(r.err).not.toContain('\r');
  expect(r.err).not.toContain('\x1b');
}
/** The last line of stderr, the summary (after the erased bar on a terminal). */
function summaryOf(r: Run): string {
  const lines = r.err.replace(/\r\n/g, '\n').split('\n').filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  return last.slice(last.lastIndexOf(`\r${ERASE}`) + 1).replace(ERASE, '');
}

// Each case starts the program several times (chDB start-up, migrations): minutes on a busy machine.
describe.skipIf(!built || !hasScript)(
  'progress of long commands on a terminal and off it',
  { timeout: 600_000 },
  () => {
    it('fingerprint: same stdout everywhere, a bar only on the terminal, lines off it', () => {
      const args = ['fingerprint', '--format', 'csv', capture];
      const tty = run(args, { tty: true, env: fast });
      const pipe = run(args, { tty: false, env: fast });
      const quiet = run([...args.slice(0, 1), '--quiet', ...args.slice(1)], { tty: false });
      const ttyQuiet = run([...args.slice(0, 1), '-q', ...args.slice(1)], { tty: true });
      const slowLines = run(args, { tty: false });
      for (const r of [tty, pipe, quiet, ttyQuiet, slowLines]) expect(r.code).toBe(0);

      // stdout: the data, byte for byte the same, COPIES x 32 rows plus the header.
      expect(tty.out.length).toBeGreaterThan(0);
      for (const r of [pipe, quiet, ttyQuiet, slowLines]) expect(r.out.equals(tty.out)).toBe(true);
      expect(tty.out.toString('utf8').trim().split('\n')).toHaveLength(
        COPIES * CONNECTIONS_PER_COPY + 1,
      );

      expectBar(tty);
      expect(tty.err).toMatch(/fingerprint big\.pcap \[/);
      expectNoTerminalCodes(pipe);
      const lines = pipe.err
        .split('\n')
        .filter((l) => /^ja4ws fingerprint: big\.pcap, \d+% \(/.test(l));
      expect(lines.length).toBeGreaterThanOrEqual(3);
      expect(lines[0]).toMatch(
        /MB of 8\.\d MB\), .*(left|elapsed).*, [\d,]+ packets, [\d,]+ connections$/,
      );
      // At the default interval (5 s) a run this short writes no progress line, only the summary.
      expect(slowLines.err.trim().split('\n')).toHaveLength(1);

      const summary = `read 1 file (${(captureBytes / 1e6).toFixed(1)} MB, ${(18_420).toLocaleString('en-US')} packets); ${(COPIES * CONNECTIONS_PER_COPY).toLocaleString('en-US')} connections printed`;
      expect(summaryOf(tty)).toContain(`ja4ws fingerprint: ${summary}`);
      expect(summaryOf(pipe)).toContain(`ja4ws fingerprint: ${summary}`);
      expect(quiet.err).toBe('');
      expect(ttyQuiet.err).toBe('');
    });

    it('fingerprint: a bad file is named even with --quiet, and the bar does not tear it', () => {
      const bad = join(dir, 'notes.txt');
      writeFileSync(bad, 'not a capture\n');
      const tty = run(['fingerprint', capture, bad], { tty: true, env: fast });
      const quiet = run(['fingerprint', '-q', capture, bad], { tty: false });
      expect(tty.code).toBe(1);
      expect(quiet.code).toBe(1);
      expect(quiet.err).toMatch(
        /^ja4ws fingerprint: .*notes\.txt: not a pcap or pcapng file[^\n]*\n$/,
      );
      // On the terminal the error line starts on a clean line (the bar erased before it).
      const errorLine = tty.err.indexOf('ja4ws fingerprint: ');
      expect(errorLine).toBeGreaterThanOrEqual(0);
      expect(tty.err.slice(errorLine)).toMatch(/^ja4ws fingerprint: .*notes\.txt: not a pcap/);
      const before = tty.err.slice(0, errorLine);
      expect(before === '' || before.endsWith('\n') || before.endsWith(ERASE)).toBe(true);
      expect(summaryOf(tty)).toMatch(/1 file failed/);
    });

    it('import: the result line on stdout is the same; the summary counts what was stored', () => {
      const runs = [
        run(['import', '-d', join(dir, 'store-tty'), capture], { tty: true, env: fast }),
        run(['import', '-d', join(dir, 'store-pipe'), capture], { tty: false, env: fast }),
        run(['import', '-q', '-d', join(dir, 'store-quiet'), capture], { tty: false }),
      ];
      const [tty, pipe, quiet] = runs as [Run, Run, Run];
      for (const r of runs) expect(r.code, r.err).toBe(0);
      const stored = COPIES * CONNECTIONS_PER_COPY;
      expect(tty.out.toString()).toBe(`${capture}: 18420 packets, ${stored} connections stored\n`);
      expect(pipe.out.equals(tty.out)).toBe(true);
      expect(quiet.out.equals(tty.out)).toBe(true);
      expectBar(tty);
      expectNoTerminalCodes(pipe);
      expect(pipe.err).toMatch(/^ja4ws import: big\.pcap, \d+% \(/m);
      expect(summaryOf(pipe)).toMatch(
        new RegExp(
          `^ja4ws import: read 1 file \\(8\\.\\d MB, 18,420 packets\\); 1,920 connections stored; in `,
        ),
      );
      expect(quiet.err).toBe('');
    });

    it('migrate up: same stdout, a bar of migrations on the terminal, lines off it', () => {
      const tty = run(['migrate', 'up', '--data-dir', join(dir, 'm-tty')], {
        tty: true,
        env: fast,
      });
      const pipe = run(['migrate', 'up', '--data-dir', join(dir, 'm-pipe')], {
        tty: false,
        env: fast,
      });
      const quiet = run(['migrate', 'up', '-q', '--data-dir', join(dir, 'm-q')], { tty: false });
      for (const r of [tty, pipe, quiet]) expect(r.code, r.err).toBe(0);
      expect(tty.out.toString()).toMatch(/^applied 0001_/);
      expect(pipe.out.equals(tty.out)).toBe(true);
      expect(quiet.out.equals(tty.out)).toBe(true);
      const applied = tty.out.toString().match(/^applied /gm)!.length;
      expectBar(tty);
      expect(tty.err).toMatch(/migrate up 0\d{3}_\S+\.sql \[[=> ]+\] +\d+% /);
      expectNoTerminalCodes(pipe);
      expect(pipe.err).toMatch(
        /^ja4ws migrate up: 0\d{3}_\S+\.sql, \d+% \(\d+ of \d+ migrations\)/m,
      );
      expect(summaryOf(pipe)).toMatch(
        new RegExp(`^ja4ws migrate up: ${applied} migrations applied`),
      );
      expect(quiet.err).toBe('');
    });

    it('detect: the scores are the same bytes; progress while reading events; an empty result says what to change', () => {
      const { events } = generateScenario({
        seed: 3,
        humanIps: 15,
        scrapers: 1,
        credentialStuffers: 1,
        curlChrome: 1,
        lowAndSlow: 1,
        botnetIps: 4,
      });
      const eventsPath = join(dir, 'events.jsonl');
      writeFileSync(eventsPath, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
      const args = (out: string, ...more: string[]) => [
        'detect',
        '--events',
        eventsPath,
        '--out',
        join(dir, out),
        ...more,
      ];
      const tty = run(args('s-tty.jsonl'), { tty: true, env: fast });
      const pipe = run(args('s-pipe.jsonl'), { tty: false, env: fast });
      const quiet = run(args('s-q.jsonl', '--quiet'), { tty: false });
      for (const r of [tty, pipe, quiet]) expect(r.code, r.err).toBe(0);
      for (const r of [tty, pipe, quiet]) expect(r.out.length).toBe(0);
      const scores = readFileSync(join(dir, 's-tty.jsonl'));
      expect(scores.length).toBeGreaterThan(0);
      expect(readFileSync(join(dir, 's-pipe.jsonl')).equals(scores)).toBe(true);
      expect(readFileSync(join(dir, 's-q.jsonl')).equals(scores)).toBe(true);
      expectBar(tty);
      expect(tty.err).toMatch(/detect reading events \[/);
      expectNoTerminalCodes(pipe);
      expect(pipe.err).toMatch(/^ja4ws detect: reading events, \d+% \(/m);
      expect(summaryOf(pipe)).toMatch(
        new RegExp(
          `^ja4ws detect: read ${events.length.toLocaleString('en-US')} lines \\(.*\\): ${events.length.toLocaleString('en-US')} events loaded, 0 bad .*; scored \\d+ entities`,
        ),
      );
      expect(quiet.err).toBe('');

      // Nobody reaches 10,000 requests: nothing scored, and the advice names both options.
      const empty = run(args('s-empty.jsonl', '--min-requests', '10000', '-q'), { tty: false });
      expect(empty.code).toBe(0);
      expect(empty.err).toMatch(
        /nothing scored: 0 of the \d+ \(src_ip, ja4\) pairs in the 1h window have >= 10000 requests/,
      );
      expect(empty.err).toMatch(/to score more, try: --min-requests \d+/);
      expect(readFileSync(join(dir, 's-empty.jsonl'), 'utf8')).toBe('');
    });
  },
);
