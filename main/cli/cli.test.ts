import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../common/util/errors.js';
import { runCli } from './program.js';

function capture() {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ja4ws command line', () => {
  it('config check prints the effective configuration with secrets masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-cli-'));
    const io = capture();
    vi.stubEnv('JA4WS_STORE__KIND', 'remote');
    vi.stubEnv('JA4WS_STORE__URL', 'http://127.0.0.1:8123');
    vi.stubEnv('JA4WS_STORE__PASSWORD', 's3cret-value');
    const code = await runCli(['config', 'check', '--data-dir', dir]);
    vi.unstubAllEnvs();
    expect(code).toBe(ExitCode.ok);
    expect(io.out()).toContain(`dataDir: ${dir}`);
    expect(io.out()).toContain('password: "***"');
    expect(io.out()).not.toContain('s3cret-value');
  });

  it('config errors exit 2 and name the key', async () => {
    const io = capture();
    vi.stubEnv('JA4WS_DAEMON__PORT', '99999');
    const code = await runCli(['config', 'check']);
    vi.unstubAllEnvs();
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toContain('daemon.port');
  });

  it('token rotate writes a new 0600 token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-cli-'));
    capture();
    expect(await runCli(['token', 'rotate', '-d', dir])).toBe(ExitCode.ok);
    const first = readFileSync(join(dir, 'api-token'), 'utf8');
    expect(await runCli(['token', 'rotate', '-d', dir])).toBe(ExitCode.ok);
    expect(readFileSync(join(dir, 'api-token'), 'utf8')).not.toBe(first);
    expect(statSync(join(dir, 'api-token')).mode & 0o777).toBe(0o600);
  });

  it('unknown commands are usage errors', async () => {
    capture();
    expect(await runCli(['no-such-command'])).toBe(ExitCode.usage);
  });
});
