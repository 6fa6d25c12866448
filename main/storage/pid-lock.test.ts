import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from './pid-lock.js';
import { openStore } from './store.js';
import { StoreError } from './errors.js';
import { tempDir } from './testing/temp-dir.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function holdStore(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'testing/hold-store.ts'), dir],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

async function openError(dir: string): Promise<StoreError> {
  try {
    const s = await openStore({ kind: 'embedded', dataDir: dir });
    await s.close();
  } catch (err) {
    return err as StoreError;
  }
  throw new Error('openStore unexpectedly succeeded');
}

describe('embedded data directory ownership', () => {
  it('a second process fails with store.locked naming the directory and the owner PID', async () => {
    const dir = tempDir();
    const holder = await holdStore(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(holder.pid));
    const err = await openError(dir);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('store.locked');
    expect(err.message).toContain(dir);
    expect(err.message).toContain(String(holder.pid));
    holder.stdin!.end();
    await new Promise((r) => holder.once('exit', r));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it("translates chDB's own 'Cannot lock file .../status' when the PID file is gone", async () => {
    const dir = tempDir();
    const holder = await holdStore(dir);
    unlinkSync(join(dir, LOCK_FILE));
    const err = await openError(dir);
    expect(err.code).toBe('store.locked');
    expect(err.message).toContain(dir);
    expect(err.message).toContain(String(holder.pid));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
  });

  it('takes over a stale PID file left by a killed process, then releases it on close', async () => {
    const dir = tempDir();
    const holder = await holdStore(dir);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // kill -9 cannot clean up
    const store = await openStore({ kind: 'embedded', dataDir: dir });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('rejects an invalid configuration naming the key', async () => {
    await expect(openStore({ kind: 'embedded', dataDir: '' })).rejects.toThrow(/dataDir/);
    await expect(openStore({ kind: 'remote', url: 'ftp://x' } as never)).rejects.toThrow(/url/);
  });
});
