// The configuration's error wording, source by source: missing vs invalid vs unknown, the key
// path, the value shortened (secrets masked), and where to fix it (the variable, the file).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envNameOf, loadConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-cfgerr-'));

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('configuration errors', () => {
  it('a missing key is called missing and says how to set it', () => {
    const msg = messageOf(() =>
      loadConfig({ env: { JA4WS_STORE__KIND: 'remote' }, flags: { dataDir: dir } }),
    );
    expect(msg).toContain(
      'missing field `store.url` (expected a string); set it in the config file (--config) or with JA4WS_STORE__URL',
    );
    expect(msg).not.toMatch(/Invalid input/);
  });

  it('an invalid value names the key, the value and the variable that set it', () => {
    const msg = messageOf(() =>
      loadConfig({ env: { JA4WS_DAEMON__PORT: '99999' }, flags: { dataDir: dir } }),
    );
    expect(msg).toContain(
      'invalid field `daemon.port`: expected a number <= 65535, got 99999; set by JA4WS_DAEMON__PORT',
    );
  });

  it('names the file for values and unknown keys from it, shortens long values, masks secrets', () => {
    const file = join(dir, 'c.yaml');
    writeFileSync(
      file,
      [
        'logLevel: ' + 'v'.repeat(300),
        'deamon: { port: 1 }',
        'store: { kind: remote, url: "http://ch:8123", password: 12345 }',
      ].join('\n'),
    );
    const msg = messageOf(() => loadConfig({ file, env: {}, flags: { dataDir: dir } }));
    expect(msg).toContain(`invalid field \`logLevel\`: expected one of "trace"`);
    expect(msg).toContain(`got "${'v'.repeat(38)}… (302 chars); set in file ${file}`);
    expect(msg).toContain(
      `unknown field \`deamon\`; did you mean \`daemon\`? (set in file ${file})`,
    );
    expect(msg).toMatch(/invalid field `store\.password`: expected a string, got \*\*\*/);
    expect(msg).not.toContain('12345');
  });

  it('values from the command line say so', () => {
    const msg = messageOf(() => loadConfig({ env: {}, flags: { dataDir: dir, logLevel: 'loud' } }));
    expect(msg).toMatch(/invalid field `logLevel`: .*got "loud"; set in the command line/);
  });

  it('maps key paths to their variables', () => {
    expect(envNameOf('daemon.port')).toBe('JA4WS_DAEMON__PORT');
    expect(envNameOf('ingest.maxLineBytes')).toBe('JA4WS_INGEST__MAX_LINE_BYTES');
  });
});
