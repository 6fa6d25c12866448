import { describe, expect, it, vi } from 'vitest';

// tray.ts imports electron for the Tray itself; the summary is plain logic.
vi.mock('electron', () => ({}));
const { captureSummary } = await import('./tray.js');

describe('tray capture summary', () => {
  it('says what capture is doing', () => {
    expect(captureSummary([{ name: 'store', state: 'ok' }])).toBe('no live capture configured');
    expect(
      captureSummary([
        { name: 'capture:eth0', state: 'ok' },
        { name: 'capture:lo', state: 'ok' },
      ]),
    ).toBe('capturing on eth0, lo');
    expect(captureSummary([{ name: 'capture:eth0', state: 'down', detail: 'no privileges' }])).toBe(
      'capture problem on eth0',
    );
  });
});
