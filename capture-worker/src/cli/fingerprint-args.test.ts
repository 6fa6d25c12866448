// The commander-free reading of `ja4ws fingerprint` command lines against commander itself (the
// program the fast path stands in for): every line the fast parser accepts must give commander's
// files and flags, and every line commander refuses or answers with help must be left to it.
import fc from 'fast-check';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { fingerprintCommand } from './fingerprint-command.js';
import { parseFingerprintArgs } from './fingerprint-args.js';
import type { FingerprintFlags } from './fingerprint-run.js';

type Parsed = { files: string[]; flags: FingerprintFlags } | 'refused';

/** What commander makes of `ja4ws fingerprint <args>`: the action's arguments, or a refusal. */
function commander(args: string[]): Parsed {
  let got: Parsed = 'refused';
  // As main/cli/program-base.ts makeProgram sets the program up (not imported: a lower layer).
  const program = new Command('ja4ws')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .addCommand(
      fingerprintCommand()
        .exitOverride()
        .configureOutput({ writeOut: () => {}, writeErr: () => {} })
        .action((files: string[], flags: FingerprintFlags) => {
          got = { files, flags: { ...flags } };
        }),
    );
  try {
    program.parse(['fingerprint', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return 'refused';
  }
  return got;
}

function fast(args: string[]): Parsed | undefined {
  const r = parseFingerprintArgs(args);
  return r && { files: r.files, flags: r.flags };
}

/** Commander leaves unset flags out; the fast parser too, except the two with defaults. */
const same = (a: Parsed | undefined, b: Parsed) => expect(a).toEqual(b);

describe('parseFingerprintArgs', () => {
  it('reads the documented forms as commander does', () => {
    for (const line of [
      ['a.pcap'],
      ['-q', 'a.pcap', 'b.pcapng'],
      ['--format', 'csv', '--no-ja4plus', 'a.pcap'],
      ['--format=table', 'a.pcap', '--stats', '--quiet'],
      ['a.pcap', '--format', 'jsonl', '--format', 'csv'],
      ['-q', '--', '-x.pcap', '--format'],
      ['--threads', '2', 'a.pcap'],
      ['--threads=64', '-q', 'a.pcap'],
    ]) {
      const c = commander(line);
      expect(c).not.toBe('refused');
      same(fast(line), c);
    }
  });

  it('leaves help, usage errors and unusual forms to commander', () => {
    for (const line of [
      [],
      ['-q'],
      ['--help'],
      ['-h', 'a.pcap'],
      ['--format', 'xml', 'a.pcap'],
      ['--format'],
      ['--bogus', 'a.pcap'],
      ['-qx', 'a.pcap'],
      ['--ja4plus', 'a.pcap'],
      ['--quiet=1', 'a.pcap'],
      ['-'],
      ['--threads', '0', 'a.pcap'],
      ['--threads=65', 'a.pcap'],
      ['--threads', 'two', 'a.pcap'],
      ['a.pcap', '--threads'],
    ])
      expect(fast(line), line.join(' ')).toBeUndefined();
  });

  it('agrees with commander on random lines of options, files and separators', () => {
    const token = fc.oneof(
      fc.constantFrom(
        '-q',
        '--quiet',
        '--stats',
        '--no-ja4plus',
        '--ja4plus',
        '--format',
        '--format=csv',
        '--format=xml',
        'csv',
        'table',
        'jsonl',
        '--',
        '-',
        '-h',
        '--help',
        '-x',
        '--formats',
        '',
        '--threads',
        '--threads=3',
        '--threads=0',
        '2',
        '65',
        '07',
      ),
      fc.stringMatching(/^[a-z0-9._/-]{1,12}$/),
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.array(token, { maxLength: 8 }), (line) => {
        const f = fast(line);
        // Undefined is always allowed (commander then decides); an answer must be commander's.
        if (f === undefined) return;
        answered++;
        same(f, commander(line));
      }),
      { numRuns: 3000 },
    );
    // The comparison ran on a good share of the lines, not only on refusals.
    expect(answered).toBeGreaterThan(300);
  });
});
