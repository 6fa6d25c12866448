// Remote mode against a real daemon HTTP binding (no Electron needed): the IPC envelope carries
// the daemon's answers and its errors with status and field.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApiClient } from '../../../common/api/http-client.js';
import { type IpcEnvelope, ipcChannel } from '../../../common/api/ipc.js';
import { listenApi } from '../../../tests/support/api-server.js';
import { testContext } from '../../../tests/support/context.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import type { IpcEventLike } from './bind-ipc.js';
import { bindIpcRemote } from './bind-ipc-remote.js';

const token = 'remote-token-0123456789abcdefghijklmnopqrstuvwxyz';
let store: Store;
let server: Server;
let invoke: (url: string, ...args: unknown[]) => Promise<IpcEnvelope>;

beforeAll(async () => {
  store = await openStore({
    kind: 'embedded',
    dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-remote-')),
  });
  await migrateUp(store);
  const api = await listenApi(testContext(store), token, { maxBodyBytes: 4096 });
  server = api.server;
  const base = api.base;
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  bindIpcRemote(
    { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) },
    new HttpApiClient(base, () => token),
    (u) => u.startsWith('app://ui/'),
  );
  invoke = (url, ...args) =>
    handlers.get(ipcChannel)!({ senderFrame: { url } }, ...args) as Promise<IpcEnvelope>;
});

afterAll(async () => {
  server?.close();
  await store?.close();
});

describe('desktop remote mode', () => {
  it('forwards calls to the daemon and returns its answers', async () => {
    const r = await invoke('app://ui/index.html', 'health.status', {});
    expect(r).toMatchObject({ ok: true, value: { version: 'test' } });
  });
  it("carries the daemon's validation errors with the field and the kind", async () => {
    expect(await invoke('app://ui/index.html', 'handshakes.recent', { limit: 0 })).toMatchObject({
      ok: false,
      status: 400,
      error: { field: 'limit', kind: 'invalid' },
    });
  });
  it('refuses other frames and unknown operations before reaching the daemon', async () => {
    expect(await invoke('https://evil.example/', 'health.status', {})).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await invoke('app://ui/index.html', 'fs.read', {})).toMatchObject({
      ok: false,
      status: 404,
    });
  });
});
