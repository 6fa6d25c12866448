import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envToTree, loadConfig, maskSecrets } from './load.js';

function tmpFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ja4ws-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('gives a working local daemon with no sources', () => {
    const c = loadConfig({ env: {} });
    expect(c.daemon.host).toBe('127.0.0.1');
    expect(c.store.kind).toBe('embedded');
    expect(c.fingerprints.ja4plus).toBe(true);
  });

  it('applies file, then environment, then flags', () => {
    const file = tmpFile('daemon:\n  port: 9000\n  host: 127.0.0.2\nlogLevel: debug\n');
    const c = loadConfig({
      file,
      env: { JA4WS_DAEMON__PORT: '9001', JA4WS_LOG_LEVEL: 'warn' },
      flags: { daemon: { port: 9002 } },
    });
    expect(c.daemon.port).toBe(9002);
    expect(c.daemon.host).toBe('127.0.0.2');
    expect(c.logLevel).toBe('warn');
  });

  it('names the key path, the value and the expectation', () => {
    const file = tmpFile('daemon:\n  port: 70000\nstore:\n  kind: remote\n  url: not-a-url\n');
    let err: unknown;
    try {
      loadConfig({ file, env: {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('daemon.port');
    expect(msg).toContain('70000');
    expect(msg).toContain('store.url');
  });

  it('rejects unknown keys instead of ignoring typos', () => {
    const file = tmpFile('deamon:\n  port: 1\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/deamon/);
  });

  it('leaves the run-wide variables of CI, tests and install scripts out of the configuration', () => {
    // CI exports these for the whole `npm test`; every daemon and command started inside it
    // must still start (they once failed with "unknown field `referenceDir`").
    const env = {
      JA4WS_REFERENCE_DIR: '/x/ja4-reference',
      JA4WS_REQUIRE_REFERENCE: '1',
      JA4WS_FUZZ_SEED: '7',
      JA4WS_SKIP_BUILD: '1',
      JA4WS_CHANNEL_FD: '3',
    };
    expect(envToTree(env)).toEqual({});
    expect(() => loadConfig({ env: { ...env, JA4WS_DAEMON__PORT: '9000' } })).not.toThrow();
    expect(() => loadConfig({ env: { JA4WS_REFERENCE_DIRR: '/x' } })).toThrow(ConfigError);
  });

  it('reports invalid YAML and missing files with the file name', () => {
    expect(() => loadConfig({ file: tmpFile('a: [\n'), env: {} })).toThrow(/invalid YAML/);
    expect(() => loadConfig({ file: '/nonexistent/ja4ws.yaml', env: {} })).toThrow(
      /\/nonexistent\/ja4ws.yaml: ENOENT/,
    );
  });

  it('maps JA4WS_ variables to nested camelCase keys', () => {
    expect(
      envToTree({ JA4WS_DATA_DIR: '/x', JA4WS_FINGERPRINTS__JA4PLUS: 'false', OTHER: '1' }),
    ).toEqual({
      dataDir: '/x',
      fingerprints: { ja4plus: false },
    });
  });

  it('reads lists from the environment in YAML flow style', () => {
    const c = loadConfig({
      env: { JA4WS_CAPTURE__INTERFACES: '[eth0, lo]', JA4WS_CORRELATOR__WINDOW_MS: '30000' },
    });
    expect(c.capture.interfaces).toEqual(['eth0', 'lo']);
    expect(c.correlator.windowMs).toBe(30_000);
  });

  it("validates the capture, ingest and correlator sections with their owners' schemas", () => {
    expect(() => loadConfig({ env: { JA4WS_CAPTURE__WORKER__SNAPLEN: '10' } })).toThrow(
      /capture.worker.snaplen/,
    );
    expect(() => loadConfig({ env: { JA4WS_INGEST__MAX_LINE_BYTES: '5' } })).toThrow(
      /ingest.maxLineBytes/,
    );
  });

  it('masks secrets', () => {
    const c = loadConfig({
      env: {
        JA4WS_STORE__KIND: 'remote',
        JA4WS_STORE__URL: 'http://127.0.0.1:8123',
        JA4WS_STORE__PASSWORD: 'hunter2',
      },
    });
    expect(c.store.kind).toBe('remote');
    expect(JSON.stringify(maskSecrets(c))).not.toContain('hunter2');
  });
});
