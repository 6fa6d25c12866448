// Settings changed from the UI are kept in <dataDir>/settings.yaml: a configuration layer above
// the configuration file and below the environment and flags.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../../common/util/errors.js';

export function settingsFile(dataDir: string): string {
  return join(dataDir, 'settings.yaml');
}

export function readSettingsLayer(dataDir: string): Record<string, unknown> {
  const file = settingsFile(dataDir);
  if (!existsSync(file)) return {};
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new AppError(
      'config.yaml',
      `settings file ${file}: invalid YAML: ${(err as Error).message.split('\n')[0]}`,
      { file },
    );
  }
  return doc && typeof doc === 'object' && !Array.isArray(doc)
    ? (doc as Record<string, unknown>)
    : {};
}
