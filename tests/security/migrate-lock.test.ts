// Issue 15 point 6: `ja4ws migrate` means by --data-dir what every command means (the data
// directory; the embedded store is its store/), takes the same lock, and so refuses while a daemon
// runs there, naming its PID, instead of reporting "pending" from a second engine opened inside
// the live store. With the daemon stopped it reports the migrations the daemon applied.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../main/storage/migrations/load.js';
import {
  removeDir,
  runCli,
  startDaemon,
  tempDataDir,
  type RunningDaemon,
} from '../support/daemon.js';

let daemon: RunningDaemon;
let dataDir: string;
const migrations = loadMigrations();

beforeAll(async () => {
  dataDir = tempDataDir('ja4ws-sec-migrate-');
  daemon = await startDaemon(dataDir);
}, 90_000);

afterAll(async () => {
  await daemon?.stop();
  removeDir(dataDir);
});

/** Directories a second engine would have created: its catalogue next to the live store, or in it. */
function strayEngineDirs(): string[] {
  return [
    join(dataDir, 'metadata'),
    join(dataDir, 'store', 'store', 'metadata'),
    join(dataDir, 'store', 'metadata', 'metadata'),
  ].filter(existsSync);
}

describe('ja4ws migrate against a running daemon', () => {
  it('refuses with exit 3 naming the daemon PID, by flag and by JA4WS_DATA_DIR', () => {
    const pid = daemon.process.pid!;
    for (const sub of ['status', 'verify', 'up']) {
      const r = runCli(['migrate', sub, '--data-dir', dataDir]);
      expect(r.status, `${sub}: ${r.stdout}${r.stderr}`).toBe(3);
      expect(r.stderr).toContain(`in use by process ${pid}`);
      expect(r.stdout).not.toMatch(/pending/);
    }
    const env = runCli(['migrate', 'status'], { JA4WS_DATA_DIR: dataDir });
    expect(env.status).toBe(3);
    expect(env.stderr).toContain(`process ${pid}`);
    expect(runCli(['import', '--data-dir', dataDir, '/dev/null']).status).toBe(3);
  });

  it('refuses the store folder itself, or a folder inside it, with the daemon PID too', () => {
    for (const dir of [join(dataDir, 'store'), join(dataDir, 'store', 'store')]) {
      const r = runCli(['migrate', 'status', '--data-dir', dir]);
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toContain(`process ${daemon.process.pid!}`);
    }
    expect(strayEngineDirs()).toEqual([]);
  });
});

describe('ja4ws migrate once the daemon stopped', () => {
  it('reports every migration the daemon applied as applied', async () => {
    await daemon.stop();
    const r = runCli(['migrate', 'status', '--data-dir', dataDir]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(migrations.length);
    for (const [i, m] of migrations.entries())
      expect(lines[i]).toMatch(
        new RegExp(
          `^${String(m.version).padStart(4, '0')} +applied +${m.file.replace('.', '\\.')} `,
        ),
      );
    const verify = runCli(['migrate', 'verify', '--data-dir', dataDir]);
    expect(verify.status, verify.stdout).toBe(0);
    expect(strayEngineDirs()).toEqual([]);
  });

  it('refuses to open a second engine inside the store or around it, saying which directory to give', () => {
    const inside = runCli(['migrate', 'status', '--data-dir', join(dataDir, 'store')]);
    expect(inside.status).toBe(1);
    expect(inside.stderr).toContain(`is inside the embedded store ${join(dataDir, 'store')}`);
    // A configuration naming the data directory itself as the store (the old --data-dir meaning).
    const around = runCli(['migrate', 'status', '--data-dir', dataDir], {
      JA4WS_STORE__DATA_DIR: dataDir,
    });
    expect(around.status).toBe(1);
    expect(around.stderr).toContain(`holds the embedded store ${join(dataDir, 'store')}`);
    expect(strayEngineDirs()).toEqual([]);
  });
});
