// Migration files: migrations/NNNN_name.sql, applied once each in version order. A file holds
// its up statements, then optionally a line `-- migrate:down` followed by the statements that
// undo it. The checksum covers the whole file (line endings normalised), so editing either
// half of an applied migration is detected.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../errors.js';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  path: string;
  checksum: string;
  up: string;
  /** undefined when the file has no `-- migrate:down` section. */
  down: string | undefined;
}

export const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const DOWN_MARKER = /^--\s*migrate:down\s*$/m;

/** The repository's migrations/ directory, found by walking up from this module (src or dist). */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new StoreError('migrate.invalid', 'cannot find the migrations/ directory');
    dir = parent;
  }
}

export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

export function parseMigration(file: string, text: string, path = file): MigrationFile {
  const m = FILE_PATTERN.exec(file);
  if (!m)
    throw new StoreError(
      'migrate.invalid',
      `migration file ${file}: name must look like 0001_name.sql`,
      { file },
    );
  const normalised = text.replace(/\r\n/g, '\n');
  const marker = DOWN_MARKER.exec(normalised);
  const up = marker ? normalised.slice(0, marker.index) : normalised;
  const down = marker ? normalised.slice(marker.index + marker[0].length) : undefined;
  return {
    version: Number(m[1]),
    name: m[2]!,
    file,
    path,
    checksum: checksumOf(normalised),
    up,
    down,
  };
}

export function loadMigrations(dirInput?: string): MigrationFile[] {
  const dir = resolve(dirInput ?? defaultMigrationsDir());
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new StoreError(
      'migrate.invalid',
      `cannot read migrations directory ${dir}`,
      { dir },
      { cause: err },
    );
  }
  const files = names
    .filter((n) => n.endsWith('.sql'))
    .map((n) => parseMigration(n, readFileSync(join(dir, n), 'utf8'), join(dir, n)))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.version === files[i - 1]!.version) {
      throw new StoreError(
        'migrate.invalid',
        `migrations ${files[i - 1]!.file} and ${files[i]!.file} share version ${files[i]!.version}`,
      );
    }
  }
  return files;
}
