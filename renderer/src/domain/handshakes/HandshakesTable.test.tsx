import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../../common/api/contract.js';
import type { HandshakeRow } from '../../../../common/api/handshakes.js';
import { ApiCallError } from '../../../../common/api/http-client.js';
import { setApiClient } from '../../core/api/client.js';
import { useAuth } from '../../core/auth/store.js';
import { HandshakesTable } from './HandshakesTable.js';
import { useHandshakes } from './store.js';

const row: HandshakeRow = {
  ts: '2023-06-23T21:25:49.350741Z',
  sensor: 'import:latest.pcapng',
  src: '172.16.225.48',
  src_port: 52941,
  dst: '52.249.29.248',
  dst_port: 443,
  tls_server_name: 'data-edge.smartscreen.microsoft.com',
  ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
  ja4s: 't120300_c030_09f674154ab3',
  ja3: 'ce7b86965aaa85032ad3da178bf354d9',
};

function client(answer: () => Promise<unknown>): ApiClient {
  return { call: (() => answer()) as ApiClient['call'] };
}

afterEach(() => {
  cleanup();
  useHandshakes.setState({ rows: [], status: 'idle', error: undefined });
});

describe('HandshakesTable', () => {
  it('shows a loading state first, then the rows', async () => {
    let release!: (v: unknown) => void;
    setApiClient(client(() => new Promise((r) => (release = r))));
    render(<HandshakesTable />);
    expect(screen.getByRole('status').textContent).toMatch(/Loading/);
    release({ rows: [row] });
    expect(await screen.findByRole('cell', { name: row.tls_server_name })).toBeTruthy();
    expect(screen.getByRole('cell', { name: row.ja4 })).toBeTruthy();
  });

  it('says what to do when the store is empty', async () => {
    setApiClient(client(async () => ({ rows: [] })));
    render(<HandshakesTable />);
    expect((await screen.findByText(/No handshakes stored yet/)).textContent).toMatch(
      /ja4ws import/,
    );
  });

  it('shows the error with a retry button', async () => {
    setApiClient(client(async () => Promise.reject(new Error('store unreachable'))));
    render(<HandshakesTable />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('store unreachable');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('sends the analyst back to the token form on 401', async () => {
    useAuth.setState({ needToken: false });
    setApiClient(
      client(async () =>
        Promise.reject(new ApiCallError(401, 'auth.required', 'missing bearer token')),
      ),
    );
    render(<HandshakesTable />);
    await screen.findByRole('alert');
    expect(useAuth.getState().needToken).toBe(true);
  });
});
