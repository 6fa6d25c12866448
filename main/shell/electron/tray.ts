// Tray icon whose tooltip says whether capture is running, so the state is visible with the
// window closed to the tray or hidden behind others.
import { fileURLToPath } from 'node:url';
import { Menu, nativeImage, Tray, type BrowserWindow } from 'electron';
import type { z } from 'zod';
import type { PartHealth } from '../../../common/api/health.js';

type Health = z.infer<typeof PartHealth>;

export function captureSummary(parts: readonly Health[]): string {
  const captures = parts.filter((p) => p.name.startsWith('capture:'));
  if (captures.length === 0) return 'no live capture configured';
  const down = captures.filter((p) => p.state === 'down' || p.state === 'degraded');
  if (down.length === 0) return `capturing on ${captures.map((p) => p.name.slice(8)).join(', ')}`;
  return `capture problem on ${down.map((p) => p.name.slice(8)).join(', ')}`;
}

export function installTray(
  win: () => BrowserWindow | undefined,
  health: () => Health[],
): () => void {
  const icon = nativeImage.createFromPath(
    fileURLToPath(new URL('../../../../build/icons/32x32.png', import.meta.url)),
  );
  const tray = new Tray(icon);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show ja4-workstation', click: () => win()?.show() },
      { role: 'quit' },
    ]),
  );
  const update = () => tray.setToolTip(`ja4-workstation: ${captureSummary(health())}`);
  update();
  const timer = setInterval(update, 5_000);
  return () => {
    clearInterval(timer);
    tray.destroy();
  };
}
