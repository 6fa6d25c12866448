// Issue 15 point 9: interface names and socket paths are validated where they enter: the API
// contract (settings.set, see daemon-http.test.ts for the HTTP round trip) and the configuration
// loader (file, environment, flags and the UI's settings.yaml).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interfaceNameProblem, socketPathProblem } from '../../common/api/names.js';
import { loadConfig } from '../../main/config/load.js';

const HOSTILE_IFACES = [
  'lo; id',
  '$(id)',
  '`id`',
  'eth0|nc',
  'eth0 ',
  'a/b',
  'eth0:1',
  '-w/tmp/x',
  '.',
  '..',
  '',
  'x'.repeat(16),
  'eth0\n',
  'ethé',
];
const GOOD_IFACES = [
  'lo',
  'eth0',
  'any',
  'enp0s31f6.100',
  'br-1a2b3c4d5e6f',
  'x'.repeat(15),
  'wlp0s20f3',
  'veth_a-1',
];

describe('interface names', () => {
  it.each(HOSTILE_IFACES)('refuses %j with a message naming it', (name) => {
    const problem = interfaceNameProblem(name);
    expect(problem).toBeDefined();
    if (name !== '') expect(problem).toContain(JSON.stringify(name));
  });
  it('accepts real interface names and any', () => {
    for (const n of GOOD_IFACES) expect(interfaceNameProblem(n), n).toBeUndefined();
  });
});

describe('socket paths', () => {
  it('refuses relative, un-normalised, control-character and over-long paths', () => {
    for (const p of [
      '../../../../etc/evil.socket',
      'http.socket',
      '/var/lib/ja4ws/../../../etc/evil.socket',
      '/run/ja4ws/./http.socket',
      '/run//ja4ws/http.socket',
      '/run/ja4ws/',
      '/run/ja4ws/a\u0000b',
      `/run/ja4ws/${'s'.repeat(100)}`,
    ])
      expect(socketPathProblem(p), p).toContain(JSON.stringify(p));
    expect(socketPathProblem(`/run/ja4ws/${'s'.repeat(107 - 11)}`)).toBeUndefined();
  });
});

describe('configuration loader', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-sec-cfg-'));
  const load = (flags: Record<string, unknown>) =>
    loadConfig({ env: {}, flags: { dataDir, ...flags }, settingsLayer: false });

  it('refuses a hostile interface from flags or the environment, naming the key and value', () => {
    expect(() => load({ capture: { interfaces: ['lo', 'lo; id'] } })).toThrow(
      /`capture\.interfaces\.1`: interface name "lo; id" may hold only/,
    );
    expect(() =>
      loadConfig({ env: { JA4WS_CAPTURE__INTERFACES: '[$(id)]', JA4WS_DATA_DIR: dataDir } }),
    ).toThrow(/`capture\.interfaces\.0`: .*"\$\(id\)"/);
  });

  it('keeps ingest sockets in the data directory or /run/ja4ws', () => {
    expect(() => load({ ingest: { httpSocket: '/etc/evil.socket' } })).toThrow(
      /`ingest\.httpSocket`: socket path "\/etc\/evil\.socket" must be inside the data directory or \/run\/ja4ws/,
    );
    expect(() => load({ ingest: { networkSocket: `${dataDir}/../evil.socket` } })).toThrow(
      /`ingest\.networkSocket`: .*must be normalised/,
    );
    expect(() => load({ ingest: { httpSocket: `${dataDir}-sibling/x.socket` } })).toThrow(
      /must be inside the data directory/,
    );
    const ok = load({
      ingest: {
        httpSocket: join(dataDir, 'http.socket'),
        networkSocket: '/run/ja4ws/network.socket',
      },
    });
    expect(ok.ingest.httpSocket).toBe(join(dataDir, 'http.socket'));
    expect(load({ ingest: { httpSocket: false } }).ingest.httpSocket).toBe(false);
  });

  it('refuses the same values in a settings.yaml written by hand', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-sec-layer-'));
    writeFileSync(
      join(dir, 'settings.yaml'),
      'ingest:\n  httpSocket: ../../../../etc/evil.socket\ncapture:\n  interfaces: [eth0]\n',
    );
    expect(() => loadConfig({ env: {}, flags: { dataDir: dir } })).toThrow(
      /`ingest\.httpSocket`: socket path "\.\.\/\.\.\/\.\.\/\.\.\/etc\/evil\.socket" must be absolute/,
    );
  });
});
