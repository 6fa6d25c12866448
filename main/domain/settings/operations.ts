// Settings changed from the UI live in <dataDir>/settings.yaml, a configuration layer between the
// configuration file and the environment. A change is validated against the whole configuration
// before it is written, and takes effect at the next start.
import { renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { EditableSettings } from '../../../common/api/settings.js';
import { describeIssues } from '../../../common/util/zod-issues.js';
import { ApiError } from '../../../common/api/api-error.js';
import { deepMerge, maskSecrets } from '../../config/load.js';
import { readSettingsLayer, settingsFile } from '../../config/settings-layer.js';
import { Config } from '../../config/schema.js';

export function editableOf(config: Config): EditableSettings {
  const retention =
    'retention' in config.store ? config.store.retention : { rawDays: 30, aggregateDays: 365 };
  return {
    retention: { rawDays: retention.rawDays, aggregateDays: retention.aggregateDays },
    captureInterfaces: [...config.capture.interfaces],
    httpSocket: typeof config.ingest.httpSocket === 'string' ? config.ingest.httpSocket : '',
    networkSocket:
      typeof config.ingest.networkSocket === 'string' ? config.ingest.networkSocket : '',
  };
}

function layerOf(s: Partial<EditableSettings>): Record<string, unknown> {
  const layer: Record<string, Record<string, unknown>> = {};
  if (s.retention) layer.store = { retention: s.retention };
  if (s.captureInterfaces) layer.capture = { interfaces: s.captureInterfaces };
  const ingest: Record<string, unknown> = {};
  if (s.httpSocket !== undefined)
    ingest.httpSocket = s.httpSocket === '' ? undefined : s.httpSocket;
  if (s.networkSocket !== undefined)
    ingest.networkSocket = s.networkSocket === '' ? undefined : s.networkSocket;
  if (Object.keys(ingest).length > 0) layer.ingest = ingest;
  return layer;
}

export function getSettings(running: Config) {
  const file = settingsFile(running.dataDir);
  const saved = Config.safeParse(
    deepMerge(
      JSON.parse(JSON.stringify(running)) as Record<string, unknown>,
      readSettingsLayer(running.dataDir),
    ),
  );
  const pending = saved.success ? editableOf(saved.data) : editableOf(running);
  return {
    effective: maskSecrets(running),
    editable: pending,
    file,
    restartRequired: JSON.stringify(pending) !== JSON.stringify(editableOf(running)),
  };
}

export function setSettings(running: Config, change: Partial<EditableSettings>) {
  const file = settingsFile(running.dataDir);
  const layer = deepMerge(readSettingsLayer(running.dataDir), layerOf(change));
  const candidateInput = deepMerge(
    JSON.parse(JSON.stringify(running)) as Record<string, unknown>,
    layer,
  );
  const candidate = Config.safeParse(candidateInput);
  if (!candidate.success) {
    // Named as the UI's settings form names it, with the configuration key when that differs.
    const [p] = describeIssues(candidate.error.issues, candidateInput, {
      name: (key) => {
        const field = settingsFieldOf(key);
        return `\`${field}\`${field.endsWith(key) ? '' : ` (${key})`}`;
      },
    });
    const field = p ? settingsFieldOf(p.path) : undefined;
    throw new ApiError('invalid', 'settings.invalid', p?.message ?? 'invalid settings', field);
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    `# Settings changed from the UI; they apply at the next start.\n${stringify(layer)}`,
    { mode: 0o600 },
  );
  renameSync(tmp, file);
  const editable = editableOf(candidate.data);
  return {
    editable,
    restartRequired: JSON.stringify(editable) !== JSON.stringify(editableOf(running)),
  };
}

/** The settings.set input field a configuration key came from, so the UI can point at it. */
function settingsFieldOf(configKey: string): string {
  const map: [string, string][] = [
    ['store.retention', 'settings.retention'],
    ['capture.interfaces', 'settings.captureInterfaces'],
    ['ingest.httpSocket', 'settings.httpSocket'],
    ['ingest.networkSocket', 'settings.networkSocket'],
  ];
  for (const [from, to] of map)
    if (configKey === from || configKey.startsWith(`${from}.`))
      return to + configKey.slice(from.length);
  return configKey;
}
