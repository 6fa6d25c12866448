// Error wording on the command line, through runCli: a missing key is "missing", a bad value is
// "invalid" with its option or field path and the value (long ones shortened), and the message
// says what to change: the option, the environment variable, --window / --min-requests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../common/util/errors.js';
import { generateScenario } from '../../tools/traffic-gen/scenario.js';
import { runCli } from './program.js';

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-clierr-'));

async function run(args: string[], env: Record<string, string> = {}) {
  let err = '';
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  process.exitCode = undefined;
  try {
    return { code: await runCli(args), out, err };
  } finally {
    process.exitCode = undefined;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('command-line error wording', () => {
  it('detect: each bad option is named with its value and what it takes', async () => {
    const r = await run([
      'detect',
      '--events',
      join(dir, 'none.jsonl'),
      '--out',
      join(dir, 'o.jsonl'),
      '--window',
      '1y',
      '--min-requests',
      '0',
      '--seed',
      '9'.repeat(80),
    ]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.err.trim().split('\n')).toEqual([
      `ja4ws detect: invalid option --window: expected a duration like 90s, 30m, 1h or 2d, or 'all', got "1y"`,
      'ja4ws detect: invalid option --min-requests: expected a number >= 1, got "0"',
      `ja4ws detect: invalid option --seed: expected a number <= 9007199254740991, got "${'9'.repeat(38)}… (82 chars)`,
    ]);
  });

  it('detect: an input line without a field says missing; a wrong one says invalid and shortens it; an empty result says what to change', async () => {
    const { events } = generateScenario({ seed: 5, humanIps: 3, scrapers: 1 });
    const { correlation: _drop, ...noCorrelation } = events[0] as unknown as Record<
      string,
      unknown
    >;
    const lines = [
      JSON.stringify(noCorrelation),
      JSON.stringify({ ...events[1], correlation: 'm'.repeat(200) }),
      ...events.slice(2, 30).map((e) => JSON.stringify(e)),
    ];
    const eventsPath = join(dir, 'events.jsonl');
    writeFileSync(eventsPath, lines.join('\n') + '\n');
    const r = await run([
      'detect',
      '--events',
      eventsPath,
      '--out',
      join(dir, 'scores.jsonl'),
      '--min-requests',
      '1000',
    ]);
    expect(r.code).toBe(ExitCode.ok);
    // A line is read as a correlated event or a flat one with fingerprint fields (issue 20); when
    // it is neither, the correlated schema's own complaint says what is missing.
    expect(r.err).toContain(
      'line 1: schema: neither a correlated event nor a flat event with a ja4 field: missing field `correlation` (expected one of "matched"',
    );
    expect(r.err).not.toMatch(/Invalid option/);
    expect(r.err).toMatch(
      /line 2: schema: neither .*: invalid field `correlation`: expected one of .*, got "m{38}… \(202 chars\)$/m,
    );
    expect(r.err).toMatch(
      /nothing scored: 0 of the \d+ \(src_ip, ja4\) pairs in the 1h window have >= 1000 requests/,
    );
    expect(r.err).toMatch(/to score more, try: .*--window \d+[hd] --min-requests \d+/);
  });

  it('detect: a missing events file names the option', async () => {
    const r = await run(['detect', '--events', join(dir, 'nope.jsonl'), '--out', join(dir, 'x')]);
    expect(r.code).toBe(ExitCode.failure);
    expect(r.err).toMatch(/cannot read events file .*nope\.jsonl: no such file \(--events\)/);
  });

  it('configuration through a command: missing vs invalid, with the variable to set', async () => {
    const missing = await run(['config', 'check', '-d', dir], { JA4WS_STORE__KIND: 'remote' });
    expect(missing.code).toBe(ExitCode.usage);
    expect(missing.err).toContain(
      'missing field `store.url` (expected a string); set it in the config file (--config) or with JA4WS_STORE__URL',
    );
    const invalid = await run(['config', 'check', '-d', dir, '--log-level', 'info'], {
      JA4WS_DAEMON__PORT: '99999',
    });
    expect(invalid.err).toContain(
      'invalid field `daemon.port`: expected a number <= 65535, got 99999; set by JA4WS_DAEMON__PORT',
    );
  });
});

describe('--help', () => {
  it('ends with examples for every command', async () => {
    const { buildProgram } = await import('./program.js');
    const paths: string[][] = [[]];
    const walk = (cmd: Command, path: string[]) => {
      for (const c of cmd.commands) {
        paths.push([...path, c.name()]);
        walk(c, [...path, c.name()]);
      }
    };
    walk(buildProgram(), []);
    expect(paths.length).toBeGreaterThan(12);
    for (const path of paths) {
      const r = await run([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(ExitCode.ok);
      expect(r.out, path.join(' ')).toMatch(
        /\nExamples:\n {2}\$ ja4ws|\nExamples:\n {2}\$ (xdg-open|curl|JA4WS_|source)/,
      );
    }
  });
});
