// `migrate verify`: applied files unchanged, nothing pending, and (see drift.ts) the live schema
// equal to what the applied migrations produce.
import type { Store } from '../store.js';
import { loadMigrations } from './load.js';
import { migrationStatus } from './runner.js';

export interface VerifyReport {
  ok: boolean;
  lines: string[];
}

export async function verifySchema(store: Store): Promise<VerifyReport> {
  const files = loadMigrations(store.migrationsDir);
  const status = await migrationStatus(store, files);
  const lines: string[] = [];
  for (const s of status) {
    const name = s.file ?? `${String(s.version).padStart(4, '0')}_${s.name}.sql`;
    if (s.state === 'changed')
      lines.push(`CHANGED  ${name}: file differs from the applied checksum`);
    if (s.state === 'missing') lines.push(`MISSING  ${name}: applied but the file is gone`);
    if (s.state === 'pending') lines.push(`PENDING  ${name}: not applied (run migrate up)`);
  }
  const ok = lines.length === 0;
  if (ok) lines.push(`ok: ${status.length} migrations applied, checksums match`);
  return { ok, lines };
}
