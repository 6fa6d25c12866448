import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWindowState, loadWindowState, saveWindowState } from './window-state.js';

describe('window state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ja4ws-win-'));
  it('round-trips', () => {
    const file = join(dir, 'w.json');
    saveWindowState(file, { x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file)).toEqual({
      x: 10,
      y: 20,
      width: 1200,
      height: 800,
      maximized: true,
    });
  });
  it('falls back to the default on a missing, damaged or absurd file', () => {
    expect(loadWindowState(join(dir, 'none.json'))).toEqual(defaultWindowState);
    writeFileSync(join(dir, 'bad.json'), '{not json');
    expect(loadWindowState(join(dir, 'bad.json'))).toEqual(defaultWindowState);
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify({ width: 1, height: 1 }));
    expect(loadWindowState(join(dir, 'tiny.json'))).toEqual(defaultWindowState);
  });
});
