// Where the built UI is, from the source tree (tsx, tests) or from dist/ (installed).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function rendererDir(): string {
  const candidates = ['../../renderer', '../../dist/renderer', '../../../dist/renderer'];
  for (const rel of candidates) {
    const dir = fileURLToPath(new URL(`${rel}/`, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  // Not built: the static handler answers with a message saying how to build.
  return fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
}
