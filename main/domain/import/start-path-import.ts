// Imports by path are limited to the configured import folders: the API must not become a way
// to make the daemon open arbitrary files on its host.
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ImportJob } from '../../../common/api/import.js';
import { ApiError } from '../../../common/api/api-error.js';
import type { ImportJobs } from './jobs.js';

export function startPathImport(
  jobs: ImportJobs,
  allowedDirs: readonly string[],
  path: string,
): ImportJob {
  if (!isAbsolute(path))
    throw new ApiError('invalid', 'import.path', `path must be absolute, got "${path}"`, 'path');
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ApiError('not_found', 'import.missing', `no such file: ${path}`, 'path');
  }
  const inside = allowedDirs.some((dir) => {
    let root: string;
    try {
      root = realpathSync(dir);
    } catch {
      return false;
    }
    const rel = relative(root, real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  if (!inside) {
    throw new ApiError(
      'forbidden',
      'import.outside',
      `${path} is outside the import folders (${allowedDirs.map((d) => resolve(d)).join(', ')}); copy it there or upload it`,
      'path',
    );
  }
  if (!statSync(real).isFile())
    throw new ApiError('invalid', 'import.not_file', `${path} is not a regular file`, 'path');
  return jobs.enqueue(real);
}
