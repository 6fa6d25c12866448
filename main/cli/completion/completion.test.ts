// The completion scripts of the built `ja4ws`, loaded into real shells: bash through `complete -p`
// and COMP_WORDS/COMP_CWORD as bash sets them on <Tab>; zsh with compsys's output functions
// replaced by ones that print what would be offered. The offers are checked against the
// commander program itself, so a new command or option that the scripts missed fails here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../program.js';

const root = resolve(import.meta.dirname, '../../..');
const bin = join(root, 'bin/ja4ws.js');
const built = existsSync(join(root, 'dist/main/cli/main.js'));
const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'ja4ws-compl-'));
const caps = join(dir, 'caps');
mkdirSync(caps);
writeFileSync(join(caps, 'a.pcap'), '');
writeFileSync(join(caps, 'b.pcapng'), '');

const sh = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

// Each script is made once by the built program (start-up costs seconds), then sourced per case.
const script = (shell: string): string => {
  const file = join(dir, `ja4ws.${shell}`);
  if (!existsSync(file))
    writeFileSync(
      file,
      execFileSync(process.execPath, [bin, 'completion', shell], { encoding: 'utf8' }),
    );
  return file;
};

/** What bash offers for the words typed (the last one is the word under the cursor). */
function bashOffers(words: string[]): string[] {
  const text = [
    `source ${sh(script('bash'))}`,
    `COMP_WORDS=(${words.map(sh).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    `_ja4ws`,
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n');
  return execFileSync('bash', ['-c', text], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function zshOffers(words: string[]): string[] {
  const text = [
    'compdef() { : }',
    `source ${sh(script('zsh'))}`,
    `_describe() { print -l -- "\${(@P)4}" }`,
    'compadd() { shift; print -l -- "$@" }',
    '_files() { print "<files>" }',
    '_directories() { print "<dirs>" }',
    '_message() { print "<$1>" }',
    `words=(${words.map(sh).join(' ')})`,
    `CURRENT=${words.length}`,
    '_ja4ws',
  ].join('\n');
  return execFileSync('zsh', ['-c', text], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

const program = buildProgram();
const sub = (name: string) => program.commands.find((c) => c.name() === name)!;

describe.skipIf(!built)('ja4ws completion bash', () => {
  it('registers a completion function for ja4ws', () => {
    const out = execFileSync(
      'bash',
      ['-c', `source <(${sh(process.execPath)} ${sh(bin)} completion bash); complete -p ja4ws`],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('complete -o filenames -F _ja4ws ja4ws');
  });

  it('offers every subcommand of the program, and completes a prefix', () => {
    expect(bashOffers(['ja4ws', '']).sort()).toEqual(program.commands.map((c) => c.name()).sort());
    expect(bashOffers(['ja4ws', 'mi'])).toEqual(['migrate']);
    expect(bashOffers(['ja4ws', 'migrate', ''])).toEqual(
      sub('migrate').commands.map((c) => c.name()),
    );
    expect(bashOffers(['ja4ws', 'completion', ''])).toEqual(['bash', 'zsh']);
  });

  it("offers a command's own options, every one of them", () => {
    const offered = bashOffers(['ja4ws', 'import', '--']);
    const expected = sub('import')
      .options.map((o) => o.long!)
      .concat('--help');
    expect(offered.sort()).toEqual(expected.sort());
    expect(offered).toContain('--quiet');
    expect(bashOffers(['ja4ws', 'detect', '--window', '1h', '--l'])).toEqual(['--level']);
  });

  it("offers an option's choices, directories for --data-dir, files for capture arguments", () => {
    expect(bashOffers(['ja4ws', 'fingerprint', '--format', ''])).toEqual(['jsonl', 'csv', 'table']);
    expect(bashOffers(['ja4ws', 'import', '--log-level', 'w'])).toEqual(['warn']);
    // Only directories after --data-dir, though files sit beside them.
    expect(bashOffers(['ja4ws', 'import', '-d', `${dir}/`])).toEqual([caps]);
    // The value after -d is skipped: what follows is a capture file argument.
    expect(bashOffers(['ja4ws', 'import', '-d', dir, `${caps}/`]).sort()).toEqual([
      `${caps}/a.pcap`,
      `${caps}/b.pcapng`,
    ]);
    expect(bashOffers(['ja4ws', 'fingerprint', `${caps}/a.`])).toEqual([`${caps}/a.pcap`]);
  });
});

describe.skipIf(!built || !hasZsh)('ja4ws completion zsh', () => {
  it('offers subcommands with their descriptions, choices and files', () => {
    expect(zshOffers(['ja4ws', 'migrate', ''])).toContain('up:apply pending migrations in order');
    expect(zshOffers(['ja4ws', ''])).toEqual(
      program.commands.map((c) => `${c.name()}:${c.description()}`),
    );
    expect(zshOffers(['ja4ws', 'fingerprint', '--format', ''])).toEqual(['jsonl', 'csv', 'table']);
    expect(zshOffers(['ja4ws', 'import', '-d', ''])).toEqual(['<dirs>']);
    expect(zshOffers(['ja4ws', 'import', '-d', dir, ''])).toEqual(['<files>']);
    expect(zshOffers(['ja4ws', 'detect', '--'])).toContain(
      '--min-requests:entities with fewer requests are not scored',
    );
  });
});
