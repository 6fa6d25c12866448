import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTheme } from '../../core/theme/store.js';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { SettingsView } from './SettingsView.js';

const editable = {
  retention: { rawDays: 30, aggregateDays: 365 },
  captureInterfaces: ['eth0'],
  httpSocket: '/run/ja4ws/http.socket',
  networkSocket: '/run/ja4ws/network.socket',
};

beforeEach(() => resetApp('settings'));
afterEach(cleanup);

describe('SettingsView', () => {
  it('edits daemon settings and the browser theme', async () => {
    const api = fakeApi({
      'settings.get': async () => ({
        effective: {},
        editable,
        file: '/data/settings.yaml',
        restartRequired: false,
      }),
      'settings.set': async () => ({ editable, restartRequired: true }),
    });
    render(<SettingsView />);
    const raw = (await screen.findByRole('textbox', {
      name: 'Raw data retention (days)',
    })) as HTMLInputElement;
    expect(raw.value).toBe('30');
    fireEvent.change(raw, { target: { value: '14' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved. Restart the daemon to apply.')).toBeTruthy();
    expect(api.calls.find((c) => c.name === 'settings.set')!.input).toMatchObject({
      settings: { retention: { rawDays: 14, aggregateDays: 365 }, captureInterfaces: ['eth0'] },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), {
      target: { value: 'dark' },
    });
    expect(useTheme.getState().theme).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('shows the refusal and the error state', async () => {
    fakeApi({
      'settings.get': async () => ({
        effective: {},
        editable,
        file: '/data/settings.yaml',
        restartRequired: false,
      }),
      'settings.set': async () =>
        Promise.reject(new Error('settings.retention.rawDays: Too small')),
    });
    render(<SettingsView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Not saved: .*rawDays/)).toBeTruthy();
    cleanup();
    resetApp('settings');
    fakeApi({ 'settings.get': async () => Promise.reject(new Error('no config')) });
    render(<SettingsView />);
    expect((await screen.findByRole('alert')).textContent).toContain('no config');
  });
});
