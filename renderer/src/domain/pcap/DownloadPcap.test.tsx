import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { DownloadPcap } from './DownloadPcap.js';

const sel = { conn: ['10.0.0.5|51234|192.0.2.1|443|1733550000123456'] };

beforeEach(() => resetApp('search'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.ja4wsBridge;
});

describe('DownloadPcap', () => {
  it('in a browser: POSTs the selection to the streaming route and shows the truncation', async () => {
    const fetchMock = vi.fn(
      async () =>
        new Response(new Uint8Array([10, 13, 13, 10]), {
          status: 200,
          headers: {
            'content-disposition': 'attachment; filename="ja4ws-conn.pcapng"',
            'x-ja4ws-connections': '1',
            'x-ja4ws-packets': '40',
            'x-ja4ws-truncated': '1',
            'x-ja4ws-unavailable': '0',
          },
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    render(<DownloadPcap selection={sel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download pcap' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /Saved ja4ws-conn\.pcapng: 1 connection, 1 truncated/,
      ),
    );
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(new URL(url, 'http://ui.test').pathname).toBe('/api/v1/pcap.file');
    expect(JSON.parse(init.body as string)).toEqual(sel);
  });

  it('in the desktop: calls pcap.file over IPC (main shows the save dialog) and reports it', async () => {
    window.ja4wsBridge = { invoke: vi.fn() };
    const api = fakeApi({
      'pcap.file': async () => ({
        connections: 2,
        packets: 14,
        truncated: 0,
        unavailable: 0,
        saved: true,
        path: '/home/a/c.pcapng',
        bytes: 100,
      }),
    });
    render(<DownloadPcap selection={sel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download pcap' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toMatch(
        /Saved \/home\/a\/c\.pcapng: 2 connections, complete/,
      ),
    );
    expect(api.calls[0]).toMatchObject({ name: 'pcap.file', input: sel });
  });

  it('says why a download failed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        Response.json(
          { error: { code: 'input.invalid', message: 'no such thing' } },
          { status: 400 },
        ),
      ),
    );
    render(<DownloadPcap selection={sel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Download pcap' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toContain('Download failed: no such thing'),
    );
  });
});
