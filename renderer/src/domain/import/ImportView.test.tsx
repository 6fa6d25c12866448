import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportJob } from '../../../../common/api/import.js';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { ImportView } from './ImportView.js';

const job = (over: Partial<ImportJob>): ImportJob => ({
  id: 'j1',
  file: 'capture.pcapng',
  state: 'running',
  totalBytes: 1000,
  bytesRead: 400,
  packets: 12_000,
  connections: 80,
  startedAt: '2026-11-24T10:00:00Z',
  finishedAt: null,
  secondsLeft: 12,
  error: null,
  dataFrom: null,
  dataTo: null,
  ...over,
});

beforeEach(() => resetApp('import'));
afterEach(cleanup);

describe('ImportView', () => {
  it('shows jobs with progress, packets, connections and time left', async () => {
    fakeApi({
      'import.jobs': async () => ({
        jobs: [
          job({}),
          job({ id: 'j2', file: 'bad.pcap', state: 'failed', error: 'not a capture file' }),
          job({
            id: 'j3',
            file: 'old.pcap',
            state: 'done',
            bytesRead: 1000,
            dataFrom: '2019-03-01T10:00:00.000Z',
            dataTo: '2019-03-01T11:00:00.000Z',
          }),
        ],
      }),
    });
    render(<ImportView />);
    const table = within(await screen.findByRole('table', { name: 'Import jobs' }));
    expect(
      (table.getByRole('progressbar', { name: 'capture.pcapng: 40%' }) as HTMLProgressElement)
        .value,
    ).toBe(0.4);
    expect(table.getAllByText('12,000')).toHaveLength(3);
    expect(table.getAllByText('12.0 s')).toHaveLength(3);
    expect(table.getByText('not a capture file')).toBeTruthy();
    // A failed job shows how far it got, not a full bar.
    expect(table.getByText(/stopped at 40%/)).toBeTruthy();
    // Imported data lives at its capture time: the job links there.
    expect(
      table.getByRole('link', { name: 'View the imported data' }).getAttribute('href'),
    ).toContain('from=2019-03-01T10%3A00%3A00.000Z');
    expect(screen.getByText(/Drop .pcap or .pcapng files here/)).toBeTruthy();
  });

  it('starts an import by path and reports refusals', async () => {
    const api = fakeApi({
      'import.jobs': async () => ({ jobs: [] }),
      'import.start': async () =>
        Promise.reject(new Error('the path is outside the import folders')),
    });
    render(<ImportView />);
    expect(await screen.findByText(/No import yet/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '/etc/passwd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText(/outside the import folders/)).toBeTruthy();
    expect(api.calls.find((c) => c.name === 'import.start')!.input).toEqual({
      path: '/etc/passwd',
    });
  });

  it('shows the error state', async () => {
    fakeApi({ 'import.jobs': async () => Promise.reject(new Error('no importer')) });
    render(<ImportView />);
    expect((await screen.findByRole('alert')).textContent).toContain('no importer');
  });
});
