import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../../common/api/http-client.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { SqlConsoleView } from './SqlConsoleView.js';
import { useSqlDraft } from './store.js';

const schema = async () => ({
  tables: [
    {
      name: 'tls_handshakes',
      engine: 'MergeTree',
      columns: [{ name: 'ja4', type: 'LowCardinality(String)' }],
    },
  ],
});

beforeEach(() => {
  resetApp('sql');
  useSqlDraft.getState().setText('SELECT 1');
});
afterEach(cleanup);

describe('SqlConsoleView', () => {
  it('browses the schema, runs the query and shows the result', async () => {
    const d = deferred();
    const api = fakeApi({ 'sql.schema': schema, 'sql.query': () => d.promise });
    render(<SqlConsoleView />);
    expect(await screen.findByText('tls_handshakes')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'ja4' }));
    expect((screen.getByLabelText(/Query/) as HTMLTextAreaElement).value).toBe('SELECT 1 ja4');
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(screen.getByText(/Loading the query result/)).toBeTruthy();
    expect(api.calls.find((c) => c.name === 'sql.query')!.input).toEqual({
      sql: 'SELECT 1 ja4',
      maxRows: 1000,
    });
    d.resolve({
      columns: [{ name: 'ja4', type: 'String' }],
      rows: [['t13d'], [null]],
      truncated: true,
      elapsedMs: 12,
    });
    const table = await screen.findByRole('table', { name: 'Query result' });
    expect(within(table).getByText('NULL')).toBeTruthy();
    expect(screen.getByText(/2 rows in 12 ms — more rows exist/)).toBeTruthy();
  });

  it('says when the result was cut at the byte limit', async () => {
    fakeApi({
      'sql.schema': schema,
      'sql.query': async () => ({
        columns: [{ name: 's', type: 'String' }],
        rows: [['x']],
        truncated: true,
        truncatedBy: 'bytes',
        elapsedMs: 3,
      }),
    });
    render(<SqlConsoleView />);
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText(/cut at the console’s 16 MB limit/)).toBeTruthy();
  });

  it('says when a query returns nothing', async () => {
    fakeApi({
      'sql.schema': schema,
      'sql.query': async () => ({
        columns: [{ name: 'x', type: 'UInt8' }],
        rows: [],
        truncated: false,
        elapsedMs: 1,
      }),
    });
    render(<SqlConsoleView />);
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText('The query returned no rows.')).toBeTruthy();
  });

  it('shows the refusal of a write', async () => {
    fakeApi({
      'sql.schema': schema,
      'sql.query': async () => {
        throw new ApiCallError(
          400,
          'sql.not_read_only',
          'the console runs read-only queries',
          'sql',
        );
      },
    });
    render(<SqlConsoleView />);
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect((await screen.findByRole('alert')).textContent).toContain('read-only');
  });

  it('shows a schema error', async () => {
    fakeApi({ 'sql.schema': async () => Promise.reject(new Error('no store')) });
    render(<SqlConsoleView />);
    expect((await screen.findByRole('alert')).textContent).toContain('no store');
  });
});
