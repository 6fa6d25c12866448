import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type IpcEnvelope, ipcChannel } from '../../../common/api/ipc.js';
import type { HandlerContext } from '../context.js';
import { bindIpc, type IpcEventLike, type IpcMainLike } from './bind-ipc.js';

function fakeIpc() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (url: string | null, ...args: unknown[]) =>
    handlers.get(ipcChannel)!(
      { senderFrame: url === null ? null : { url } },
      ...args,
    ) as Promise<IpcEnvelope>;
  return { ipc, handlers, invoke };
}

// health.status needs no store, so the binding is exercised without a database.
const ctx = {
  version: '1.2.3',
  startedAt: new Date('2026-01-01T00:00:00Z'),
  health: () => [{ name: 'api', state: 'ok' as const }],
} as unknown as HandlerContext;
const appUrl = 'app://ui/index.html';
const trusted = (url: string) => url.startsWith('app://ui/');

describe('IPC binding', () => {
  it('answers a valid call from the app UI', async () => {
    const { ipc, invoke } = fakeIpc();
    bindIpc(ipc, ctx, trusted, pino({ level: 'silent' }));
    const r = await invoke(appUrl, 'health.status', {});
    expect(r).toEqual({
      ok: true,
      value: {
        version: '1.2.3',
        startedAt: '2026-01-01T00:00:00.000Z',
        parts: [{ name: 'api', state: 'ok' }],
      },
    });
  });

  it('validates every payload against the contract and names the field', async () => {
    const { ipc, invoke } = fakeIpc();
    bindIpc(ipc, ctx, trusted, pino({ level: 'silent' }));
    const bad = await invoke(appUrl, 'handshakes.recent', { limit: -1 });
    expect(bad).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'input.invalid', field: 'limit', kind: 'invalid' },
    });
    expect(await invoke(appUrl, 'health.status', { injected: true })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await invoke(appUrl, 'no.such', {})).toMatchObject({ ok: false, status: 404 });
    expect(await invoke(appUrl, 42, {})).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses calls from any other frame', async () => {
    const { ipc, invoke } = fakeIpc();
    bindIpc(ipc, ctx, trusted, pino({ level: 'silent' }));
    expect(await invoke('https://evil.example/', 'health.status', {})).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await invoke(null, 'health.status', {})).toMatchObject({ ok: false, status: 403 });
  });

  it('unbinds', () => {
    const { ipc, handlers } = fakeIpc();
    const unbind = bindIpc(ipc, ctx, trusted, pino({ level: 'silent' }));
    unbind();
    expect(handlers.size).toBe(0);
  });
});
