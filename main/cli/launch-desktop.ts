// `ja4ws` with no arguments starts the desktop app: the Electron binary from ELECTRON_PATH or the
// npm package, running this project's Electron main. Without one it says what to do instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../common/util/errors.js';

export function electronBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.ELECTRON_PATH,
    fileURLToPath(new URL('../../node_modules/electron/dist/electron', import.meta.url)),
    fileURLToPath(new URL('../../../node_modules/electron/dist/electron', import.meta.url)),
  ];
  return candidates.find((c): c is string => c !== undefined && c !== '' && existsSync(c));
}

export async function launchDesktop(): Promise<number> {
  const binary = electronBinary();
  if (!binary) {
    throw new AppError(
      'desktop.unavailable',
      'no Electron binary found (set ELECTRON_PATH to an Electron 41 build, or install the desktop package); the headless daemon needs none: ja4ws --daemon',
    );
  }
  const main = fileURLToPath(new URL('../shell/electron/main.js', import.meta.url));
  const child = spawn(binary, [main], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
